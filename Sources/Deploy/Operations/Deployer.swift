import AWSClient
import CloudFormation
import Foundation

/// Runs change sets: create → wait → report → approval gate → execute → follow events →
/// stack policy and termination protection.
///
/// A replacement that a custom name blocks (it would fail on AWS) is refused before anything
/// runs. Replacing or deleting a resource the stack policy protects needs approval (never with
/// `--require-approval never`); once approved, the change set runs under a temporary stack
/// policy that allows exactly those resources, restored afterwards, also on failure
/// (`Deployer+StackPolicy.swift`).
///
/// ```swift
/// let deployer = Deployer(aws: client, policy: .broadening, reporter: reporter) { reasons in
///   askUser(reasons)
/// }
/// switch try await deployer.deploy(StackDeployment(stackName: "facestack-dev", ...)) {
/// case .noChanges: print("no changes")
/// case .deployed(let stack, _): print(stack.outputValues)
/// case .dryRun(let report): print(report.render())
/// }
/// ```
public struct Deployer: Sendable {
  /// The AWS client.
  public var aws: AWSClient
  /// When to ask.
  public var policy: ApprovalPolicy
  /// Where progress goes.
  public var reporter: DeployReporter
  /// Asks the user to approve, given the reasons; false refuses.
  public var approve: @Sendable ([String]) async -> Bool
  /// Seconds between polls.
  public var pollInterval: Double = 2
  /// How to wait.
  public var sleep: @Sendable (Double) async throws -> Void = Deployer.realSleep
  /// The clock (change set names, elapsed time).
  public var now: @Sendable () -> Date = { Date() }

  /// A deployer.
  public init(
    aws: AWSClient, policy: ApprovalPolicy, reporter: DeployReporter,
    approve: @escaping @Sendable ([String]) async -> Bool
  ) {
    self.aws = aws
    self.policy = policy
    self.reporter = reporter
    self.approve = approve
  }

  /// `Task.sleep` in seconds.
  public static let realSleep: @Sendable (Double) async throws -> Void = { seconds in
    try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
  }

  /// Deploys `deployment` through a change set.
  public func deploy(_ deployment: StackDeployment) async throws -> DeploymentResult {
    let cloudFormation = aws.cloudFormation
    let name = deployment.stackName
    let existing = try await cloudFormation.describeStack(named: name)
    try StackPreflight.check(existing, environment: deployment.environment)
    let type = ChangeSetType.forStack(existing)
    let changeSetName = "facestack-" + Self.timestamp(now())
    reporter.step("creating change set \(changeSetName) (\(type.rawValue)) for stack \(name)")
    let created = try await cloudFormation.createChangeSet(
      CreateChangeSetInput(
        stackName: name, changeSetName: changeSetName, changeSetType: type,
        template: deployment.source, parameters: deployment.parameters,
        capabilities: [.iam, .namedIAM], tags: deployment.tags,
        description: "facestack deploy of \(deployment.environment)"))
    let changeSet = try await cloudFormation.waitForChangeSet(
      created.changeSetID, stackName: nil, pollInterval: pollInterval, sleep: sleep)
    if changeSet.isEmpty {
      try await cloudFormation.deleteChangeSet(created.changeSetID, nil)
      return .noChanges(existing)
    }
    guard changeSet.status != .failed else {
      try? await discard(created, type: type, stackName: name)
      throw DeployError.aws(
        "change set for \(name) failed: \(changeSet.statusReason ?? "no reason given")")
    }
    let review = DeployReview(
      deployed: try await deployedTemplate(existing), new: deployment.template,
      changes: changeSet.changes)
    let report = review.changeSet
    reporter.emit(.review(review))
    if deployment.dryRun {
      try await discard(created, type: type, stackName: name)
      return .dryRun(report)
    }
    let blocked = review.blockedReplacements
    if !blocked.isEmpty {
      try await discard(created, type: type, stackName: name)
      throw DeployError.refused(
        "deploy of \(name) refused: \(blocked.joined(separator: "; "))")
    }
    let protection = try await protectedLosses(existing, review: review)
    var reasons = review.reasons(policy: policy)
    if let protection {
      let ids = protection.ids.joined(separator: ", ")
      guard policy != .never else {
        try await discard(created, type: type, stackName: name)
        throw DeployError.refused(
          "deploy of \(name) refused: its stack policy protects \(ids) from replacement and "
            + "deletion; approve it with --require-approval broadening (and --yes)")
      }
      reasons.append(
        "stack policy: \(ids) protected from replacement and deletion; approving sets a "
          + "temporary stack policy that allows exactly \(ids) for this deploy")
    }
    if !reasons.isEmpty, await !approve(reasons) {
      try await discard(created, type: type, stackName: name)
      throw DeployError.refused(
        "deploy of \(name) refused: approval needed (\(reasons.count) reasons above); "
          + "re-run with --yes to approve"
          + (protection == nil ? ", or --require-approval never" : ""))
    }
    let stack = try await executeUnderPolicy(
      created, deployment: deployment, total: report.rows.count, protection: protection)
    return .deployed(try await cloudFormation.describeStack(named: name) ?? stack, report)
  }

