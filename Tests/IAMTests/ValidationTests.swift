import CloudFormation
import Testing

@testable import IAM

@Suite struct ValidationTests {
  let resolver = ResourcePatternResolver(resourceTypes: [
    "ResultsTable": "AWS::DynamoDB::Table", "ImagesBucket": "AWS::S3::Bucket",
    "Faces": "AWS::Rekognition::Collection",
  ])

  func messages(_ statement: Statement) throws -> [String] {
    let validator = PolicyValidator(catalog: try catalog(), resolver: resolver)
    return validator.validate(PolicyDocument(statements: [statement]), location: "Stack.swift:12")
      .map(\.description)
  }

  @Test func cleanGrantsHaveNoDiagnostics() throws {
    #expect(
      try messages(
        allow(["dynamodb:PutItem", "dynamodb:GetItem"], on: [.getAtt("ResultsTable", "Arn")])) == []
    )
    #expect(
      try messages(
        allow(["s3:GetObject"], on: [.sub("arn:${AWS::Partition}:s3:::${ImagesBucket}/input/*")]))
        == [])
    #expect(
      try messages(
        allow(
          ["s3:ListBucket"], on: [.getAtt("ImagesBucket", "Arn")],
          conditions: [Condition(.stringLike, "s3:prefix", ["input/*"])])) == [])
    #expect(try messages(allow(["rekognition:DetectFaces"])) == [])
    #expect(try messages(allow(["rekognition:Search*"], on: [.getAtt("Faces", "Arn")])) == [])
    #expect(
      try messages(
        Statement(effect: .deny, actions: .actions(["s3:DeleteObject"]), resources: .any)) == [])
  }

  @Test func unknownServiceAndAction() throws {
    #expect(
      try messages(allow(["s4:GetObject"])) == [
        "Stack.swift:12: error: unknown service 's4' in action 's4:GetObject'"
      ])
    #expect(
      try messages(allow(["s3:GetObjekt"], on: ["arn:aws:s3:::b/*"])) == [
        "Stack.swift:12: error: unknown action 's3:GetObjekt', did you mean s3:GetObject?"
      ])
    #expect(
      try messages(allow(["rekognition:XyzzyPlugh"])) == [
        "Stack.swift:12: error: unknown action 'rekognition:XyzzyPlugh'"
      ])
    #expect(
      try messages(allow(["s3GetObject"])) == [
        "Stack.swift:12: error: action 's3GetObject' is not of the form service:action"
      ])
  }

  @Test func wildcardMatchingNothing() throws {
    #expect(
      try messages(allow(["s3:Gett*"], on: ["arn:aws:s3:::b/*"])) == [
        "Stack.swift:12: error: action pattern 's3:Gett*' matches no action"
      ])
  }

  @Test func resourceMatchingNoType() throws {
    // The bucket's ARN is not an object ARN.
    #expect(
      try messages(allow(["s3:GetObject"], on: [.getAtt("ImagesBucket", "Arn")])) == [
        "Stack.swift:12: error: resource '!GetAtt ImagesBucket.Arn' matches none of the resource types of s3:GetObject (accesspointobject, object)"
      ])
    #expect(
      try messages(allow(["dynamodb:GetItem"], on: [.getAtt("Faces", "Arn")])) == [
        "Stack.swift:12: error: resource '!GetAtt Faces.Arn' matches none of the resource types of dynamodb:GetItem (table)"
      ])
    #expect(
      try messages(allow(["rekognition:DetectFaces"], on: [.getAtt("Faces", "Arn")])) == [
        "Stack.swift:12: error: rekognition:DetectFaces supports only resource '*', got '!GetAtt Faces.Arn'"
      ])
  }

  @Test func starOnScopableAction() throws {
    #expect(
      try messages(allow(["dynamodb:PutItem"])) == [
        "Stack.swift:12: error: resource '*' on dynamodb:PutItem, which can be scoped to table; name the resources"
      ])
  }

  @Test func unknownConditionKey() throws {
    #expect(
      try messages(
        allow(
          ["dynamodb:GetItem"], on: [.getAtt("ResultsTable", "Arn")],
          conditions: [Condition(.stringEquals, "s3:prefix", ["a"])])) == [
          "Stack.swift:12: error: condition key 's3:prefix' is defined neither for dynamodb:GetItem nor globally"
        ])
    #expect(
      try messages(
        allow(
          ["dynamodb:GetItem"], on: [.getAtt("ResultsTable", "Arn")],
          conditions: [
            Condition(
              ConditionOperator(.stringEquals, qualifier: .forAllValues), "dynamodb:LeadingKeys",
              ["a"]), Condition(.stringEquals, "aws:ResourceTag/Project", ["x"]),
          ])) == [])
  }

  @Test func perStatementLocations() throws {
    let validator = PolicyValidator(catalog: try catalog(), resolver: resolver)
    let document = PolicyDocument(statements: [allow(["rekognition:DetectFaces"]), allow(["s4:X"])])
    let diagnostics = validator.validate(
      document, location: "Stack.swift:1", statementLocations: [nil, "Stack.swift:30"])
    #expect(
      diagnostics.map(\.description) == [
        "Stack.swift:30: error: unknown service 's4' in action 's4:X'"
      ])
  }

  @Test func policySizes() throws {
    let resources: [Value] = (0..<200).map {
      .string("arn:aws:s3:::bucket-with-a-long-name/prefix-\($0)/*")
    }
    let big = PolicyDocument(statements: [allow(["s3:GetObject"], on: resources)])
    #expect(PolicySizeCheck.size(big) > 10_240)
    let inline = Role(name: "R", policies: [NamedPolicy(name: "P", document: big)])
    let sizes = PolicySizeCheck.size(big)
    #expect(
      PolicySizeCheck.check(inline, location: "Stack.swift:3").map(\.description) == [
        "Stack.swift:3: error: inline policies of role 'R' are \(sizes) characters, over the limit of 10240 (whitespace not counted)"
      ])
    let managed = Role(name: "R", policies: [NamedPolicy(name: "M", kind: .managed, document: big)])
    #expect(
      PolicySizeCheck.check(managed, location: nil).map(\.description) == [
        "error: managed policy 'M' is \(sizes) characters, over the limit of 6144 (whitespace not counted)"
      ])
    // Two inline policies under the limit each but over it together.
    let half = PolicyDocument(statements: [
      allow(["s3:GetObject"], on: Array(resources.prefix(120)))
    ])
    #expect(PolicySizeCheck.size(half) < 10_240)
    let two = Role(
      name: "R",
      policies: [NamedPolicy(name: "A", document: half), NamedPolicy(name: "B", document: half)])
    #expect(PolicySizeCheck.check(two, location: nil).count == 1)
    #expect(
      PolicySizeCheck.size(
        PolicyDocument(statements: [allow(["s3:GetObject"], on: ["arn:aws:s3:::b/*"])]))
        == #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#
        .count)
  }
}

