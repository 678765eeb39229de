import Foundation

/// `generate-resources [--schemas DIR] [--output DIR] [--check]`: regenerates
/// `Sources/ResourceTypes/Generated/` from `Schemas/` (paths relative to the working directory,
/// the package root under `swift run`). Stale generated files are removed. `--check` writes
/// nothing and exits 1 when the committed files differ from a fresh generation.
@main
struct GenerateResources {
  static func main() {
    var schemas = "Schemas"
    var output = "Sources/ResourceTypes/Generated"
    var checkOnly = false
    var arguments = CommandLine.arguments.dropFirst().makeIterator()
    while let argument = arguments.next() {
      switch argument {
      case "--schemas": schemas = arguments.next() ?? schemas
      case "--output": output = arguments.next() ?? output
      case "--check": checkOnly = true
      default:
        FileHandle.standardError.write(
          Data("usage: generate-resources [--schemas DIR] [--output DIR] [--check]\n".utf8))
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
      let directory = URL(fileURLWithPath: output, isDirectory: true)
      if checkOnly {
        let drifted = try drift(Generator.files(for: generated), in: directory)
        guard drifted.isEmpty else {
          FileHandle.standardError.write(
            Data(
              ("generate-resources: out of date: \(drifted.joined(separator: ", ")); "
                + "run swift run generate-resources\n").utf8))
          exit(1)
        }
        return
      }
      try write(Generator.files(for: generated), to: directory)
      FileHandle.standardError.write(
        Data("generate-resources: wrote \(generated.count) types to \(output)\n".utf8))
    } catch {
      FileHandle.standardError.write(Data("generate-resources: \(error)\n".utf8))
      exit(1)
    }
  }

  /// The names of files that a fresh generation would add, change or remove.
  static func drift(_ files: [GeneratedFile], in directory: URL) throws -> [String] {
    let existing = Set(
      (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?
        .filter { $0.hasSuffix(".swift") } ?? [])
    var drifted = existing.subtracting(files.map(\.name))
    for file in files {
      let url = directory.appendingPathComponent(file.name)
      if (try? String(contentsOf: url, encoding: .utf8)) != file.contents {
        drifted.insert(file.name)
      }
    }
    return drifted.sorted()
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
