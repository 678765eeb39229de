import Foundation
import Testing

/// `docs/architecture.md` names every module that exists, and only those.
@Suite("architecture document")
struct ArchitectureDocumentTests {
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The module folders the document's table names (`Sources/X`, `stacks/X`, `Benchmarks/X`).
  func documentedModules() throws -> Set<String> {
    let text = try String(
      contentsOf: root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
    let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `") }
    return Set(
      rows.compactMap { row -> String? in
        let cell = row.dropFirst(3)
        return cell.firstIndex(of: "`").map { String(cell[..<$0]) }
      })
  }

  /// Every target folder: the folders under `Sources/`, plus the `path:` targets of the package.
  func existingModules() throws -> Set<String> {
    let sources = try FileManager.default.contentsOfDirectory(
      atPath: root.appendingPathComponent("Sources").path
    ).filter { !$0.hasPrefix(".") }.map { "Sources/\($0)" }
    let manifest = try String(
      contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
    let paths = manifest.split(separator: "\n").compactMap { line -> String? in
      guard let start = line.range(of: "path: \"") else { return nil }
      let rest = line[start.upperBound...]
      return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
    return Set(sources + paths)
  }

  @Test func everyModuleNamedExistsAndEveryModuleIsNamed() throws {
    let documented = try documentedModules()
    let existing = try existingModules()
    #expect(documented.subtracting(existing).sorted() == [], "named but missing")
    #expect(existing.subtracting(documented).sorted() == [], "present but not named")
    for module in documented {
      var isDirectory: ObjCBool = false
      #expect(
        FileManager.default.fileExists(
          atPath: root.appendingPathComponent(module).path, isDirectory: &isDirectory)
          && isDirectory.boolValue, "\(module)")
    }
  }
}
