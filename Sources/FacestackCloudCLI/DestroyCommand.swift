import ArgumentParser
import Deploy
import FacestackCLI
import FacestackCloud
import FacestackCore
import Foundation

/// `facestack destroy`: deletes an environment's stack after confirmation.
struct DestroyCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "destroy",
    abstract: "Delete an environment's stack, after confirmation.",
    discussion: """
      Shows the resources that stay behind (DeletionPolicy: Retain: the images bucket, the \
      results table, the face collection, ...), asks for confirmation (--yes skips it; without \
      a terminal and without --yes it refuses, exit 1), deletes the stack and follows the \
      deletion. A stack with termination protection (protectData) is refused. The bootstrap \
      stack is left alone.
      """
  )

  @OptionGroup var target: DeployTargetOptions

  @Flag(help: "Delete without asking.")
  var yes = false

  @Option(help: "Progress: auto (live on a terminal, plain otherwise) or plain.")
  var progress: ProgressOption = .auto

  func run() async throws {
    let session = try await DeploySession(target: target, progress: progress)
    let stack = session.target.stackName
    let deployer = session.deployer(policy: .never, yes: yes)
    let yes = yes
    // The local fleet's instances of the stack's groups stop with it.
    var groups: [String] = []
    if session.target.localCloud != nil,
      let deployed = try? await DeployedStack.load(session.target)
    {
      groups = (try? await LocalCloud.fleetGroups(of: deployed)) ?? []
    }
    let result = try await session.perform {
      try await session.target.checkAccount(deployer)
      return try await deployer.destroy(stackName: stack) { stack, retained in
        Console.out("stack \(stack.stackName) (\(stack.status)) will be deleted.")
        if !retained.isEmpty {
          Console.out("these retained resources stay behind, with their data:")
          for line in retained { Console.out("  \(line)") }
        }
        return TerminalUI.ask("delete \(stack.stackName)?", yes: yes)
      }
    }
    guard result.deleted else {
      Console.out("nothing to destroy: no stack \(stack)")
      return
    }
    Console.out("destroyed \(stack)")
    if let state = session.target.localCloud, !groups.isEmpty {
      _ = try await LocalCloud.of(session.target.workspace).setFleet(
        state, Dictionary(groups.map { ($0, 0) }) { first, _ in first })
    }
    if let leftovers = result.leftovers {
      Console.out("the emulator could not delete every resource: \(leftovers)")
    }
    if !result.retained.isEmpty {
      Console.out("left behind (delete them by hand when their data is no longer needed):")
      for line in result.retained { Console.out("  \(line)") }
    }
  }
}
