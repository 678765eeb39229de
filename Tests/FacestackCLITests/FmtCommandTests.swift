import Foundation
import Testing

@testable import FacestackCLI

/// A fresh temporary folder for one test.
func temporaryFolder() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent(
    "facestack-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

let messyTemplate = """
  Resources:
    Queue:
      Properties: {DelaySeconds: 0}
      Type: AWS::SQS::Queue
  AWSTemplateFormatVersion: 2010-09-09

  """

let canonicalTemplate = """
  AWSTemplateFormatVersion: "2010-09-09"
  Resources:
    Queue:
      Type: AWS::SQS::Queue
      Properties:
        DelaySeconds: 0

  """

@Test func fmtWriteRewritesOnlyWhatChangesAndCheckThenPasses() async throws {
  let folder = try temporaryFolder()
  let messy = folder.appendingPathComponent("messy.yaml").path
  let tidy = folder.appendingPathComponent("tidy.yaml").path
  try messyTemplate.write(toFile: messy, atomically: true, encoding: .utf8)
  try canonicalTemplate.write(toFile: tidy, atomically: true, encoding: .utf8)

  #expect(await FacestackCommand.run(arguments: ["fmt", "--check", messy, tidy]) == 1)
  #expect(try String(contentsOfFile: messy, encoding: .utf8) == messyTemplate)
  #expect(await FacestackCommand.run(arguments: ["fmt", "--write", messy, tidy]) == 0)
  #expect(try String(contentsOfFile: messy, encoding: .utf8) == canonicalTemplate)
  #expect(await FacestackCommand.run(arguments: ["fmt", "--check", messy, tidy]) == 0)
  let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
  #expect(leftovers == ["messy.yaml", "tidy.yaml"])
}

@Test func fmtConvertsToJSON() async throws {
  let folder = try temporaryFolder()
  let file = folder.appendingPathComponent("t.yaml").path
  try canonicalTemplate.write(toFile: file, atomically: true, encoding: .utf8)
  #expect(await FacestackCommand.run(arguments: ["fmt", "--write", "--format", "json", file]) == 0)
  let json = try String(contentsOfFile: file, encoding: .utf8)
  #expect(json.hasPrefix("{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Resources\": {"))
}

@Test func badInputExitsTwoAndLeavesFilesAlone() async throws {
  let folder = try temporaryFolder()
  let broken = folder.appendingPathComponent("broken.yaml").path
  try "Resources: [\n".write(toFile: broken, atomically: true, encoding: .utf8)
  #expect(await FacestackCommand.run(arguments: ["fmt", "--write", broken]) == 2)
  #expect(try String(contentsOfFile: broken, encoding: .utf8) == "Resources: [\n")
  #expect(
    await FacestackCommand.run(arguments: [
      "fmt", folder.appendingPathComponent("missing.yaml").path,
    ])
      == 2)
  #expect(await FacestackCommand.run(arguments: ["fmt", "--check", "--write", broken]) == 2)
  #expect(await FacestackCommand.run(arguments: ["fmt", "--unknown-flag"]) == 2)
  #expect(await FacestackCommand.run(arguments: ["fmt", broken, broken]) == 2)
}

@Test func brokenQuotasExitTwo() async throws {
  let folder = try temporaryFolder()
  let file = folder.appendingPathComponent("ids.yaml").path
  try "Resources:\n  Bad-Id:\n    Type: AWS::SQS::Queue\n".write(
    toFile: file, atomically: true, encoding: .utf8)
  #expect(await FacestackCommand.run(arguments: ["fmt", "--check", file]) == 2)
}
