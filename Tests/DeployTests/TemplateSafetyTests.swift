import AWSClient
import CloudFormation
import Foundation
import Testing

@testable import Deploy

@Suite("bootstrap template, stack policy, emulator template and coverage")
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

  @Test func emulatorGetsArnsAndCidrsItCannotCompute() throws {
    let template = Template(resources: [
      "Faces": Resource(
        type: "AWS::Rekognition::Collection", properties: ["CollectionId": "dev-faces"]),
      "Vpc": Resource(type: "AWS::EC2::VPC", properties: ["CidrBlock": "10.40.0.0/16"]),
      "Role": Resource(
        type: "AWS::IAM::Role",
        properties: ["Policy": ["Resource": [.getAtt("Faces", "Arn"), .getAtt("Other", "Arn")]]]),
      "Subnet": Resource(
        type: "AWS::EC2::Subnet",
        properties: [
          "CidrBlock": .intrinsic(
            .select(1, .intrinsic(.cidr(.getAtt("Vpc", "CidrBlock"), 2, "8"))))
        ]),
    ])
    let adapted = EmulatorTemplate.adapt(template)
    #expect(adapted.notes == ["Role (1)", "Subnet (1)"])
    #expect(
      adapted.template.resources["Role"]?.properties["Policy"]
        == [
          "Resource": [
            .sub(
              "arn:${AWS::Partition}:rekognition:${AWS::Region}:${AWS::AccountId}:collection/dev-faces"
            ),
            .getAtt("Other", "Arn"),
          ]
        ])
    #expect(
      adapted.template.resources["Subnet"]?.properties["CidrBlock"]
        == .intrinsic(.select(1, ["10.40.0.0/24", "10.40.1.0/24"])))
    #expect(template.resources["Faces"] == adapted.template.resources["Faces"])
  }

  @Test func cidrAsCloudFormationComputesIt() {
    #expect(
      IPv4Cidr.subnets(of: "10.0.0.0/16", count: 3, hostBits: 12) == [
        "10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20",
      ])
    #expect(IPv4Cidr.subnets(of: "10.0.0.0/24", count: 2, hostBits: 8) == nil)
    #expect(IPv4Cidr.subnets(of: "fd00::/56", count: 2, hostBits: 64) == nil)
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

@Suite("emulator template: Fn::Sub")
struct EmulatorSubTests {
  @Test func subWithDoubleDollarAndReferenceVariablesIsSentInTheStringForm() {
    let definition =
      #"{"FunctionName": "${DetectArn}", "id.$": "$$.Execution.Id", "t": "${Table}"}"#
    let template = Template(resources: [
      "Workflow": Resource(
        type: "AWS::StepFunctions::StateMachine",
        properties: [
          "DefinitionString": .sub(
            definition, ["DetectArn": .getAtt("Detect", "Arn"), "Table": .ref("Results")])
        ])
    ])
    let adapted = EmulatorTemplate.adapt(template)
    #expect(
      adapted.template.resources["Workflow"]?.properties["DefinitionString"]
        == .sub(#"{"FunctionName": "${Detect.Arn}", "id.$": "$$.Execution.Id", "t": "${Results}"}"#)
    )
    #expect(adapted.notes == ["Workflow (1)"])
  }

  @Test func subWithoutDoubleDollarIsLeftAlone() {
    let value: Value = .sub("arn:${Name}", ["Name": .ref("X")])
    let template = Template(resources: [
      "R": Resource(type: "AWS::SNS::Topic", properties: ["A": value])
    ])
    #expect(EmulatorTemplate.adapt(template).template == template)
  }
}
