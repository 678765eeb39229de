import CloudFormation
import Foundation
import Testing

@testable import FacestackCore

@Suite("emulator template")
struct EmulatorTemplateTests {
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
