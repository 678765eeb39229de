import ArgumentParser
import Deploy
import FacestackCLI
import FacestackCloud
import FacestackCore
import Foundation

/// `facestack bootstrap`: the stack holding the assets bucket, once per account and region.
struct BootstrapCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bootstrap",
    abstract: "Deploy the bootstrap stack: the assets bucket for Lambda packages and templates.",
    discussion: """
      Creates or updates <namePrefix>-bootstrap through a change set: an S3 bucket, encrypted, \
      versioned, with public access blocked, reachable only over TLS, and retained when the \
      stack is deleted. Its name is the stack's AssetsBucketName output (exported as \
      <namePrefix>-assets-bucket); deploy passes it to the stack as the AssetsBucket parameter.
      """
  )

  @OptionGroup var target: DeployTargetOptions

  @Flag(help: "Approve without asking.")
  var yes = false

  @Option(help: "Progress: auto (live on a terminal, plain otherwise) or plain.")
  var progress: ProgressOption = .auto

  func run() async throws {
    let session = try await DeploySession(
      target: target, progress: progress, startingLocalCloud: true)
    let deployer = session.deployer(policy: .broadening, yes: yes)
    let environment = session.target.environment
    let (bucket, result) = try await session.perform {
      try await session.target.checkAccount(deployer)
      return try await deployer.bootstrap(
        namePrefix: environment.namePrefix, environment: environment.name,
        tags: environment.tags)
    }
    let stackName = BootstrapTemplate.stackName(namePrefix: environment.namePrefix)
    if case .noChanges = result {
      Console.out("no changes: \(stackName) is up to date")
    } else {
      Console.out("bootstrapped \(stackName)")
    }
    Console.out("assets bucket: \(bucket)")
  }
}
