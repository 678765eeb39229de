import CloudFormation
import Foundation
import Testing

@testable import StackDiff

/// A temporary git repository with `templates/dev/FaceRecognition.yaml` committed twice.
private func repository() throws -> URL {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
    "facestack-git-\(UUID().uuidString)")
  try FileManager.default.createDirectory(
    at: folder.appendingPathComponent("templates/dev"), withIntermediateDirectories: true)
  func git(_ arguments: String...) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      ["git", "-C", folder.path, "-c", "user.name=test", "-c", "user.email=test@example.com"]
      + arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "git \(arguments)")
  }
  let file = folder.appendingPathComponent("templates/dev/FaceRecognition.yaml")
  try git("init", "-q", "-b", "main")
  try Data(try Data(contentsOf: fixturesFolder.appendingPathComponent("lambda-memory.a.yaml")))
    .write(to: file)
  try git("add", ".")
  try git("commit", "-q", "-m", "first")
  try git("tag", "v1")
  try Data(try Data(contentsOf: fixturesFolder.appendingPathComponent("lambda-memory.b.yaml")))
    .write(to: file)
  try git("commit", "-q", "-am", "second")
  return folder
}

@Test func loadsTheCommittedTemplateAtARevision() throws {
  let folder = try repository()
  defer { try? FileManager.default.removeItem(at: folder) }
  let old = try GitRevisionTemplateSource(
    environment: "dev", revision: "v1", repository: folder.path
  ).load()
  let new = try GitRevisionTemplateSource(
    environment: "dev", revision: "main", repository: folder.path
  ).load()
  #expect(old == (try template("lambda-memory.a.yaml")))
  #expect(new == (try template("lambda-memory.b.yaml")))
  #expect(
    try GitRevisionTemplateSource(environment: "dev", revision: "HEAD~1", repository: folder.path)
      .load() == old)
  let report = TemplateDiffer().diff(from: old, to: new)
  #expect(report.summary.line == "0 to add, 1 to change, 0 to destroy")
  #expect(
    GitRevisionTemplateSource(environment: "dev", revision: "v1").label
      == "v1:templates/dev/FaceRecognition.yaml")
}

@Test func unknownRevisionAndMissingFileAreClearErrors() throws {
  let folder = try repository()
  defer { try? FileManager.default.removeItem(at: folder) }
  #expect(throws: TemplateSourceError("unknown git revision 'nope' in \(folder.path)")) {
    try GitRevisionTemplateSource(environment: "dev", revision: "nope", repository: folder.path)
      .load()
  }
  #expect(
    throws: TemplateSourceError(
      "templates/prod/FaceRecognition.yaml does not exist at git revision 'main'")
  ) {
    try GitRevisionTemplateSource(environment: "prod", revision: "main", repository: folder.path)
      .load()
  }
  #expect(throws: TemplateSourceError("unknown git revision '--help' in \(folder.path)")) {
    try GitRevisionTemplateSource(environment: "dev", revision: "--help", repository: folder.path)
      .load()
  }
  let notARepository = FileManager.default.temporaryDirectory.appendingPathComponent(
    "facestack-nogit-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: notARepository, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: notARepository) }
  #expect(throws: TemplateSourceError("\(notARepository.path): not a git repository")) {
    try GitRevisionTemplateSource(
      environment: "dev", revision: "main", repository: notARepository.path
    ).load()
  }
}

@Test func fileSourceErrors() throws {
  #expect(throws: TemplateSourceError("/no/such/file.yaml: no such file")) {
    try FileTemplateSource(path: "/no/such/file.yaml").load()
  }
  #expect(
    throws: TemplateSourceError("\(fixturesFolder.path): is a directory, expected a template file")
  ) {
    try FileTemplateSource(path: fixturesFolder.path).load()
  }
  #expect(
    try FileTemplateSource(path: fixturesFolder.appendingPathComponent("rename.a.yaml").path).load()
      .resources.count == 2)
}
