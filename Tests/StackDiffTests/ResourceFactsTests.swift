import CloudFormation
import Testing

@testable import StackDiff

@Test func builtInFactsFollowTheSchemas() {
  let facts = BuiltInResourceFacts()
  #expect(
    facts.replacement(forType: "AWS::DynamoDB::Table", path: "/properties/TableName") == .always)
  #expect(
    facts.replacement(
      forType: "AWS::DynamoDB::Table", path: "/properties/KeySchema/1/AttributeName")
      == .conditional)
  #expect(
    facts.replacement(forType: "AWS::DynamoDB::Table", path: "/properties/BillingMode") == .never)
  #expect(
    facts.replacement(forType: "AWS::Lambda::Function", path: "/properties/MemorySize") == .never)
  #expect(facts.replacement(forType: "AWS::Nope::Nope", path: "/properties/X") == .unknown)
  #expect(facts.isUnorderedList(type: "AWS::IAM::Role", path: "/properties/ManagedPolicyArns"))
  #expect(facts.isUnorderedList(type: "AWS::S3::Bucket", path: "/properties/Tags"))
  #expect(!facts.isUnorderedList(type: "AWS::Lambda::Function", path: "/properties/Layers"))
  #expect(
    facts.isJSONString(
      type: "AWS::StepFunctions::StateMachine", path: "/properties/DefinitionString"))
  #expect(facts.isJSONString(type: "AWS::Events::Rule", path: "/properties/EventPattern"))
  for type in [
    "AWS::S3::Bucket", "AWS::DynamoDB::Table", "AWS::Rekognition::Collection",
    "AWS::Logs::LogGroup", "AWS::SQS::Queue", "AWS::KMS::Key",
  ] {
    #expect(facts.isStateful(type: type), "\(type)")
  }
  #expect(!facts.isStateful(type: "AWS::Lambda::Function"))
  #expect(
    facts.replacement(forType: "AWS::EC2::SecurityGroupIngress", path: "/properties/CidrIp")
      == .always)
  #expect(facts.isJSONString(type: "AWS::SNS::TopicPolicy", path: "/properties/PolicyDocument"))
}

@Test func generatedFactsAdapterAndLayering() {
  let generated = GeneratedResourceFacts()
  #expect(generated.knows(type: "AWS::S3::Bucket"))
  #expect(
    generated.replacement(forType: "AWS::S3::Bucket", path: "/properties/BucketName") == .always)
  #expect(
    generated.replacement(forType: "AWS::Lambda::Function", path: "/properties/MemorySize")
      == .never)
  #expect(generated.isStateful(type: "AWS::DynamoDB::Table"))
  // The registry corrects the schema: KeySchema changes replace the table.
  #expect(
    generated.replacement(forType: "AWS::DynamoDB::Table", path: "/properties/KeySchema") == .always
  )

  let layered = LayeredResourceFacts([
    generated,
    BuiltInResourceFacts(types: [
      "Custom::Thing": .init(
        createOnly: ["/properties/Name"], conditionallyCreateOnly: [], unorderedLists: [],
        jsonDocuments: [], primaryIdentifier: [], isStateful: true)
    ]),
  ])
  #expect(layered.replacement(forType: "Custom::Thing", path: "/properties/Name") == .always)
  #expect(layered.isStateful(type: "Custom::Thing"))
  #expect(
    layered.replacement(forType: "AWS::DynamoDB::Table", path: "/properties/KeySchema") == .always)
  #expect(layered.replacement(forType: "AWS::Nope::Nope", path: "/properties/X") == .unknown)
  #expect(!layered.knows(type: "AWS::Nope::Nope"))
  // The registry has no JSON-string facts; the built-in table adds them.
  #expect(
    !generated.isJSONString(
      type: "AWS::StepFunctions::StateMachine", path: "/properties/DefinitionString"))
  let standard = LayeredResourceFacts([generated, BuiltInResourceFacts()])
  #expect(
    standard.isJSONString(
      type: "AWS::StepFunctions::StateMachine", path: "/properties/DefinitionString"))
  #expect(
    standard.replacement(forType: "AWS::DynamoDB::Table", path: "/properties/KeySchema") == .always)
}
