import Foundation

/// `generate-resources [--schemas DIR] [--output DIR]`: regenerates
/// `Sources/ResourceTypes/Generated/` from `Schemas/` (paths relative to the working directory,
/// the package root under `swift run`). Stale generated files are removed.
@main
struct GenerateResources {
  static func main() {
    var schemas = "Schemas"
    var output = "Sources/ResourceTypes/Generated"
    var arguments = CommandLine.arguments.dropFirst().makeIterator()
    while let argument = arguments.next() {
      switch argument {
      case "--schemas": schemas = arguments.next() ?? schemas
      case "--output": output = arguments.next() ?? output
      default:
        FileHandle.standardError.write(
          Data("usage: generate-resources [--schemas DIR] [--output DIR]\n".utf8))
        exit(2)
      }
    }
    do {
      let generated = try Generator.generateAll(
        schemasDirectory: URL(fileURLWithPath: schemas, isDirectory: true))
      let issues = generated.flatMap { type in type.issues.map { "\(type.typeName): \($0)" } }
      guard issues.isEmpty else {
        FileHandle.standardError.write(Data((issues.joined(separator: "\n") + "\n").utf8))
        exit(1)
      }
      try write(
        Generator.files(for: generated), to: URL(fileURLWithPath: output, isDirectory: true))
      FileHandle.standardError.write(
        Data("generate-resources: wrote \(generated.count) types to \(output)\n".utf8))
    } catch {
      FileHandle.standardError.write(Data("generate-resources: \(error)\n".utf8))
      exit(1)
    }
  }

  static func write(_ files: [GeneratedFile], to directory: URL) throws {
    let manager = FileManager.default
    try manager.createDirectory(at: directory, withIntermediateDirectories: true)
    let wanted = Set(files.map(\.name))
    for existing in try manager.contentsOfDirectory(atPath: directory.path)
    where existing.hasSuffix(".swift") && !wanted.contains(existing) {
      try manager.removeItem(at: directory.appendingPathComponent(existing))
    }
    for file in files {
      let url = directory.appendingPathComponent(file.name)
      if (try? String(contentsOf: url, encoding: .utf8)) == file.contents { continue }
      try Data(file.contents.utf8).write(to: url, options: .atomic)
    }
  }
}
