import CloudFormation
import Foundation
import Testing

@testable import IAM

/// The files under `policies/<env>/`: intrinsics resolved, canonical JSON, parliament-clean.
@Suite struct PolicyFileTests {
  let resolver = IntrinsicResolver(
    environment: .init(region: "eu-west-1", accountID: "123456789012"),
    resourceTypes: [
      "ResultsTable": "AWS::DynamoDB::Table", "ImagesBucket": "AWS::S3::Bucket",
      "Faces": "AWS::Rekognition::Collection", "Pipeline": "AWS::StepFunctions::StateMachine",
      "DetectLogs": "AWS::Logs::LogGroup",
    ],
    physicalNames: ["ImagesBucket": "facestack-dev-images"])

  @Test func intrinsicsResolve() {
    #expect(
      resolver.resolve(.getAtt("ResultsTable", "Arn"))
        == "arn:aws:dynamodb:eu-west-1:123456789012:table/${ResultsTable}")
    #expect(
      resolver.resolve(.sub("arn:${AWS::Partition}:s3:::${ImagesBucket}/input/*"))
        == "arn:aws:s3:::facestack-dev-images/input/*")
    #expect(
      resolver.resolve(.ref("Pipeline"))
        == "arn:aws:states:eu-west-1:123456789012:stateMachine:${Pipeline}")
    #expect(
      resolver.resolve(.sub("${Faces.Arn}"))
        == "arn:aws:rekognition:eu-west-1:123456789012:collection/${Faces}")
    #expect(
      resolver.resolve(.sub("arn:aws:s3:::b/${!aws:username}/*"))
        == "arn:aws:s3:::b/${aws:username}/*")
    #expect(resolver.resolve(.join(":", ["a", .ref(.region)])) == "a:eu-west-1")
    #expect(resolver.resolve(.ifThen("C", "a", "b")) == .ifThen("C", "a", "b"))
  }

  /// Policies of the pipeline's shape, as synth will write them.
  var pipelinePolicies: [String: PolicyDocument] {
    [
      "DetectRole.json": PolicyDocument(statements: [
        allow(["s3:GetObject"], on: [.sub("arn:${AWS::Partition}:s3:::${ImagesBucket}/input/*")]),
        allow(
          ["s3:ListBucket"], on: [.getAtt("ImagesBucket", "Arn")],
          conditions: [Condition(.stringLike, "s3:prefix", ["input/*"])]),
        allow(["rekognition:DetectFaces"]),
        allow(["rekognition:SearchFacesByImage"], on: [.getAtt("Faces", "Arn")]),
        allow(["logs:CreateLogStream", "logs:PutLogEvents"], on: [.getAtt("DetectLogs", "Arn")]),
      ]),
      "StoreRole.json": PolicyDocument(statements: [
        allow(["dynamodb:BatchWriteItem", "dynamodb:Query"], on: [.getAtt("ResultsTable", "Arn")]),
        allow(
          ["s3:PutObject"], on: [.sub("arn:${AWS::Partition}:s3:::${ImagesBucket}/processed/*")]),
      ]),
      "PipelineRole.json": PolicyDocument(statements: [
        allow(
          ["lambda:InvokeFunction"],
          on: [
            .sub(
              "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:facestack-dev-*"
            )
          ])
      ]),
      "PipelineRole.trust.json": .trust(
        services: ["states.amazonaws.com"],
        conditions: [Condition(.stringEquals, "aws:SourceAccount", [.ref(.accountId)])]),
    ]
  }

  @Test func pipelinePoliciesValidateAndReviewClean() throws {
    let catalog = try IAMCatalog.bundled()
    let validator = PolicyValidator(
      catalog: catalog, resolver: ResourcePatternResolver(resourceTypes: resolver.resourceTypes))
    for (name, document) in pipelinePolicies where !name.hasSuffix(".trust.json") {
      #expect(validator.validate(document, location: name) == [])
      // Resolved files validate too (the `${LogicalID}` placeholders match as wildcards).
      #expect(
        PolicyValidator(catalog: catalog).validate(resolver.resolve(document), location: name) == []
      )
    }
    let roles = try RoleLoader.roles(
      files: pipelinePolicies.map {
        ($0.key, Array(PolicyWriter.json(resolver.resolve($0.value)).utf8))
      })
    let review = IAMReviewer(catalog: catalog, accountID: "123456789012").review(roles: roles)
    #expect(review.roles.flatMap(\.findings) == [])
  }

  static let parliament: String? = {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
      let path = "\(directory)/parliament"
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
  }()

  /// parliament (pinned in the test requirements) reports nothing on written policy files;
  /// trust policies are excluded, since parliament reads every file as an identity policy.
  @Test(.enabled(if: parliament != nil)) func parliamentIsQuiet() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "facestack-parliament-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for (name, document) in pipelinePolicies {
      try Data(PolicyWriter.json(resolver.resolve(document)).utf8).write(
        to: folder.appendingPathComponent(name))
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(Self.parliament))
    process.arguments = [
      "--directory", folder.path, "--include_policy_extension", ".json", "--exclude_pattern",
      ".*\\.trust\\.json",
    ]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(text == "")
    #expect(process.terminationStatus == 0)
  }
}
