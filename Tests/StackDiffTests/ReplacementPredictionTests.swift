import CloudFormation
import ResourceTypes
import Testing

@testable import StackDiff

/// A value with `leaf` at the schema path's components below `/properties` (`*` is a list of one
/// element), as the properties of a resource.
private func properties(at path: String, leaf: Value) -> OrderedMap<Value> {
  let parts = path.split(separator: "/").dropFirst().map(String.init)
  var value = leaf
  for part in parts.dropFirst().reversed() {
    value = part == "*" ? .list([value]) : .map([part: value])
  }
  return parts.first.map { [$0: value] } ?? [:]
}

/// The impact of changing the value at `path` from "a" to "b" on a resource of `type`, with
/// `extra` properties on both sides.
private func impact(
  _ type: String, changing path: String, extra: OrderedMap<Value> = [:]
) -> ResourceChange? {
  func template(_ leaf: Value) -> Template {
    var values = extra
    for (key, value) in properties(at: path, leaf: leaf) { values[key] = value }
    return Template(resources: ["R": Resource(type: type, properties: values)])
  }
  return TemplateDiffer().diff(from: template("old-value"), to: template("new-value")).resources
    .first
}

/// Every create-only and conditionally create-only path of every generated type (corrections
/// applied), and what the facts say a change there does.
private let factPaths: [(type: String, path: String, rule: ResourceTypes.ReplacementRule)] =
  ResourceFacts.typeNames.flatMap { type -> [(String, String, ResourceTypes.ReplacementRule)] in
    guard let facts = ResourceFacts.for(type: type) else { return [] }
    let paths = facts.createOnlyPaths + facts.conditionalCreateOnlyPaths + facts.immutablePaths
    return paths.map { path in
      (type, path, facts.replacement(forChangeAt: path.replacingOccurrences(of: "*", with: "0")))
    }
  }

@Test func everyGeneratedTypeHasFactsToTest() {
  #expect(ResourceFacts.typeNames.count == 53)
  #expect(factPaths.count > 150)
  #expect(factPaths.contains { $0.rule == .mayReplace })
  #expect(factPaths.contains { $0.path.split(separator: "/").count > 2 })
}

@Test func aCreateOnlyChangeReplacesAndAConditionalOneMayReplaceForEveryGeneratedType() {
  var checked = 0
  for (type, path, rule) in factPaths {
    guard let facts = ResourceFacts.for(type: type) else { continue }
    // A create-only path always replaces (or fails the update: reported as a replacement); a
    // conditionally create-only one may replace, unless a create-only ancestor decides.
    if facts.createOnlyPaths.contains(path) || facts.immutablePaths.contains(path) {
      #expect(rule == .replaces || rule == .failsUpdate, "\(type) \(path)")
    } else {
      #expect(rule == .mayReplace || rule == .replaces, "\(type) \(path)")
    }
    let expected: ResourceImpact = rule == .mayReplace ? .mayReplace : .willReplace
    let change = impact(type, changing: path)
    #expect(change?.impact == expected, "\(type) \(path): \(String(describing: change?.impact))")
    #expect(change?.impactSource == .resourceFacts)
    checked += 1
  }
  #expect(checked == factPaths.count)
}

@Test func aReplacementThatKeepsACustomNameIsBlockedForEveryNamedType() {
  var checked = 0
  for type in ResourceFacts.typeNames {
    guard let facts = ResourceFacts.for(type: type), !facts.customNamePaths.isEmpty else {
      continue
    }
    var names: OrderedMap<Value> = [:]
    for path in facts.customNamePaths {
      names[String(path.split(separator: "/")[1])] = "my-name"
    }
    let others = facts.createOnlyPaths.filter { path in
      !facts.customNamePaths.contains { path.hasPrefix($0) }
    }
    for path in others {
      let change = impact(type, changing: path, extra: names)
      #expect(change?.impact == .willReplace, "\(type) \(path)")
      let block = change?.customNameBlock
      #expect(block?.certain == true, "\(type) \(path)")
      #expect(
        block?.properties.map(\.description)
          == facts.customNamePaths.map { "Properties." + $0.split(separator: "/")[1] },
        "\(type) \(path)")
      #expect(
        block?.message.hasPrefix("cannot be replaced while it has a custom name: change ") == true)
      checked += 1
    }
    // Changing the name itself replaces the resource under the new name: nothing blocks it.
    for path in facts.customNamePaths {
      let renamed = impact(type, changing: path, extra: names)
      #expect(renamed?.impact == .willReplace, "\(type) \(path)")
      #expect(renamed?.customNameBlock == nil, "\(type) \(path)")
    }
    // Without a name, CloudFormation names the replacement: nothing blocks it.
    if let path = others.first {
      #expect(impact(type, changing: path)?.customNameBlock == nil, "\(type)")
    }
  }
  #expect(checked > 20)
}

@Test func theTableNameCaseReadsAsAWSSaysIt() throws {
  let report = try pairReport("key-schema")
  let table = try #require(report.resources.first)
  #expect(table.impact == .willReplace)
  #expect(
    table.customNameBlock?.message
      == "cannot be replaced while it has a custom name: change Properties.TableName (or remove "
      + "it to let CloudFormation name the replacement)")
  let json = try TemplateReader.readValue(
    Array(JSONRenderer().render(report).utf8), file: "report")
  #expect(
    json["resources"]?.listValue?.first?["customName"]
      == [
        "properties": ["Properties.TableName"], "certain": true,
        "message": .string(table.customNameBlock?.message ?? ""),
      ])
  let markdown = MarkdownRenderer().render(report)
  #expect(markdown.contains("> **Results** (`AWS::DynamoDB::Table`): cannot be replaced while"))
}

@Test func addingAnObjectThatHoldsACreateOnlyPropertyReplaces() {
  // The change is recorded where the object appears; a create-only property inside it still
  // replaces the resource (a nested create-only path set where nothing was).
  let nested = factPaths.filter { $0.path.split(separator: "/").count > 2 && $0.rule == .replaces }
  #expect(!nested.isEmpty)
  for (type, path, _) in nested {
    let before = Template(resources: ["R": Resource(type: type)])
    let after = Template(resources: [
      "R": Resource(type: type, properties: properties(at: path, leaf: "value"))
    ])
    let change = TemplateDiffer().diff(from: before, to: after).resources.first
    #expect(change?.impact == .willReplace, "\(type) \(path)")
  }
}
