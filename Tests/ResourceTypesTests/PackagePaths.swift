import Foundation

/// Paths in the package, found from this file so tests run from any working directory.
enum PackagePaths {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let schemas = root.appendingPathComponent("Schemas", isDirectory: true)
  static let generated = root.appendingPathComponent(
    "Sources/ResourceTypes/Generated", isDirectory: true)
}
