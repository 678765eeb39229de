import ArgumentParser
import Testing

@testable import FacestackCLI
@testable import FacestackCloudCLI

// What `facestack` runs itself and what it hands to `facestack-cloud`.

@Test func theOfflineCommandsRunInFacestack() {
  for arguments in [
    ["synth"], ["synth", "--env", "dev"], ["diff", "dev", "prod"],
    ["diff", "--env", "dev", "--base", "HEAD"],
    ["iam", "review", "--env", "dev"], ["graph"], ["fmt", "--check", "a.yaml"],
    ["synth", "--help"],
    ["diff", "--from", "a.yaml", "--to", "b.yaml", "--", "--deployed"], ["--version"],
  ] {
    #expect(FacestackCommand.runsHere(arguments), "\(arguments)")
  }
}

@Test func everythingElseRunsInFacestackCloud() {
  for arguments in [
    [], ["--help"], ["-h"], ["help"], ["help", "synth"], ["deploy", "--env", "dev"],
    ["local", "start"], ["diff", "--env", "dev", "--deployed"], ["no-such-command"],
    ["--version", "synth"], ["--generate-completion-script", "bash"], ["Synth"],
  ] {
    #expect(!FacestackCommand.runsHere(arguments), "\(arguments)")
  }
}

@Test func facestackCloudsRootHoldsEveryCommandAndFacestacksOnlyTheOfflineOnes() {
  let every = FacestackCloudCommand.configuration.subcommands.map { $0._commandName }
  #expect(
    every == [
      "synth", "diff", "iam", "graph", "fmt", "bootstrap", "deploy", "destroy", "status",
      "outputs", "events", "logs", "drift", "local",
    ])
  for name in every {
    let offline = ["synth", "diff", "iam", "graph", "fmt"].contains(name)
    #expect(FacestackCommand.runsHere([name]) == offline, "\(name)")
  }
  #expect(FacestackCommand.configuration.commandName == "facestack")
  #expect(FacestackCloudCommand.configuration.commandName == "facestack")
  #expect(FacestackCommand.configuration.version == FacestackCloudCommand.configuration.version)
  #expect(FacestackCommand.configuration.abstract == FacestackCloudCommand.configuration.abstract)
}
