import CloudFormation
import Foundation
import Testing

@testable import StackDiff

/// The corpus of real public templates of the template reader's issue, vendored under
/// `Tests/CloudFormationTests/Corpus/` with a manifest. Every template file in it (`.yaml`,
/// `.yml`, `.json`, `.template`, at any depth) is diffed against itself: nothing is skipped, and
/// a missing folder fails the test.
private let corpusFolder = fixturesFolder.deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("CloudFormationTests/Corpus")

private let templateExtensions: Set<String> = ["yaml", "yml", "json", "template"]

/// The manifest's own files, which are not templates.
private let manifestNames: Set<String> = ["manifest.json", "MANIFEST.json"]

/// Every template file of the corpus, relative to its folder, sorted.
private func corpusFiles() throws -> [String] {
  var isFolder: ObjCBool = false
  guard FileManager.default.fileExists(atPath: corpusFolder.path, isDirectory: &isFolder),
    isFolder.boolValue
  else {
    throw CorpusError(
      "\(corpusFolder.path) is missing: the corpus of the template reader's issue (200+ public "
        + "templates with a manifest) must be vendored there")
  }
  guard let walker = FileManager.default.enumerator(atPath: corpusFolder.path) else {
    throw CorpusError("\(corpusFolder.path) cannot be listed")
  }
  var files: [String] = []
  for case let path as String in walker {
    let url = corpusFolder.appendingPathComponent(path)
    var folder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &folder),
      !folder.boolValue, !manifestNames.contains(url.lastPathComponent),
      templateExtensions.contains(url.pathExtension.lowercased())
    else { continue }
    files.append(path)
  }
  return files.sorted()
}

/// The paths the manifest marks as templates the reader must refuse (`"expect": "refused"`),
/// when it says so; a refused file is only accepted when the manifest expects it.
private func expectedRefusals() throws -> Set<String> {
  var result: Set<String> = []
  for name in manifestNames {
    let url = corpusFolder.appendingPathComponent(name)
    guard let data = FileManager.default.contents(atPath: url.path) else { continue }
    let manifest = try TemplateReader.readValue(Array(data), file: url.path)
    for entry in manifest["templates"]?.listValue ?? [] {
      if entry["expect"]?.stringValue == "refused", let path = entry["path"]?.stringValue {
        result.insert(path)
      }
    }
  }
  return result
}

private struct CorpusError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// `value` with every map's keys in reverse order: the same template to CloudFormation.
private func reversed(_ value: Value) -> Value {
  switch value {
  case .map(let map):
    return .map(OrderedMap(map.reversed().map { ($0.key, reversed($0.value)) }))
  case .list(let items): return .list(items.map(reversed))
  default: return value
  }
}

@Test func everyCorpusTemplateDiffsQuietlyAgainstItself() throws {
  let files = try corpusFiles()
  #expect(!files.isEmpty, "\(corpusFolder.path) holds no template")
  let refusals = try expectedRefusals()
  var diffed = 0
  var refused = 0
  for file in files {
    let url = corpusFolder.appendingPathComponent(file)
    let bytes = Array(try Data(contentsOf: url))
    let template: Template
    do {
      template = try TemplateReader.read(bytes, file: file)
    } catch {
      let expected = refusals.contains { file.hasSuffix($0) || $0.hasSuffix(file) }
      #expect(expected, "\(file): the reader refuses it: \(error)")
      refused += 1
      continue
    }
    // The template itself, and the same template with every map's keys in reverse order read
    // back from JSON: no change, no IAM or security-group change, nothing rendered but "no
    // changes".
    let document = try TemplateReader.readValue(
      Array(TemplateWriter.json(try TemplateReader.readValue(bytes, file: file)).utf8), file: file)
    let shuffled = try TemplateReader.read(
      Array(TemplateWriter.json(reversed(document)).utf8), file: file + " (keys reversed)")
    for other in [template, shuffled] {
      let report = TemplateDiffer().diff(from: template, to: other, fromLabel: "a", toLabel: "b")
      #expect(!report.hasChanges, "\(file): \(TextRenderer().render(report))")
      #expect(report.iamStatements.isEmpty, "\(file): \(report.iamStatements)")
      #expect(report.securityGroupRules.isEmpty, "\(file)")
      #expect(TextRenderer().render(report) == "a → b\nno changes\n", "\(file)")
    }
    diffed += 1
  }
  #expect(diffed + refused == files.count)
  #expect(diffed > 0)
}
