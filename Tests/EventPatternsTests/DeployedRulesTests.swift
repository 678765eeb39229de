import CloudFormation
import EventPatterns
import Foundation
import JSONPaths
import Testing

/// The repository's own rules, read from the committed dev template, against S3's `Object
/// Created` event as Amazon S3 User Guide, "EventBridge event message structure" shows it.
@Suite struct DeployedRulesTests {
  static let bucket = "facestack-dev-images-123456789012"

  /// The rule's `EventPattern` and first target, as EventBridge holds them once deployed.
  static func rule(_ logicalId: String) throws -> (pattern: EventPattern, target: JSONDocument) {
    let url = repositoryRoot.appendingPathComponent("templates/dev/FaceRecognition.yaml")
    let template = try TemplateReader.read(String(contentsOf: url, encoding: .utf8), file: url.path)
    let properties = try #require(template.resources[logicalId]?.properties)
    let resolve: (String) -> String = { name in
      name == "Images" ? bucket : "arn:aws:resource:::\(name)"
    }
    let pattern = deployedJSON(try #require(properties["EventPattern"]), resolve: resolve)
    let targets = deployedJSON(try #require(properties["Targets"]), resolve: resolve)
    return (try EventPattern(pattern), try #require(targets.elements?.first))
  }

  /// "Object created", with the bucket and key of a test.
  static func objectCreated(key: String, versionId: String? = "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e")
    throws -> JSONDocument
  {
    let version = versionId.map { #", "version-id": "\#($0)""# } ?? ""
    return try json(
      #"""
      {"version": "0", "id": "17793124-05d4-b198-2fde-7ededc63b103", "detail-type": "Object Created",
       "source": "aws.s3", "account": "111122223333", "time": "2021-11-12T00:00:00Z",
       "region": "ca-central-1", "resources": ["arn:aws:s3:::\#(bucket)"],
       "detail": {"version": "0", "bucket": {"name": "\#(bucket)"},
                  "object": {"key": "\#(key)", "size": 5, "etag": "b1946ac92492d2347c6235b4d2611184"\#(version),
                             "sequencer": "617f08299329d189"},
                  "request-id": "N4N7GDK58NMKJ12R", "requester": "123456789012",
                  "source-ip-address": "1.2.3.4", "reason": "PutObject"}}
      """#)
  }

  static let context = RuleContext(
    ruleArn: "arn:aws:events:ca-central-1:111122223333:rule/facestack-dev-InputUploads",
    ruleName: "facestack-dev-InputUploads", ingestionTime: "2021-11-12T00:00:01Z")

  @Test func inputUploadsStartTheWorkflowOnlyForInputKeys() throws {
    let rule = try Self.rule("InputUploads")
    #expect(rule.pattern.matches(try Self.objectCreated(key: "input/cam-1/lobby.jpg")))
    #expect(!rule.pattern.matches(try Self.objectCreated(key: "enroll/alice/1.jpg")))
    #expect(!rule.pattern.matches(try Self.objectCreated(key: "processed/cam-1/lobby.jpg.json")))
    let why = rule.pattern.explain(try Self.objectCreated(key: "processed/cam-1/lobby.jpg.json"))
    #expect(
      why?.description
        == #"detail.object.key: "processed/cam-1/lobby.jpg.json" matches none of [{"prefix":"input/"}]"#
    )
    var otherBucket = try Self.objectCreated(key: "input/a.jpg").compactText
    otherBucket = otherBucket.replacingOccurrences(of: Self.bucket, with: "someone-else")
    #expect(!rule.pattern.matches(try json(otherBucket)))
    let deleted = try Self.objectCreated(key: "input/a.jpg").setting(
      "detail-type", to: .string("Object Deleted"))
    #expect(rule.pattern.explain(deleted)?.field == "detail-type")
  }

  @Test func enrollUploadsInvokeEnrollOnlyForEnrollKeys() throws {
    let rule = try Self.rule("EnrollUploads")
    #expect(rule.pattern.matches(try Self.objectCreated(key: "enroll/alice/1.jpg")))
    #expect(!rule.pattern.matches(try Self.objectCreated(key: "input/cam-1/lobby.jpg")))
    // No input option: the enroll function receives the whole event.
    let input = try TargetInput(target: rule.target)
    let event = try Self.objectCreated(key: "enroll/alice/1.jpg")
    #expect(try json(input.render(event: event, rule: Self.context)) == event)
  }

  /// The transformer of the InputUploads target builds the execution input of the handlers'
  /// state machine contract; an unversioned bucket's event has no `version-id`, which
  /// EventBridge fills with an empty string.
  @Test func inputUploadsTransformerBuildsTheExecutionInput() throws {
    let rule = try Self.rule("InputUploads")
    let input = try TargetInput(target: rule.target)
    let versioned = try input.render(
      event: Self.objectCreated(key: "input/cam-1/lobby.jpg"), rule: Self.context)
    #expect(
      try json(versioned)
        == json(
          #"""
          {"bucket": "\#(Self.bucket)", "key": "input/cam-1/lobby.jpg",
           "version_id": "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e"}
          """#))
    let unversioned = try input.render(
      event: Self.objectCreated(key: "input/a+b.jpg", versionId: nil), rule: Self.context)
    #expect(try json(unversioned)["version_id"] == .string(""))
    #expect(try json(unversioned)["key"] == .string("input/a+b.jpg"))
  }
}
