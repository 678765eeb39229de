import ArgumentParser
import Deploy
import FacestackCLI
import FacestackCloud
import FacestackCore
import Foundation
import StackDiff

/// `text` or `json`: the format of `status`, `events`, `drift` and `logs`.
enum OperateFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

extension DeployTargetOptions {
  /// The environment's target for a command that only reads: on the local cloud only when it
  /// runs (an input error otherwise: it is never started), on AWS as deploy reaches it.
  func readTarget() async throws -> DeployTarget {
    try await DeployTarget(
      workspace: try Workspace.locate(), environment: env, local: local,
      overrides: aws.overrides, reporter: LocalCommand.stepReporter)
  }

  /// The environment's deployed stack (an input error naming the deploy to run when none is).
  func deployedStack() async throws -> DeployedStack {
    try await DeployedStack.load(try await readTarget())
  }
}

/// Whether standard output is a terminal that takes colour.
var stdoutWantsColor: Bool {
  Terminal.wantsColor(
    isTTY: isatty(STDOUT_FILENO) == 1, environment: ProcessInfo.processInfo.environment)
}
