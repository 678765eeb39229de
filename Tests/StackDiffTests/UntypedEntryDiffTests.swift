import CloudFormation
import Testing

@testable import StackDiff

/// What a transform or a macro reads is kept by the reader as written (`Fn::ForEach` blocks,
/// SAM's `Globals`, a macro's keys, a resource's `Version`); a change there is a change.
private func report(_ old: String, _ new: String) throws -> ChangeReport {
  TemplateDiffer().diff(
    from: try TemplateReader.read(Array(old.utf8), file: "old.yaml"),
    to: try TemplateReader.read(Array(new.utf8), file: "new.yaml"))
}

private let forEach = """
  AWSTemplateFormatVersion: "2010-09-09"
  Transform: AWS::LanguageExtensions
  Resources:
    Fn::ForEach::Topics:
      - Name
      - [Alpha, Beta]
      - Topic${Name}:
          Type: AWS::SNS::Topic
          Properties:
            DisplayName: first
  """

@Test func aChangeInsideAForEachBlockIsAChangeOfThatBlock() throws {
  let changed = try report(forEach, forEach.replacingOccurrences(of: "first", with: "second"))
  let entry = try #require(changed.template.first)
  #expect(entry.name == "Resources.Fn::ForEach::Topics")
  #expect(entry.kind == .changed)
  #expect(try report(forEach, forEach).template.isEmpty)
  #expect(TextRenderer().render(changed).contains("second"))
}

@Test func samGlobalsAreCompared() throws {
  let sam = """
    Transform: AWS::Serverless-2016-10-31
    Globals:
      Function:
        Timeout: 5
    Resources:
      Topic:
        Type: AWS::SNS::Topic
    """
  let changed = try report(sam, sam.replacingOccurrences(of: "Timeout: 5", with: "Timeout: 9"))
  #expect(changed.template.map(\.name) == ["Globals"])
}

@Test func aResourcesVersionAndAMacrosKeysAreCompared() throws {
  let template = """
    Transform: Count
    Resources:
      Topic:
        Type: AWS::SNS::Topic
        Version: "1"
        Count: 3
    """
  let version = try report(
    template, template.replacingOccurrences(of: "Version: \"1\"", with: "Version: \"2\""))
  #expect(version.resources.first?.changes.map(\.path.description) == ["Version"])
  let count = try report(template, template.replacingOccurrences(of: "Count: 3", with: "Count: 4"))
  #expect(count.resources.first?.changes.map(\.path.description) == ["Count"])
  #expect(try report(template, template).resources.isEmpty)
}
