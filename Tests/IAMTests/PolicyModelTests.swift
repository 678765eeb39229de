import CloudFormation
import Testing

@testable import IAM

@Suite struct PolicyModelTests {
  @Test func writerSortsAndDeduplicates() throws {
    let document = PolicyDocument(statements: [
      Statement(
        effect: .allow, actions: .actions(["s3:PutObject", "s3:GetObject", "s3:GetObject"]),
        resources: .resources([
          .sub("arn:${AWS::Partition}:s3:::${Bucket}/input/*"), "arn:aws:s3:::a/*",
          "arn:aws:s3:::a/*",
        ])),
      Statement(
        effect: .allow, actions: .actions(["dynamodb:PutItem"]),
        resources: .resources([.getAtt("Table", "Arn")]),
        conditions: [Condition(.stringEquals, "aws:SourceAccount", ["1", "1"])]),
    ])
    let json = PolicyWriter.json(document)
    #expect(
      json == """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": "dynamodb:PutItem",
              "Resource": {
                "Fn::GetAtt": [
                  "Table",
                  "Arn"
                ]
              },
              "Condition": {
                "StringEquals": {
                  "aws:SourceAccount": "1"
                }
              }
            },
            {
              "Effect": "Allow",
              "Action": [
                "s3:GetObject",
                "s3:PutObject"
              ],
              "Resource": [
                "arn:aws:s3:::a/*",
                {
                  "Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/input/*"
                }
              ]
            }
          ]
        }

        """)
  }

  @Test func readerRoundTripsEveryConditionOperatorAndPrincipal() throws {
    var conditions: [Condition] = []
    for base in ConditionOperator.Base.allCases {
      conditions.append(Condition(ConditionOperator(base), "aws:SourceArn", ["a"]))
      if base != .null {
        conditions.append(
          Condition(ConditionOperator(base, ifExists: true), "aws:SourceArn", ["b"]))
      }
      conditions.append(
        Condition(ConditionOperator(base, qualifier: .forAllValues), "aws:TagKeys", ["c"]))
      conditions.append(
        Condition(
          ConditionOperator(base, qualifier: .forAnyValue, ifExists: base != .null), "aws:TagKeys",
          ["d", "e"]))
    }
    let document = PolicyDocument(statements: [
      Statement(
        sid: "Trust", effect: .allow,
        principal: .entries([
          .service: ["states.amazonaws.com"],
          .aws: [.sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")],
        ]),
        actions: .actions(["sts:AssumeRole"]), conditions: conditions),
      Statement(
        effect: .deny, principal: .any, principalIsNegated: true, actions: .notActions(["s3:*"]),
        resources: .notResources(["*"])),
    ])
    let written = PolicyWriter.json(document)
    let read = try PolicyReader.read(Array(written.utf8), file: "p.json")
    #expect(PolicyWriter.json(read) == written)
    #expect(read.statements.count == 2)
    let trust = try #require(read.statements.first { $0.sid == "Trust" })
    #expect(trust.conditions.count == conditions.count)
  }

  @Test func operatorParsing() throws {
    let op = try ConditionOperator(parsing: "ForAnyValue:StringLikeIfExists")
    #expect(op.base == .stringLike && op.qualifier == .forAnyValue && op.ifExists)
    #expect(throws: PolicyReadError.self) { try ConditionOperator(parsing: "NullIfExists") }
    #expect(throws: PolicyReadError.self) { try ConditionOperator(parsing: "StringEqual") }
  }

  @Test func readerErrorsNameThePlace() throws {
    let text =
      #"{"Version": "2012-10-17", "Statement": [{"Effect": "Permit", "Action": "s3:GetObject", "Resource": "*"}]}"#
    #expect {
      try PolicyReader.read(Array(text.utf8), file: "p.json")
    } throws: { error in
      (error as? PolicyReadError)?.description
        == "p.json: Statement[0].Effect: Effect must be Allow or Deny, got 'Permit'"
    }
  }

  @Test func readsYAMLWithShortFormIntrinsics() throws {
    let yaml = """
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: dynamodb:GetItem
          Resource: !GetAtt Table.Arn
      """
    let document = try PolicyReader.read(Array(yaml.utf8), file: "p.yaml")
    #expect(document.statements[0].resources == .resources([.getAtt("Table", "Arn")]))
  }
}