  /// The template the stack runs now: empty for a stack not created yet, nil (with a warning)
  /// when it cannot be read.
  func deployedTemplate(_ stack: Stack?) async throws -> Template? {
    guard let stack, stack.status != .reviewInProgress else { return Template() }
    let body = try await aws.cloudFormation.getTemplate(stack.stackID, nil, .original)
    do {
      return try TemplateReader.read(body, file: "\(stack.stackName) (deployed)")
    } catch {
      reporter.warning("cannot read the deployed template, showing the change set only: \(error)")
      return nil
    }
  }

  /// Deletes a change set that will not run, and the empty stack a `CREATE` one left behind.
  func discard(_ created: CreateChangeSetOutput, type: ChangeSetType, stackName: String)
    async throws
  {
    try await aws.cloudFormation.deleteChangeSet(created.changeSetID, nil)
    if type == .create,
      let stack = try await aws.cloudFormation.describeStack(named: stackName),
      stack.status == .reviewInProgress
    {
      try await aws.cloudFormation.deleteStack(created.stackID, [])
    }
  }

  func execute(_ created: CreateChangeSetOutput, deployment: StackDeployment, total: Int)
    async throws -> Stack
  {
    let cloudFormation = aws.cloudFormation
    let before = try await cloudFormation.describeStack(named: created.stackID)
    let lastEvent = try await EventPoller.newestEventID(
      client: cloudFormation, stackName: created.stackID)
    let token = "facestack-" + Self.timestamp(now())
    reporter.step("executing change set: \(total) resources to change")
    try await cloudFormation.executeChangeSet(
      ExecuteChangeSetInput(changeSetName: created.changeSetID, clientRequestToken: token))
    let watcher = StackWatcher(
      client: cloudFormation, pollInterval: pollInterval, sleep: sleep, now: now)
    let outcome = try await watcher.watch(
      stackName: created.stackID, startStatus: before?.status, afterEventID: lastEvent,
      total: total, reporter: reporter)
    guard let stack = outcome.stack,
      outcome.status == .createComplete || outcome.status == .updateComplete
    else {
      for line in Self.failureRecap(
        stackName: deployment.stackName, status: outcome.status, failures: outcome.failures,
        reason: outcome.statusReason)
      {
        reporter.warning(line)
      }
      throw DeployError.aws(
        "deploy of \(deployment.stackName) failed: the stack is \(outcome.status)"
          + (outcome.failures.isEmpty ? "" : "; \(outcome.failures.count) resources failed (above)")
      )
    }
    return stack
  }

  func protect(_ stack: Stack, deployment: StackDeployment) async throws {
    if deployment.protectStatefulResources {
      try await aws.cloudFormation.setStackPolicy(
        stack.stackID, StackPolicy.body(for: deployment.template))
    }
    if deployment.terminationProtection && !stack.terminationProtection {
      try await aws.cloudFormation.updateTerminationProtection(stack.stackID, true)
      reporter.step("termination protection is on for \(deployment.stackName)")
    }
  }

  /// The failure recap: each failed resource and its reason, then the way out of the status.
  public static func failureRecap(
    stackName: String, status: StackStatus, failures: [ResourceFailure], reason: String?
  ) -> [String] {
    var lines = failures.map { "\($0.logicalID) (\($0.type)) \($0.status): \($0.reason)" }
    if failures.isEmpty, let reason { lines.append("\(stackName) \(status): \(reason)") }
    if status == .rollbackComplete {
      lines.append(
        "the stack cannot be updated now: delete it with 'facestack destroy', then deploy again")
    } else if status == .updateRollbackFailed {
      lines.append(
        "fix the resources above, then 'aws cloudformation continue-update-rollback "
          + "--stack-name \(stackName)', then deploy again")
    }
    return lines
  }

  /// `20261129T050102123Z`: change set names and tokens, unique per millisecond.
  static func timestamp(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyyMMdd'T'HHmmssSSS'Z'"
    return formatter.string(from: date)
  }
}
