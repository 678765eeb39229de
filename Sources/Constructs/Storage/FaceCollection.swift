import CloudFormation
import IAM
import ResourceTypes

/// A Rekognition face collection. It holds the enrolled faces, so it is stateful everywhere:
/// retained on delete and on replacement, and flagged by diffs that would replace it.
///
/// ```swift
/// let faces = FaceCollection(stack, "Faces", collectionId: "\(prefix)-faces")
/// faces.grant([.searchFacesByImage], to: detect.role)
/// ```
public final class FaceCollection: Construct {
  /// Collection actions a grant can give.
  public enum Action: String, Sendable, CaseIterable {
    case searchFacesByImage = "rekognition:SearchFacesByImage"
    case searchFaces = "rekognition:SearchFaces"
    case indexFaces = "rekognition:IndexFaces"
    case listFaces = "rekognition:ListFaces"
    case deleteFaces = "rekognition:DeleteFaces"
    case describeCollection = "rekognition:DescribeCollection"
  }

  /// The `AWS::Rekognition::Collection` resource.
  public let resource: CfnResource
  /// The collection's ID.
  public let collectionId: String

  /// A collection with `collectionId`.
  public init(
    _ scope: Construct, _ id: String, collectionId: String, file: String = #fileID,
    line: Int = #line
  ) {
    self.collectionId = collectionId
    resource = CfnResource(
      detached: LogicalID.defaultChild, RekognitionCollection(collectionId: .literal(collectionId)),
      file: file,
      line: line)
    resource.retain()
    super.init(scope, id, file: file, line: line)
    adopt(resource)
  }

  /// The collection's ARN.
  public var arn: ARN { ARN(resource.getAtt("Arn"), resourceType: RekognitionCollection.typeName) }

  /// Grants collection actions.
  public func grant(_ actions: [Action], to role: Role, file: String = #fileID, line: Int = #line) {
    role.allow(actions.map(\.rawValue), on: [arn], file: file, line: line)
  }

  /// Grants searching the collection by image.
  public func grantSearch(to role: Role, file: String = #fileID, line: Int = #line) {
    grant([.searchFacesByImage], to: role, file: file, line: line)
  }

  /// Grants adding faces to the collection.
  public func grantIndex(to role: Role, file: String = #fileID, line: Int = #line) {
    grant([.indexFaces], to: role, file: file, line: line)
  }
}