@Suite struct ARNMatchingTests {
  let catalog: IAMCatalog
  init() throws { catalog = try IAMCatalog.bundled() }

  func format(_ service: String, _ type: String) throws -> Glob {
    try #require(catalog.service(service)?.resourceTypes[type]).pattern
  }

  @Test func concreteARNs() throws {
    let object = try format("s3", "object")
    let bucket = try format("s3", "bucket")
    #expect(object.matches("arn:aws:s3:::images/input/a.jpg"))
    #expect(!bucket.matches("arn:aws:s3:::images/input/a.jpg"))
    #expect(bucket.matches("arn:aws:s3:::images"))
    let table = try format("dynamodb", "table")
    #expect(table.matches("arn:aws:dynamodb:eu-west-1:123456789012:table/FaceRecognitionResults"))
    #expect(!table.matches("arn:aws:dynamodb:eu-west-1:123456789012:table/T/index/I"))
    #expect(
      try format("dynamodb", "index").matches(
        "arn:aws:dynamodb:eu-west-1:123456789012:table/T/index/I"))
  }

  @Test func patternsWithWildcards() throws {
    #expect(try format("s3", "object").intersects(Glob("arn:aws:s3:::images/input/*")))
    #expect(try format("s3", "bucket").intersects(Glob("arn:aws:s3:::*")))
    #expect(try !format("dynamodb", "table").intersects(Glob("arn:aws:s3:::*")))
    #expect(try format("dynamodb", "table").intersects(Glob("*")))
    #expect(Glob("arn:aws:s3:::b/*").covers(Glob("arn:aws:s3:::b/input/*")))
    #expect(!Glob("arn:aws:s3:::b/input/*").covers(Glob("arn:aws:s3:::b/*")))
    #expect(Glob("s3:get*", ignoringCase: true).matches("s3:getobject"))
    #expect(Glob("dynamodb:?etItem").matches("dynamodb:GetItem"))
  }

  @Test func valuesWithIntrinsics() throws {
    let resolver = ResourcePatternResolver(resourceTypes: [
      "Table": "AWS::DynamoDB::Table", "Bucket": "AWS::S3::Bucket",
    ])
    let table = resolver.patterns(for: .getAtt("Table", "Arn"))
    #expect(table.map(\.description) == ["arn:*:dynamodb:*:*:table/*"])
    #expect(try format("dynamodb", "table").intersects(table[0]))
    #expect(try !format("dynamodb", "index").intersects(table[0]))
    let objects = resolver.patterns(for: .sub("arn:${AWS::Partition}:s3:::${Bucket}/input/*"))
    #expect(objects.map(\.description) == ["arn:*:s3:::*/input/*"])
    #expect(try format("s3", "object").intersects(objects[0]))
    let joined = resolver.patterns(
      for: .join("", ["arn:", .ref(.partition), ":s3:::", .ref("Bucket"), "/*"]))
    #expect(joined.map(\.description) == ["arn:*:s3:::*/*"])
    let either = resolver.patterns(
      for: .ifThen("C", .getAtt("Table", "Arn"), .getAtt("Bucket", "Arn")))
    #expect(either.count == 2)
    #expect(resolver.patterns(for: .intrinsic(.importValue("X"))).map(\.description) == ["*"])
    #expect(
      resolver.patterns(for: .sub("arn:aws:s3:::b/${!aws:username}")).map(\.description) == [
        "arn:aws:s3:::b/${aws:username}"
      ])
  }
}

