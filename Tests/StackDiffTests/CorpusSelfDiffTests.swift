import CloudFormation
import Foundation
import Testing

@testable import StackDiff

/// The corpus of real public templates of the template reader's issue: the templates that
/// `Tests/CloudFormationTests/Fixtures/Corpus/manifest.json` lists, fetched by `make deps` into
/// `.build/corpus/templates/<source>/<path>` (`FACESTACK_CORPUS` names another folder). Every
/// template the manifest expects to be read is diffed against itself; nothing is skipped, and a
/// missing template fails the test.
private let repositoryRoot = fixturesFolder.deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()
private let manifestURL = repositoryRoot.appendingPathComponent(
  "Tests/CloudFormationTests/Fixtures/Corpus/manifest.json")
private let corpusFolder = URL(
  fileURLWithPath: ProcessInfo.processInfo.environment["FACESTACK_CORPUS"]
    ?? repositoryRoot.appendingPathComponent(".build/corpus").path)

/// Every template of the manifest (its path under the corpus folder) and whether the reader
/// must refuse it.
private func corpusFiles() throws -> [(path: String, refused: Bool)] {
  guard let data = FileManager.default.contents(atPath: manifestURL.path) else {
    throw CorpusError("\(manifestURL.path) is missing")
  }
  let manifest = try TemplateReader.readValue(Array(data), file: manifestURL.path)
  return (manifest["templates"]?.listValue ?? []).compactMap { entry in
    guard let source = entry["source"]?.stringValue, let path = entry["path"]?.stringValue else {
      return nil
    }
    return ("templates/\(source)/\(path)", entry["expect"]?.stringValue == "refused")
  }
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
  #expect(files.count >= 200, "\(manifestURL.path) lists \(files.count) templates")
  var diffed = 0
  var refused = 0
  for (file, mustRefuse) in files {
    let url = corpusFolder.appendingPathComponent(file)
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw CorpusError("\(url.path) is missing: run `make deps` (corpus.py fetch)")
    }
    let bytes = Array(data)
    let template: Template
    do {
      template = try TemplateReader.read(bytes, file: file)
    } catch {
      #expect(mustRefuse, "\(file): the reader refuses it: \(error)")
      refused += 1
      continue
    }
    #expect(!mustRefuse, "\(file): the manifest expects a refusal")
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
