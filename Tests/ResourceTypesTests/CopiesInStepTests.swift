import CloudFormation
import Foundation
import Testing

@testable import ResourceTypes
@testable import generate_resources

/// The generator and ResourceTypes each keep a copy of the ECMA → ICU pattern translation (the
/// generator must build without the module it generates). These tests keep the copies in step.
/// Both read schemas with the template model's JSON reader (`JSONDocument`).
@Suite struct CopiesInStepTests {
  @Test func patternTranslation() {
    let cases: [(String, String)] = [
      ("", "(?:)"),
      (#"^[a-z,. _\-:/()#,@[\]+=&;\{\}!$*]*$"#, #"^[a-z,. _\-:/()#,@\[\]+=&;\{\}!$*]*$"#),
      (#"^\{config\-name}$"#, #"^\{config\-name\}$"#),
      (#"^[a-z]{1,4}$"#, #"^[a-z]{1,4}$"#),
      (#"^(\/(?!\.)+[^/]+)$"#, #"^(\/(?!\.)[^/]+)$"#),
      (#"^\P{C}*$"#, #"^\P{C}*$"#),
      (#"[a&&b]"#, #"[a\&&b]"#),
    ]
    for (ecma, icu) in cases {
      #expect(ECMAPattern.icu(ecma) == icu, "\(ecma)")
      #expect(ICUPattern.icu(ecma) == icu, "\(ecma)")
    }
  }

  @Test func bothCopiesAgreeOnEveryPatternOfThePinnedSet() throws {
    let text = try String(
      contentsOf: PackagePaths.schemas.appendingPathComponent("all-us-east-1.jsonl"),
      encoding: .utf8)
    var patterns: Set<String> = []
    func collect(_ node: JSON) {
      switch node {
      case .object(let members):
        for (key, value) in members {
          if key == "pattern", let pattern = value.stringValue { patterns.insert(pattern) }
          collect(value)
        }
      case .array(let elements): elements.forEach(collect)
      default: break
      }
    }
    for line in text.split(separator: "\n") { collect(try JSONDocument.parse(String(line))) }
    #expect(patterns.count > 1_000)
    let disagreements = patterns.filter { ECMAPattern.icu($0) != ICUPattern.icu($0) }
    #expect(disagreements.isEmpty, "\(disagreements.sorted().prefix(10))")
  }
}
