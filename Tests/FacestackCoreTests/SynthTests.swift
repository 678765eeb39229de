import CloudFormation
import Foundation
import Testing

@testable import FacestackCore

/// A fresh temporary folder for one test.
func temporaryFolder() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent(
    "facestack-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// The repository's root, from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent()
  .deletingLastPathComponent()

/// A copy of the stack's inputs (environments and handlers) in a fresh folder.
func copyOfStackInputs() throws -> URL {
  let folder = try temporaryFolder().appendingPathComponent(
    "checkout-\(UUID().uuidString.prefix(8))")
  let manager = FileManager.default
  try manager.createDirectory(
    at: folder.appendingPathComponent("stacks/FaceRecognition"), withIntermediateDirectories: true)
  try manager.copyItem(
    at: repositoryRoot.appendingPathComponent("stacks/environments"),
    to: folder.appendingPathComponent("stacks/environments"))
  try manager.copyItem(
    at: repositoryRoot.appendingPathComponent("stacks/FaceRecognition/handlers"),
    to: folder.appendingPathComponent("stacks/FaceRecognition/handlers"))
  return folder
}

@Test func aFreshSynthEqualsTheCommittedTemplatesAndPolicies() throws {
  let workspace = Workspace(root: repositoryRoot)
  let synthesis = try workspace.synthesize(environments: nil, format: .yaml)
  let changes = OutputDiff.compare(
    synthesis.files, in: repositoryRoot, owning: synthesis.ownedFolders)
  #expect(
    changes.map(\.description) == [],
    "run 'swift run facestack synth' and commit templates/ and policies/")
  #expect(synthesis.files.keys.contains("templates/dev/FaceRecognition.yaml"))
  #expect(synthesis.files.keys.contains("policies/prod/DetectRole.json"))
}

@Test func synthesisIsByteIdenticalFromCheckoutsAtDifferentPaths() throws {
  let first = try copyOfStackInputs()
  let second = try copyOfStackInputs()
  #expect(first.path != second.path)
  let a = try Workspace(root: first).synthesize(environments: nil, format: .yaml)
  let b = try Workspace(root: second).synthesize(environments: nil, format: .yaml)
  #expect(a.files == b.files)
  #expect(a.assets == b.assets)
  for asset in a.assets {
    let zipA = try Data(
      contentsOf: first.appendingPathComponent(".facestack/assets/\(asset.sha256).zip"))
    let zipB = try Data(
      contentsOf: second.appendingPathComponent(".facestack/assets/\(asset.sha256).zip"))
    #expect(zipA == zipB, "\(asset.name) zip")
    #expect(zipA.count == asset.size)
  }
  #expect(!a.files.values.contains { $0.contains(first.path) || $0.contains(repositoryRoot.path) })
}

@Test func checkListsWhatDiffersAndWritesNothing() throws {
  let root = try copyOfStackInputs()
  let workspace = Workspace(root: root)
  let synthesis = try workspace.synthesize(environments: ["dev"], format: .yaml)
  var changes = OutputDiff.compare(synthesis.files, in: root, owning: synthesis.ownedFolders)
  #expect(changes.count == synthesis.files.count && changes.allSatisfy { $0.kind == .added })
  try OutputDiff.apply(changes, files: synthesis.files, in: root)
  #expect(OutputDiff.compare(synthesis.files, in: root, owning: synthesis.ownedFolders).isEmpty)
  let stale = root.appendingPathComponent("policies/dev/OldRole.json")
  try "{}".write(to: stale, atomically: true, encoding: .utf8)
  let template = root.appendingPathComponent("templates/dev/FaceRecognition.yaml")
  try "changed".write(to: template, atomically: true, encoding: .utf8)
  changes = OutputDiff.compare(synthesis.files, in: root, owning: synthesis.ownedFolders)
  #expect(
    changes.map(\.description) == [
      "changed: templates/dev/FaceRecognition.yaml", "stale: policies/dev/OldRole.json",
    ])
}

@Test func anUnknownEnvironmentIsAnInputError() {
  #expect(throws: FacestackError.self) {
    try Workspace(root: repositoryRoot).synthesize(environments: ["staging"], format: .yaml)
  }
  do {
    _ = try Workspace(root: repositoryRoot).synthesize(environments: ["staging"], format: .yaml)
  } catch let error as FacestackError {
    #expect(error.message == "unknown environment 'staging'; known: dev, prod")
    #expect(error.exitCode == 2)
  } catch {
    Issue.record("unexpected \(error)")
  }
}

@Test func synthesizingJSONLeavesTheYAMLTemplatesAlone() throws {
  let root = try copyOfStackInputs()
  let workspace = Workspace(root: root)
  let yaml = try workspace.synthesize(environments: ["dev"], format: .yaml)
  try OutputDiff.apply(
    OutputDiff.compare(yaml.files, in: root, owning: yaml.ownedFolders), files: yaml.files, in: root
  )
  let json = try workspace.synthesize(environments: ["dev"], format: .json)
  let changes = OutputDiff.compare(json.files, in: root, owning: json.ownedFolders)
  #expect(changes.map(\.description) == ["new: templates/dev/FaceRecognition.json"])
}

/// `synth --check` and the "0 changed" count compare each file with its fresh text byte for
/// byte: the last byte, the length and non-ASCII text all count.
@Test func outputDiffComparesFilesWithTheirTextByteForByte() {
  let text = "Resources:\n  Bucket: {}\n# é\n"
  #expect(OutputDiff.same(Data(text.utf8), text))
  #expect(!OutputDiff.same(Data(text.utf8.dropLast()), text))
  #expect(!OutputDiff.same(Data((text.dropLast() + "\r").utf8), text))
  #expect(!OutputDiff.same(Data((text + "\n").utf8), text))
  #expect(!OutputDiff.same(Data("# e\n".utf8), "# é\n"))
  #expect(!OutputDiff.same(Data("# è\n".utf8), "# é\n"))  // same length, one byte apart
  // A slice of a larger buffer compares its own bytes.
  let slice = Data(("xx" + text).utf8).dropFirst(2)
  #expect(slice.startIndex == 2 && OutputDiff.same(slice, text))
  #expect(OutputDiff.same(Data(), ""))
  #expect(!OutputDiff.same(Data(), "x") && !OutputDiff.same(Data("x".utf8), ""))
}
