import CloudFormation
import Foundation
import Testing

@testable import StackDiff

@Test func markdownReport() throws {
  try expectMatchesReference(MarkdownRenderer().render(try pairReport("mixed")), "mixed.report.md")
}

@Test func jsonReport() throws {
  try expectMatchesReference(JSONRenderer().render(try pairReport("mixed")), "mixed.report.json")
  try expectMatchesReference(
    JSONRenderer().render(try pairReport("state-machine")), "state-machine.report.json")
}

@Test(arguments: fixturePairs)
func jsonReportFollowsTheSchema(_ name: String) throws {
  let schemaURL = fixturesFolder.deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("docs/diff-report.schema.json")
  let schema = try TemplateReader.readValue(Array(try Data(contentsOf: schemaURL)), file: "schema")
  for report in [
    try pairReport(name),
    TemplateDiffer().diff(from: try template("\(name).b.yaml"), to: try template("\(name).a.yaml")),
  ] {
    let text = JSONRenderer().render(report)
    let instance = try TemplateReader.readValue(Array(text.utf8), file: "report")
    let problems = SchemaValidator(root: schema).validate(instance, against: schema, at: "$")
    #expect(problems.isEmpty, "\(name): \(problems)")
  }
}

@Test func schemaValidatorCatchesProblems() throws {
  let schemaURL = fixturesFolder.deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("docs/diff-report.schema.json")
  let schema = try TemplateReader.readValue(Array(try Data(contentsOf: schemaURL)), file: "schema")
  guard case .map(var document) = JSONRenderer().document(try pairReport("mixed")) else {
    Issue.record("not a map")
    return
  }
  document["extra"] = "field"
  document["schemaVersion"] = 2
  let problems = SchemaValidator(root: schema).validate(.map(document), against: schema, at: "$")
  #expect(problems.contains("$.extra: not allowed"))
  #expect(problems.contains { $0.hasPrefix("$.schemaVersion") })
}

@Test func colourOnlyOnATerminalWithoutNoColor() {
  #expect(Terminal.wantsColor(isTTY: true, environment: [:]))
  #expect(!Terminal.wantsColor(isTTY: false, environment: [:]))
  #expect(!Terminal.wantsColor(isTTY: true, environment: ["NO_COLOR": "1"]))
  #expect(Terminal.wantsColor(isTTY: true, environment: ["NO_COLOR": ""]))
  let report = try? pairReport("lambda-memory")
  let plain = report.map { TextRenderer(color: false).render($0) } ?? ""
  let coloured = report.map { TextRenderer(color: true).render($0) } ?? ""
  #expect(!plain.contains("\u{1B}["))
  #expect(coloured.contains("\u{1B}[32m"))
  #expect(
    coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
      == plain)
}

@Test func valuesRenderReadably() {
  #expect(ValueFormatter.format(.getAtt("Results", "Arn")) == "${Results.Arn}")
  #expect(ValueFormatter.format(.ref("Images")) == "${Images}")
  #expect(ValueFormatter.format(.sub("${Images.Arn}/input/*")) == "!Sub \"${Images.Arn}/input/*\"")
  #expect(ValueFormatter.format(["a", 1, true]) == "[\"a\", 1, true]")
  #expect(ValueFormatter.format(.join("-", ["a", .ref("B")])) == "!Join [\"-\", [\"a\", ${B}]]")
  // Nothing is ever cut.
  let long = String(repeating: "abcdefghij", count: 30)
  #expect(ValueFormatter.format(.string(long)) == "\"" + long + "\"")
  #expect(ValueFormatter.format(nil) == "(absent)")
}

/// A small JSON Schema validator: the keywords `docs/diff-report.schema.json` uses.
struct SchemaValidator {
  var root: Value

  func validate(_ value: Value, against schema: Value, at path: String) -> [String] {
    guard case .map(let rules) = schema else { return [] }
    var problems: [String] = []
    if let reference = rules["$ref"]?.stringValue {
      let name = String(reference.dropFirst("#/$defs/".count))
      return validate(value, against: root["$defs"]?[name] ?? .null, at: path)
    }
    if let constant = rules["const"], constant != value {
      problems.append("\(path): expected \(constant)")
    }
    if let allowed = rules["enum"]?.listValue, !allowed.contains(value) {
      problems.append("\(path): \(value) is not one of \(allowed)")
    }
    if let type = rules["type"] {
      let types = type.listValue?.compactMap(\.stringValue) ?? [type.stringValue ?? ""]
      if !types.contains(where: { matches(value, $0) }) {
        problems.append("\(path): expected \(types)")
      }
    }
    if let options = rules["oneOf"]?.listValue {
      let passing = options.filter { validate(value, against: $0, at: path).isEmpty }.count
      if passing != 1 { problems.append("\(path): matches \(passing) of oneOf") }
    }
    if let minimum = rules["minimum"]?.numberValue?.intValue,
      let number = value.numberValue?.intValue, number < minimum
    {
      problems.append("\(path): below \(minimum)")
    }
    if case .map(let map) = value {
      for name in rules["required"]?.listValue?.compactMap(\.stringValue) ?? []
      where !map.contains(name) {
        problems.append("\(path): missing \(name)")
      }
      let properties = rules["properties"]?.mapValue ?? [:]
      for (key, item) in map {
        if let propertySchema = properties[key] {
          problems += validate(item, against: propertySchema, at: "\(path).\(key)")
        } else if rules["additionalProperties"] == false {
          problems.append("\(path).\(key): not allowed")
        }
      }
    }
    if case .list(let list) = value, let items = rules["items"] {
      for (index, item) in list.enumerated() {
        problems += validate(item, against: items, at: "\(path)[\(index)]")
      }
    }
    return problems
  }

  private func matches(_ value: Value, _ type: String) -> Bool {
    switch (type, value) {
    case ("object", .map), ("array", .list), ("string", .string), ("boolean", .bool),
      ("null", .null):
      return true
    case ("integer", .number(let number)): return number.intValue != nil
    case ("number", .number): return true
    default: return false
    }
  }
}