@Suite struct RoleValidationTests {
  @Test func roleStatementsTrustAndSizesWithLocations() throws {
    let validator = PolicyValidator(catalog: try catalog())
    let trust = PolicyDocument.trust(
      services: ["states.amazonaws.com"],
      conditions: [
        Condition(.stringEquals, "aws:SourceAccount", [.ref(.accountId)]),
        Condition(.stringEquals, "sts:ExternalId", ["x"]),
      ])
    let clean = role("R", [allow(["rekognition:DetectFaces"])], trust: trust)
    #expect(validator.validate(clean, roleLocation: "Stack.swift:10") == [])
    let broken = role(
      "R", [allow(["rekognition:DetectFaces"]), allow(["dynamodb:GetItem"])],
      trust: .trust(
        services: ["states.amazonaws.com"],
        conditions: [Condition(.stringEquals, "aws:SourceAcount", ["1"])]))
    let lines = [1: "Stack.swift:57"]
    let diagnostics = validator.validate(broken, roleLocation: "Stack.swift:10") { location in
      location.policy == "Policy" ? lines[location.index] : nil
    }
    #expect(
      diagnostics.map(\.description) == [
        "Stack.swift:10: error: condition key 'aws:SourceAcount' is defined neither for sts:AssumeRole nor globally",
        "Stack.swift:57: error: resource '*' on dynamodb:GetItem, which can be scoped to table; name the resources",
      ])
  }
}

