import Foundation
import Testing

@testable import CloudFormation

/// The folder of this test target's fixtures.
let fixturesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .appendingPathComponent("Fixtures")

func fixture(_ name: String) throws -> [UInt8] {
  Array(try Data(contentsOf: fixturesFolder.appendingPathComponent(name)))
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
  let expected = String(decoding: try Data(contentsOf: url), as: UTF8.self)
  if actual != expected {
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
}
