import CloudFormation
import Testing

@testable import StackDiff

@Test func environmentsDifferInNamesAndSizes() throws {
  let report = try pairReport("environments")
  let impacts = Dictionary(uniqueKeysWithValues: report.resources.map { ($0.logicalID, $0.impact) })
  #expect(
    impacts == [
      "DetectFunction": .willReplace, "DetectLogGroup": .willReplace, "DetectRole": .willReplace,
      "Results": .willReplace,
    ])
  #expect(report.iamStatements.count == 4)
}

@Test func normalizedNamesLeaveOnlyTheSizingDifferences() throws {
  let report = try pairReport(
    "environments", options: .init(normalizedNames: NamePrefixes(from: "dev", to: "prod")))
  try expectMatchesReference(TextRenderer().render(report), "environments.normalized.report.txt")
  let changed = report.resources.flatMap { change in
    change.changes.map { "\(change.logicalID) \($0.path)" }
  }
  // The `Stage` tag's value is the prefix itself (`dev`, `prod`), so it folds too.
  #expect(
    changed == [
      "DetectFunction Properties.MemorySize", "DetectLogGroup Properties.RetentionInDays",
    ])
  #expect(report.resources.allSatisfy { $0.impact == .update })
  #expect(report.iamStatements.isEmpty)
  #expect(report.normalizedNames == NamePrefixes(from: "dev", to: "prod"))
}

@Test func prefixFoldsOnlyWholeNames() {
  let placeholder = NameNormalizer.placeholder
  #expect(NameNormalizer.fold("dev-images", prefix: "dev") == placeholder + "-images")
  #expect(
    NameNormalizer.fold("/aws/lambda/dev-detect", prefix: "dev") == "/aws/lambda/" + placeholder
      + "-detect")
  #expect(NameNormalizer.fold("devImages", prefix: "dev") == placeholder + "Images")
  #expect(NameNormalizer.fold("device", prefix: "dev") == "device")
  #expect(NameNormalizer.fold("mydev-x", prefix: "dev") == "mydev-x")
  #expect(NameNormalizer.fold("dev", prefix: "dev") == placeholder)
  #expect(
    NameNormalizer.fold("SELECT * FROM facestack_dev.faces", prefix: "facestack-dev")
      == "SELECT * FROM \(placeholder).faces")
}

@Test func semanticEqualities() throws {
  func diff(
    _ old: Value, _ new: Value, type: String = "AWS::Lambda::Function", key: String = "Value"
  ) -> [PropertyChange] {
    let before = Template(resources: [
      "R": Resource(type: type, properties: OrderedMap([(key, old)]))
    ])
    let after = Template(resources: [
      "R": Resource(type: type, properties: OrderedMap([(key, new)]))
    ])
    return TemplateDiffer().diff(from: before, to: after).resources.first?.changes ?? []
  }
  // Numbers and their strings, Sub without variables, Join of literals, map key order.
  #expect(diff(512, "512").isEmpty)
  #expect(diff(true, "true").isEmpty)
  #expect(diff(.sub("plain"), "plain").isEmpty)
  #expect(diff(.join("-", ["a", "b"]), "a-b").isEmpty)
  #expect(diff(["A": 1, "B": 2], ["B": 2, "A": 1]).isEmpty)
  // Intrinsics compare structurally.
  #expect(diff(.getAtt("A", "Arn"), .getAtt("A", "Arn")).isEmpty)
  #expect(
    diff(.getAtt("A", "Arn"), .getAtt("B", "Arn")).map(\.path.description) == ["Properties.Value"])
  // An ordered list: an inserted element is one addition, not a cascade.
  let inserted = diff(["a", "b", "c"], ["a", "x", "b", "c"], key: "Layers")
  #expect(inserted.map(\.path.description) == ["Properties.Layers[1]"])
  #expect(inserted.first?.kind == .added)
  // A tag whose value changed is matched by its key in an unordered list.
  let tags = diff(
    [["Key": "Stage", "Value": "dev"], ["Key": "Team", "Value": "ml"]],
    [["Key": "Team", "Value": "ml"], ["Key": "Stage", "Value": "prod"]], key: "Tags")
  #expect(tags.map(\.path.description) == ["Properties.Tags[Key=Stage].Value"])
  // A JSON string property compares as parsed JSON: formatting and key order are no change.
  #expect(
    diff(
      "{\"a\": 1, \"b\": [1, 2]}", "{\"b\":[1,2],\"a\":1}", type: "AWS::CloudWatch::Dashboard",
      key: "DashboardBody"
    ).isEmpty)
}

@Test func unknownTypeIsReportedHonestly() throws {
  let before = Template(resources: [
    "Pipe": Resource(type: "AWS::Pipes::Pipe", properties: ["Name": "a"])
  ])
  let after = Template(resources: [
    "Pipe": Resource(type: "AWS::Pipes::Pipe", properties: ["Name": "b"])
  ])
  let change = try #require(TemplateDiffer().diff(from: before, to: after).resources.first)
  #expect(change.impact == .unknown)
  #expect(change.changes.first?.replacement == .unknown)
  #expect(change.hint?.contains("not in the resource facts") == true)
  // Attribute-only changes do not touch the resource, whatever its type.
  var retained = before
  retained.resources["Pipe"]?.deletionPolicy = .retain
  #expect(TemplateDiffer().diff(from: before, to: retained).resources.first?.impact == .update)
}

@Test func typeChangeReplaces() throws {
  let before = Template(resources: ["Queue": Resource(type: "AWS::SQS::Queue")])
  let after = Template(resources: ["Queue": Resource(type: "AWS::SNS::Topic")])
  let change = try #require(TemplateDiffer().diff(from: before, to: after).resources.first)
  #expect(change.impact == .willReplace)
  #expect(change.oldType == "AWS::SQS::Queue")
  #expect(change.replacementCauses.map(\.description) == ["Type"])
  #expect(change.danger?.retained == false)
}

@Test func conditionChangeGetsAHint() throws {
  let before = Template(resources: ["Fleet": Resource(type: "AWS::SQS::Queue")])
  var after = before
  after.resources["Fleet"]?.condition = "EnableFleet"
  let change = try #require(TemplateDiffer().diff(from: before, to: after).resources.first)
  #expect(change.impact == .update)
  #expect(change.changes.map(\.path.description) == ["Condition"])
  #expect(change.hint?.contains("may be created or deleted") == true)
}
