import CloudFormation
import FacestackCore
import Foundation
import Processes
import StackDiff
import Testing

/// The diff fixtures (shared with StackDiffTests).
let fixturesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("StackDiffTests/Fixtures")

func template(_ name: String) throws -> Template {
  try TemplateReader.read(
    Array(try Data(contentsOf: fixturesFolder.appendingPathComponent(name))), file: name)
}

/// A temporary git repository with `templates/dev/FaceRecognition.yaml` committed twice.
private func repository() throws -> URL {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
    "facestack-git-\(UUID().uuidString)")
  try FileManager.default.createDirectory(
    at: folder.appendingPathComponent("templates/dev"), withIntermediateDirectories: true)
  func git(_ arguments: String...) throws {
    let result = try ProcessRunner.run(
      ["git", "-C", folder.path, "-c", "user.name=test", "-c", "user.email=test@example.com"]
        + arguments)
    #expect(result.succeeded, "git \(arguments): \(result.errorOutput)")
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

@Test func loadsTheCommittedTemplateAtARevision() async throws {
  let folder = try repository()
  defer { try? FileManager.default.removeItem(at: folder) }
  let old = try await GitRevisionTemplateSource(
    environment: "dev", revision: "v1", repository: folder.path
  ).load()
  let new = try await GitRevisionTemplateSource(
    environment: "dev", revision: "main", repository: folder.path
  ).load()
  #expect(old == (try template("lambda-memory.a.yaml")))
  #expect(new == (try template("lambda-memory.b.yaml")))
  let previous = try await GitRevisionTemplateSource(
    environment: "dev", revision: "HEAD~1", repository: folder.path
  ).load()
  #expect(previous == old)
  let report = TemplateDiffer().diff(from: old, to: new)
  #expect(report.summary.line == "0 to add, 1 to change, 0 to destroy")
  #expect(
    GitRevisionTemplateSource(environment: "dev", revision: "v1").label
      == "v1:templates/dev/FaceRecognition.yaml")
}

@Test func unknownRevisionAndMissingFileAreClearErrors() async throws {
  let folder = try repository()
  defer { try? FileManager.default.removeItem(at: folder) }
  await #expect(throws: TemplateSourceError("unknown git revision 'nope' in \(folder.path)")) {
    try await GitRevisionTemplateSource(
      environment: "dev", revision: "nope", repository: folder.path
    )
    .load()
  }
  await #expect(
    throws: TemplateSourceError(
      "templates/prod/FaceRecognition.yaml does not exist at git revision 'main'")
  ) {
    try await GitRevisionTemplateSource(
      environment: "prod", revision: "main", repository: folder.path
    )
    .load()
  }
  await #expect(throws: TemplateSourceError("unknown git revision '--help' in \(folder.path)")) {
    try await GitRevisionTemplateSource(
      environment: "dev", revision: "--help", repository: folder.path
    )
    .load()
  }
  let notARepository = FileManager.default.temporaryDirectory.appendingPathComponent(
    "facestack-nogit-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: notARepository, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: notARepository) }
  await #expect(throws: TemplateSourceError("\(notARepository.path): not a git repository")) {
    try await GitRevisionTemplateSource(
      environment: "dev", revision: "main", repository: notARepository.path
    ).load()
  }
}

@Test func fileSourceErrors() async throws {
  await #expect(throws: TemplateSourceError("/no/such/file.yaml: no such file")) {
    try await FileTemplateSource(path: "/no/such/file.yaml").load()
  }
  await #expect(
    throws: TemplateSourceError("\(fixturesFolder.path): is a directory, expected a template file")
  ) {
    try await FileTemplateSource(path: fixturesFolder.path).load()
  }
  let loaded = try await FileTemplateSource(
    path: fixturesFolder.appendingPathComponent("rename.a.yaml").path
  ).load()
  #expect(loaded.resources.count == 2)
}
