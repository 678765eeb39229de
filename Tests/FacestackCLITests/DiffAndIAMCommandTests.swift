import Foundation
import Testing

@testable import FacestackCLI
@testable import FacestackCloudCLI

@Test func diffOfTwoFilesExitsOneWithFailAndZeroWithout() async throws {
  let folder = try temporaryFolder()
  let old = folder.appendingPathComponent("old.yaml").path
  let new = folder.appendingPathComponent("new.json").path
  try "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties: {DelaySeconds: 0}\n".write(
    toFile: old, atomically: true, encoding: .utf8)
  try #"{"Resources": {"Queue": {"Type": "AWS::SQS::Queue", "Properties": {"DelaySeconds": 5}}}}"#
    .write(
      toFile: new, atomically: true, encoding: .utf8)
  #expect(await FacestackCommand.run(arguments: ["diff", "--from", old, "--to", new]) == 0)
  #expect(
    await FacestackCommand.run(arguments: ["diff", "--from", old, "--to", new, "--fail"]) == 1)
  #expect(
    await FacestackCommand.run(arguments: ["diff", "--from", old, "--to", old, "--fail"]) == 0)
  #expect(
    await FacestackCommand.run(arguments: [
      "diff", "--from", old, "--to", folder.appendingPathComponent("missing.yaml").path,
    ]) == 2)
}

@Test func iamReviewOfTheCommittedStackPassesAtWarningLevel() async {
  #expect(
    await FacestackCommand.run(arguments: [
      "iam", "review", "--env", "dev", "--fail-on", "warning", "--format", "json",
    ]) == 0)
}

@Test func iamDiffOfAnUnknownRevisionIsAnInputError() async {
  #expect(
    await FacestackCommand.run(arguments: [
      "iam", "diff", "--base", "no-such-revision", "--env", "dev",
    ])
      == 2)
}

@Test func diffOfAnUnknownEnvironmentIsAnInputError() async {
  #expect(await FacestackCommand.run(arguments: ["diff", "dev", "staging"]) == 2)
}

/// Help is `facestack-cloud`'s (its root holds every command), but for an offline command's own
/// `--help`, which `facestack` answers; tests/e2e/test_executables_e2e.py checks the texts.
@Test func helpIsShownWithExitZero() async {
  for arguments in [[], ["--help"], ["help"], ["help", "diff"], ["help", "deploy"], ["local"]] {
    #expect(await FacestackCloudCommand.run(arguments: arguments) == 0, "\(arguments)")
  }
  #expect(await FacestackCommand.run(arguments: ["diff", "--help"]) == 0)
  #expect(await FacestackCommand.run(arguments: ["synth", "--help"]) == 0)
}
