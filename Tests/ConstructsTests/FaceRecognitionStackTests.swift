import CloudFormation
import FaceRecognitionStack
import Foundation
import Testing

@testable import Constructs

/// The handlers' contract: what each function reads from its environment.
func manifestEnvironment() throws -> [String: [String]] {
  let data = try Data(
    contentsOf: repositoryRoot.appendingPathComponent(
      "stacks/FaceRecognition/handlers/manifest.json"))
  let root = try TemplateReader.readValue(Array(data), file: "manifest.json")
  var result: [String: [String]] = [:]
  for (name, function) in root["functions"]?.mapValue ?? [:] {
    result[name] = (function["environment"]?.listValue ?? []).compactMap { $0["name"]?.stringValue }
  }
  return result
}

@Test func everyVariableEachHandlerReadsIsSetOnItsFunction() throws {
  let stack = FaceRecognitionStack.build(environment: testEnvironment())
  let template = try Synthesizer(packager: FakePackager()).synthesize(stack).template
  let expected = try manifestEnvironment()
  for (function, logicalID) in [("detect", "Detect"), ("store", "Store"), ("enroll", "Enroll")] {
    let variables =
      template.resources[logicalID]?.properties["Environment"]?["Variables"]?.mapValue?.keys ?? []
    #expect(Set(variables) == Set(expected[function] ?? ["<missing from manifest>"]), "\(function)")
  }
}

@Test func theStackWiresUploadsToTheWorkflowAndEnrollment() throws {
  let stack = FaceRecognitionStack.build(environment: testEnvironment())
  let template = try Synthesizer(packager: FakePackager()).synthesize(stack).template
  let input = try #require(template.resources["InputUploads"])
  #expect(input.properties["EventPattern"]?["detail"]?["object"] == ["key": [["prefix": "input/"]]])
  let target = try #require(input.properties["Targets"]?.listValue?.first)
  #expect(target["Arn"] == .ref("Workflow"))
  #expect(target["RoleArn"] == .getAtt("InputUploadsRole", "Arn"))
  #expect(target["DeadLetterConfig"] == ["Arn": .getAtt("DeadLetters", "Arn")])
  #expect(
    target["InputTransformer"]?["InputTemplate"]
      == #"{"bucket": <bucket>, "key": <key>, "version_id": <version_id>}"#)
  let enroll = try #require(
    template.resources["EnrollUploads"]?.properties["Targets"]?.listValue?.first)
  #expect(enroll["Arn"] == .getAtt("Enroll", "Arn"))
  let permission = try #require(template.resources["EnrollUploadsInvokeEnroll"])
  #expect(permission.properties["SourceArn"] == .getAtt("EnrollUploads", "Arn"))
  #expect(permission.properties["Principal"] == "events.amazonaws.com")
  #expect(
    template.resources["Workflow"]?.properties["DefinitionString"]?.intrinsicValue?.functionName
      == "Fn::Sub")
  for id in ["Images", "Results", "Faces"] {
    #expect(template.resources[id]?.deletionPolicy == .retain, "\(id) is retained")
  }
  #expect(
    template.outputs.keys.contains("ImagesBucketName")
      && template.outputs.keys.contains("StateMachineArn"))
}

@Test func everyTaggableResourceCarriesTheEnvironmentsTags() throws {
  let stack = FaceRecognitionStack.build(environment: testEnvironment())
  let template = try Synthesizer(packager: FakePackager()).synthesize(stack).template
  for (id, resource) in template.resources {
    guard let facts = ResourceFactsLookup.facts(resource.type), facts.isTaggable,
      facts.tagsPath == "/properties/Tags"
    else { continue }
    let tags = resource.properties["Tags"]
    let hasProject =
      tags?.listValue?.contains { $0["Key"] == "Project" } ?? (tags?["Project"] != nil)
    #expect(hasProject, "\(id) is tagged")
  }
}

/// The workflow the stack synthesizes is the handlers' recommended definition
/// (handlers/manifest.json), so the Lambdas get the payloads they parse.
@Test func theWorkflowIsTheHandlersRecommendedDefinition() throws {
  let stack = FaceRecognitionStack.build(environment: testEnvironment())
  let template = try Synthesizer(packager: FakePackager()).synthesize(stack).template
  guard
    case .intrinsic(.sub(let json, let variables))? = template.resources["Workflow"]?.properties[
      "DefinitionString"]
  else {
    Issue.record("DefinitionString is not an Fn::Sub")
    return
  }
  #expect(variables.keys == ["DetectFunctionArn", "StoreFunctionArn"])
  let synthesized = try TemplateReader.readValue(
    Array(json.replacingOccurrences(of: "arn:${AWS::Partition}:", with: "arn:aws:").utf8),
    file: "definition")
  let data = try Data(
    contentsOf: repositoryRoot.appendingPathComponent(
      "stacks/FaceRecognition/handlers/manifest.json"))
  let manifest = try TemplateReader.readValue(Array(data), file: "manifest.json")
  let recommended = try #require(manifest["state_machine"]?["recommended_definition"])
  #expect(sortedDeep(synthesized) == sortedDeep(recommended))
}

func sortedDeep(_ value: Value) -> Value {
  switch value {
  case .list(let list): return .list(list.map(sortedDeep))
  case .map(let map): return .map(map.mapValues(sortedDeep).sortedByKey())
  case .number(let number): return .number(Number(number.doubleValue ?? 0))
  default: return value
  }
}
