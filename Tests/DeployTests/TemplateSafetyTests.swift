import AWSClient
import CloudFormation
import Foundation
import Testing

@testable import Deploy

@Suite("bootstrap template, stack policy and coverage")
struct TemplateSafetyTests {
  @Test func bootstrapBucketIsEncryptedVersionedPrivateTLSOnlyAndRetained() throws {
    let template = BootstrapTemplate.template(namePrefix: "facestack-dev", tags: ["Project": "p"])
    let bucket = try #require(template.resources["AssetsBucket"])
    #expect(bucket.deletionPolicy == .retain && bucket.updateReplacePolicy == .retain)
    #expect(bucket.properties["VersioningConfiguration"] == ["Status": "Enabled"])
    #expect(bucket.properties["BucketEncryption"] != nil)
    #expect(
      bucket.properties["PublicAccessBlockConfiguration"]?.mapValue?.values.allSatisfy {
        $0 == .bool(true)
      } == true)
    let yaml = try TemplateWriter.write(template, as: .yaml)
    #expect(yaml.contains("aws:SecureTransport"))
    #expect(template.outputs["AssetsBucketName"]?.exportName == "facestack-dev-assets-bucket")
    #expect(BootstrapTemplate.stackName(namePrefix: "facestack-dev") == "facestack-dev-bootstrap")
  }

  @Test func stackPolicyDeniesReplaceAndDeleteOfStatefulResourcesOnly() {
    let template = Template(resources: [
      "Images": Resource(type: "AWS::S3::Bucket"),
      "Results": Resource(type: "AWS::DynamoDB::Table"),
      "Detect": Resource(type: "AWS::Lambda::Function"),
      "Kept": Resource(type: "AWS::SNS::Topic", deletionPolicy: .retain),
    ])
    #expect(
      StackPolicy.body(for: template)
        == #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"Update:*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":["Update:Replace","Update:Delete"],"Resource":["LogicalResourceId/Images","LogicalResourceId/Kept","LogicalResourceId/Results"]}]}"#
    )
  }

  @Test func coverageNamesWhatTheEmulatorSkippedAndOutputsAreResolved() {
    let template = Template(
      resources: [
        "Images": Resource(type: "AWS::S3::Bucket"),
        "Faces": Resource(type: "AWS::Rekognition::Collection"),
        "Alarm1": Resource(type: "AWS::CloudWatch::Alarm"),
        "Alarm2": Resource(type: "AWS::CloudWatch::Alarm"),
      ],
      outputs: [
        "ImagesBucketName": Output(value: .ref("Images")),
        "FaceCollectionId": Output(value: "dev-faces"),
        "BucketArn": Output(value: .getAtt("Images", "Arn")),
        "Assets": Output(value: .ref("AssetsBucket")),
      ])
    let deployed = [
      StackResourceSummary(
        logicalResourceID: "Images", physicalResourceID: "dev-images",
        resourceType: "AWS::S3::Bucket", resourceStatus: "CREATE_COMPLETE")
    ]
    let missing = EmulatorCoverage.missing(template: template, deployed: deployed)
    #expect(missing.map(\.logicalID) == ["Faces", "Alarm1", "Alarm2"])
    #expect(
      EmulatorCoverage.summary(missing) == [
        "AWS::CloudWatch::Alarm ×2: Alarm1, Alarm2", "AWS::Rekognition::Collection ×1: Faces",
      ])
    let outputs = EmulatorOutputs.complete(
      [StackOutput(key: "FaceCollectionId", value: "reported")], template: template,
      resources: deployed, parameters: [StackParameter(key: "AssetsBucket", value: "assets")])
    #expect(
      outputs.map { "\($0.key)=\($0.value)" } == [
        "FaceCollectionId=reported", "ImagesBucketName=dev-images", "Assets=assets",
      ])
  }
}
