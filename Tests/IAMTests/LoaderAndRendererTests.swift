import CloudFormation
import Foundation
import Testing

@testable import IAM

@Suite struct LoaderTests {
  @Test func rolesFromATemplate() throws {
    let yaml = """
      Resources:
        Table:
          Type: AWS::DynamoDB::Table
        StoreRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Principal: {Service: lambda.amazonaws.com}
                  Action: sts:AssumeRole
            ManagedPolicyArns:
              - !Ref Shared
              - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
            Policies:
              - PolicyName: Inline
                PolicyDocument:
                  Version: "2012-10-17"
                  Statement:
                    - Effect: Allow
                      Action: dynamodb:PutItem
                      Resource: !GetAtt Table.Arn
        StorePolicy:
          Type: AWS::IAM::Policy
          Properties:
            PolicyName: StorePolicy
            Roles: [!Ref StoreRole]
            PolicyDocument:
              Statement:
                - Effect: Allow
                  Action: s3:PutObject
                  Resource: !Sub arn:${AWS::Partition}:s3:::${Bucket}/processed/*
        Shared:
          Type: AWS::IAM::ManagedPolicy
          Properties:
            PolicyDocument:
              Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Action: rekognition:DetectFaces
                  Resource: "*"
      """
    let template = try TemplateReader.read(yaml, file: "t.yaml")
    let roles = try RoleLoader.roles(in: template)
    #expect(roles.map(\.name) == ["StoreRole"])
    let role = roles[0]
    #expect(role.policies.map(\.name).sorted() == ["Inline", "Shared", "StorePolicy"])
    #expect(role.policies.first { $0.name == "Shared" }?.kind == .managed)
    #expect(
      role.managedPolicyARNs == [
        "!Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
      ])
    #expect(role.trustPolicy?.statements.first?.principal == .services(["lambda.amazonaws.com"]))
    // The template's resource types feed ARN matching.
    let resolver = ResourcePatternResolver(template: template)
    #expect(
      resolver.patterns(for: .getAtt("Table", "Arn")).map(\.description) == [
        "arn:*:dynamodb:*:*:table/*"
      ])
  }

  @Test func rolesFromFiles() throws {
    let policy = PolicyWriter.json(PolicyDocument(statements: [allow(["rekognition:DetectFaces"])]))
    let trust = PolicyWriter.json(.trust(services: ["lambda.amazonaws.com"]))
    let roleShape =
      #"{"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}, "Policies": [{"PolicyName": "P", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}}]}"#
    let roles = try RoleLoader.roles(files: [
      ("policies/dev/DetectRole.json", Array(policy.utf8)),
      ("policies/dev/DetectRole.trust.json", Array(trust.utf8)),
      ("policies/dev/ServiceRole.json", Array(roleShape.utf8)),
    ])
    #expect(roles.map(\.name) == ["DetectRole", "ServiceRole"])
    #expect(roles[0].trustPolicy != nil && roles[0].policies.count == 1)
    #expect(roles[1].policies.map(\.name) == ["P"])
    #expect {
      try RoleLoader.roles(files: [
        ("policies/dev/X.json", Array(#"{"Statement": [{"Effect": "Allow"}]}"#.utf8))
      ])
    } throws: { error in
      (error as? PolicyReadError)?.description
        == "policies/dev/X.json: Statement[0]: a statement needs an Action or a NotAction"
    }
  }
}

@Suite struct RendererTests {
  func sampleReview() throws -> Review {
    let catalog = try IAMCatalog.bundled()
    let detect = role(
      "DetectRole",
      [
        allow(["s3:GetObject"], on: [.sub("arn:${AWS::Partition}:s3:::${ImagesBucket}/input/*")]),
        allow(["rekognition:DetectFaces"]),
        allow(["s3:PutBucketPolicy"], on: ["arn:aws:s3:::images"]),
      ], trust: .trust(services: ["lambda.amazonaws.com"]))
    var scan = try scanFixture("detect")
    scan.calls.removeAll { $0.operation == "search_faces_by_image" }
    let coverage = CoverageChecker().check(function: "detect", role: detect, scan: scan)
    return IAMReviewer(catalog: catalog).review(
      roles: [detect],
      acknowledgements: [
        Acknowledgement(
          rule: "resource-exposure", role: "DetectRole", reason: "manages the bucket policy")
      ],
      coverage: [coverage])
  }

  @Test func text() throws {
    let text = ReviewRenderer.text(try sampleReview())
    #expect(
      text == """
        DetectRole (trusted by Service: lambda.amazonaws.com)
          may do:
            Read on !Sub arn:${AWS::Partition}:s3:::${ImagesBucket}/input/*: s3:GetObject
            Read on *: rekognition:DetectFaces
            Permissions management on arn:aws:s3:::images: s3:PutBucketPolicy
          acknowledged:
            [resource-exposure] permissions-management actions s3:PutBucketPolicy can change who may access resources (reason: manages the bucket policy)
          coverage of detect: 0 missing, 1 unused
            warning: s3:PutBucketPolicy is allowed by DetectRole/Policy/Statement[2] but no handler call needs it
        1 role: 0 errors, 1 warning, 1 acknowledged; coverage: 0 missing, 1 unused

        """)
  }

  @Test func markdownHasASummaryTableAndDetails() throws {
    let markdown = ReviewRenderer.markdown(try sampleReview())
    #expect(
      markdown.hasPrefix(
        "## IAM review\n\n**1 role: 0 errors, 1 warning, 1 acknowledged; coverage: 0 missing, 1 unused**\n"
      ))
    #expect(
      markdown.contains("| `DetectRole` | Service: lambda.amazonaws.com | 0 | 1 | 1 | 0 | 1 |"))
    #expect(markdown.contains("<details><summary><b>DetectRole</b>: 0 errors, 1 warning</summary>"))
    #expect(markdown.contains("</details>"))
  }

  @Test func jsonIsStable() throws {
    let review = try sampleReview()
    let json = try ReviewRenderer.render(review, as: .json)
    let again = try ReviewRenderer.render(review, as: .json)
    #expect(json == again)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect(object["format"] as? Int == 1)
    #expect((object["summary"] as? [String: Any])?["warnings"] as? Int == 1)
  }
}
