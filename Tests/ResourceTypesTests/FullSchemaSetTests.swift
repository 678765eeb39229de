import CloudFormation
import Foundation
import Testing

@testable import generate_resources

/// Runs the generator over every us-east-1 type in the pinned cfn-lint set (about 1,850, from
/// `Schemas/all-us-east-1.jsonl`) and fails on any construct it does not handle, so adding a type
/// to `Schemas/types.txt` never meets a surprise.
@Suite struct FullSchemaSetTests {
  @Test func everyTypeInThePinnedSetGeneratesWithoutUnhandledConstructs() throws {
    let text = try String(
      contentsOf: PackagePaths.schemas.appendingPathComponent("all-us-east-1.jsonl"),
      encoding: .utf8)
    let lines = text.split(separator: "\n")
    let provenance = try JSONSerialization.jsonObject(
      with: Data(contentsOf: PackagePaths.schemas.appendingPathComponent("PROVENANCE.json")))
    let expectedCount = try #require((provenance as? [String: Any])?["allTypeCount"] as? Int)
    #expect(lines.count == expectedCount)
    #expect(lines.count > 1_800)

    var swiftNames: [String: String] = [:]
    var problems: [String] = []
    for line in lines {
      let schema = try JSONDocument.parse(String(line))
      let type = Generator.generate(schema: schema, sourcePath: "Schemas/all-us-east-1.jsonl")
      problems += type.issues.map { "\(type.typeName): \($0)" }
      if let other = swiftNames[type.swiftName] {
        problems.append("\(type.typeName) and \(other) both generate \(type.swiftName)")
      }
      swiftNames[type.swiftName] = type.typeName
      if !type.file.contents.contains("public struct \(type.swiftName): ResourceProperties {") {
        problems.append("\(type.typeName): no struct \(type.swiftName)")
      }
    }
    #expect(
      problems.isEmpty,
      "\(problems.count) problems:\n\(problems.prefix(40).joined(separator: "\n"))")
  }

  @Test func anUnknownKeywordIsReported() throws {
    let schema = try JSONDocument.parse(
      ##"{"typeName":"Test::Unit::Thing","properties":{"A":{"type":"string","frobnicate":1},"B":{"$ref":"#/definitions/Missing"},"C":{"type":"tuple"}},"additionalProperties":false,"primaryIdentifier":[]}"##
    )
    let issues = Generator.generate(schema: schema, sourcePath: "test").issues
    #expect(issues.contains("/properties/A: unknown keyword frobnicate"))
    #expect(issues.contains("/properties/B: unresolvable $ref #/definitions/Missing"))
    #expect(issues.contains("/properties/C: unknown type tuple"))
  }
}
