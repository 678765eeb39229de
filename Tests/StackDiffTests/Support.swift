import CloudFormation
import Foundation
import Testing

@testable import StackDiff

/// The folder of this test target's fixtures.
let fixturesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .appendingPathComponent("Fixtures")

/// The template in `Fixtures/name`.
func template(_ name: String) throws -> Template {
  let bytes = Array(try Data(contentsOf: fixturesFolder.appendingPathComponent(name)))
  return try TemplateReader.read(bytes, file: name)
}

/// The report of the fixture pair `name.a.yaml` → `name.b.yaml`.
func pairReport(_ name: String, options: TemplateDiffer.Options = .init()) throws -> ChangeReport {
  TemplateDiffer(options: options).diff(
    from: try template("\(name).a.yaml"), to: try template("\(name).b.yaml"),
    fromLabel: "\(name).a.yaml", toLabel: "\(name).b.yaml")
}

/// Compares `actual` with a committed reference file; `FACESTACK_RECORD=1` rewrites it.
func expectMatchesReference(
  _ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation
) throws {
  let url = fixturesFolder.appendingPathComponent(name)
  if ProcessInfo.processInfo.environment["FACESTACK_RECORD"] == "1" {
    try Data(actual.utf8).write(to: url)
    return
  }
  guard let data = try? Data(contentsOf: url) else {
    Issue.record(
      "\(name) is missing (FACESTACK_RECORD=1 writes it)", sourceLocation: sourceLocation)
    return
  }
  let expected = String(decoding: data, as: UTF8.self)
  guard actual != expected else { return }
  let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
  let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
  let first =
    Array(zip(actualLines, expectedLines)).firstIndex { $0.0 != $0.1 }
    ?? min(actualLines.count, expectedLines.count)
  let got = first < actualLines.count ? String(actualLines[first]) : "<end>"
  let want = first < expectedLines.count ? String(expectedLines[first]) : "<end>"
  Issue.record(
    "\(name) differs at line \(first + 1):\n  expected: \(want)\n  actual:   \(got)\n(FACESTACK_RECORD=1 rewrites it)",
    sourceLocation: sourceLocation)
}
