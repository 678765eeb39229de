import CloudFormation
import ResourceTypes
import Testing

@testable import StackDiff

/// The diff's facts are the generated ones with their corrections: one source, one answer.
@Test func theDiffUsesTheGeneratedFactsWithTheirCorrections() {
  let facts = GeneratedResourceFacts()
  #expect(facts.knows(type: "AWS::S3::Bucket"))
  #expect(
    facts.replacement(forType: "AWS::DynamoDB::Table", path: "/properties/TableName") == .always)
  // The schema says conditionally; the correction (AWS::DynamoDB::Table's reference) says it
  // replaces, and so does every diff.
  #expect(
    facts.replacement(
      forType: "AWS::DynamoDB::Table", path: "/properties/KeySchema/1/AttributeName") == .always)
  #expect(
    facts.replacement(forType: "AWS::DynamoDB::Table", path: "/properties/BillingMode") == .never)
  #expect(
    facts.replacement(forType: "AWS::Lambda::Function", path: "/properties/MemorySize") == .never)
  #expect(facts.replacement(forType: "AWS::Nope::Nope", path: "/properties/X") == .unknown)
  #expect(
    facts.replacement(forType: "AWS::EC2::SecurityGroupIngress", path: "/properties/CidrIp")
      == .always)
  #expect(facts.knows(type: "AWS::SNS::TopicPolicy"))
  #expect(facts.isUnorderedList(type: "AWS::IAM::Role", path: "/properties/ManagedPolicyArns"))
  #expect(!facts.isUnorderedList(type: "AWS::Lambda::Function", path: "/properties/Layers"))
  #expect(facts.customNamePaths(type: "AWS::S3::Bucket") == ["/properties/BucketName"])
  #expect(facts.customNamePaths(type: "AWS::SQS::Queue") == ["/properties/QueueName"])
  #expect(facts.customNamePaths(type: "AWS::Athena::NamedQuery") == [])
  #expect(facts.customNamePaths(type: "AWS::Lambda::Permission") == [])
}

/// One statefulness list (ResourceTypes' `StatefulTypes`), read by the diff, the approval gate
/// and the stack policy alike.
@Test func statefulnessHasOneSource() {
  let facts = GeneratedResourceFacts()
  for type in ResourceFacts.typeNames {
    #expect(facts.isStateful(type: type) == StatefulTypes.contains(type), "\(type)")
    #expect(StatefulResources.isStateful(type: type) == StatefulTypes.contains(type), "\(type)")
    #expect(ResourceFacts.for(type: type)?.isStateful == StatefulTypes.contains(type), "\(type)")
  }
  for type in StatefulTypes.losses.keys {
    #expect(ResourceFacts.for(type: type) != nil, "\(type) is stateful but not generated")
  }
  for type in [
    "AWS::S3::Bucket", "AWS::DynamoDB::Table", "AWS::Rekognition::Collection",
    "AWS::Logs::LogGroup", "AWS::SQS::Queue", "AWS::KMS::Key", "AWS::Glue::Table",
  ] {
    #expect(facts.isStateful(type: type), "\(type)")
  }
  #expect(!facts.isStateful(type: "AWS::Lambda::Function"))
  #expect(!facts.isStateful(type: "AWS::SNS::Topic"))
}

/// Facts of your own type, layered over the generated ones.
@Test func layeredFactsAddToTheGeneratedOnes() {
  struct Custom: ResourceFactsProvider {
    func knows(type: String) -> Bool { type == "Custom::Thing" }
    func replacement(forType type: String, path: String) -> StackDiff.ReplacementRule {
      path == "/properties/Name" ? .always : .never
    }
    func isUnorderedList(type: String, path: String) -> Bool { false }
    func isStateful(type: String) -> Bool { type == "Custom::Thing" }
  }
  let layered = LayeredResourceFacts([Custom(), GeneratedResourceFacts()])
  #expect(layered.replacement(forType: "Custom::Thing", path: "/properties/Name") == .always)
  #expect(layered.isStateful(type: "Custom::Thing"))
  #expect(layered.customNamePaths(type: "Custom::Thing") == [])
  #expect(
    layered.replacement(forType: "AWS::DynamoDB::Table", path: "/properties/KeySchema") == .always)
  #expect(layered.replacement(forType: "AWS::Nope::Nope", path: "/properties/X") == .unknown)
  #expect(!layered.knows(type: "AWS::Nope::Nope"))
}
