import Testing

@testable import FacestackCLI
@testable import FacestackCloudCLI

// --profile and --region on the commands that call AWS, refused where they cannot apply, before
// any call is made (exit 2, one line).

@Test func aRegionOtherThanTheEnvironmentsIsAnInputError() async {
  for command in [["deploy", "--dry-run"], ["destroy"], ["bootstrap"]] {
    #expect(
      await FacestackCloudCommand.run(
        arguments: command + ["--env", "dev", "--region", "eu-west-1", "--yes"]) == 2)
  }
  #expect(
    await FacestackCloudCommand.run(arguments: [
      "diff", "--env", "dev", "--deployed", "--region", "eu-central-1",
    ]) == 2)
}

@Test func aProfileDoesNotApplyToTheLocalCloud() async {
  #expect(
    await FacestackCloudCommand.run(arguments: [
      "deploy", "--env", "dev", "--local", "--profile", "prod-admin", "--dry-run",
    ]) == 2)
  #expect(
    await FacestackCloudCommand.run(arguments: [
      "logs", "--env", "dev", "--local", "--profile", "prod-admin", "--function", "detect",
    ]) == 2)
}

/// `facestack` runs this diff itself (it reads no deployed stack), and refuses the options.
@Test func profileAndRegionNeedADeployedStackInDiff() async {
  #expect(await FacestackCommand.run(arguments: ["diff", "dev", "prod", "--profile", "x"]) == 2)
}

@Test func aBadSinceIsAnInputError() async {
  #expect(
    await FacestackCloudCommand.run(arguments: [
      "logs", "--env", "dev", "--function", "detect", "--since", "ten minutes",
    ]) == 2)
}