/// Grants of the shape the pipeline's constructs will write validate cleanly.
@Suite struct PipelineGrantValidationTests {
  @Test func typicalGrantsAreValid() throws {
    let resolver = ResourcePatternResolver(resourceTypes: [
      "Results": "AWS::DynamoDB::Table", "Images": "AWS::S3::Bucket",
      "Faces": "AWS::Rekognition::Collection", "Pipeline": "AWS::StepFunctions::StateMachine",
      "Detect": "AWS::Lambda::Function", "Logs": "AWS::Logs::LogGroup", "Key": "AWS::KMS::Key",
      "DeadLetters": "AWS::SQS::Queue", "Topic": "AWS::SNS::Topic",
      "InstanceRole": "AWS::IAM::Role",
    ])
    let validator = PolicyValidator(catalog: try catalog(), resolver: resolver)
    let statements: [Statement] = [
      allow(["states:StartExecution"], on: [.ref("Pipeline")]),
      allow(["lambda:InvokeFunction"], on: [.getAtt("Detect", "Arn"), .sub("${Detect.Arn}:*")]),
      allow([
        "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:PutTelemetryRecords",
        "xray:PutTraceSegments",
      ]),
      allow(
        ["cloudwatch:PutMetricData"],
        conditions: [
          Condition(.stringEquals, "cloudwatch:namespace", ["Facestack/FaceRecognition"])
        ]),
      allow(["logs:CreateLogStream", "logs:PutLogEvents"], on: [.getAtt("Logs", "Arn")]),
      allow([
        "logs:CreateLogDelivery", "logs:DescribeLogGroups", "logs:DescribeResourcePolicies",
        "logs:GetLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
        "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
      ]),
      allow(["dynamodb:Query"], on: [.getAtt("Results", "Arn"), .sub("${Results.Arn}/index/*")]),
      allow(
        ["dynamodb:BatchWriteItem", "dynamodb:GetItem", "dynamodb:PutItem"],
        on: [.getAtt("Results", "Arn")]),
      allow(["s3:GetObject"], on: [.sub("arn:${AWS::Partition}:s3:::${Images}/input/*")]),
      allow(
        ["s3:ListBucket"], on: [.getAtt("Images", "Arn")],
        conditions: [Condition(.stringLike, "s3:prefix", ["input/*"])]),
      allow(["rekognition:DetectFaces"]),
      allow(
        ["rekognition:IndexFaces", "rekognition:SearchFacesByImage", "rekognition:DeleteFaces"],
        on: [.getAtt("Faces", "Arn")]),
      allow(["kms:Decrypt", "kms:GenerateDataKey"], on: [.getAtt("Key", "Arn")]),
      allow(["sqs:SendMessage"], on: [.getAtt("DeadLetters", "Arn")]),
      allow(["sns:Publish"], on: [.ref("Topic")]),
      allow(
        ["iam:PassRole"], on: [.getAtt("InstanceRole", "Arn")],
        conditions: [Condition(.stringEquals, "iam:PassedToService", ["ec2.amazonaws.com"])]),
      allow(
        ["athena:GetQueryExecution", "athena:GetQueryResults", "athena:StartQueryExecution"],
        on: [
          .sub(
            "arn:${AWS::Partition}:athena:${AWS::Region}:${AWS::AccountId}:workgroup/${WorkGroup}")
        ]),
      allow(
        ["glue:GetTable", "glue:GetDatabase"],
        on: [
          .sub("arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:catalog"),
          .sub("arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:database/faces"),
          .sub("arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:table/faces/*"),
        ]),
    ]
    for statement in statements {
      let diagnostics = validator.validate(statement, location: "Stack.swift:1").map(\.description)
      #expect(diagnostics == [], "\(statement.actions.patterns)")
    }
  }
}
