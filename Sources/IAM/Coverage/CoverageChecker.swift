import CloudFormation

/// Compares a function's role with the boto3 calls of its handler.
///
/// ```swift
/// let checker = CoverageChecker(resolver: ResourcePatternResolver(template: template))
/// let report = checker.check(
///   function: "detect", role: detectRole, scan: scan,
///   resources: ["s3:GetObject": [.sub("arn:${AWS::Partition}:s3:::${ImagesBucket}/input/*")]])
/// ```
/// `resources` says, where the synth knows it, which resources each action is used on (from
/// the function's environment); without it only the action is checked.
public struct CoverageChecker: Sendable {
  /// Resolves intrinsics in resources.
  public var resolver: ResourcePatternResolver
  /// Actions never reported unused.
  public var allowList: CoverageAllowList

  /// A checker.
  public init(
    resolver: ResourcePatternResolver = ResourcePatternResolver(),
    allowList: CoverageAllowList = .default
  ) {
    self.resolver = resolver
    self.allowList = allowList
  }

  /// The coverage of `role` for the calls of `scan`.
  public func check(
    function: String, role: Role, scan: HandlerScan, resources: [String: [Value]] = [:]
  ) -> CoverageReport {
    let evaluator = PolicyEvaluator(role: role, resolver: resolver)
    var missing: [MissingPermission] = []
    var seen = Set<String>()
    for call in scan.calls {
      for action in call.iamActions {
        let known = resources.first { $0.key.lowercased() == action.lowercased() }?.value
        let targets: [Value?] = known.map { $0.map(Optional.some) } ?? [Optional<Value>.none]
        for target in targets where !evaluator.allows(action, on: target) {
          let entry = MissingPermission(
            action: action, file: call.file, line: call.line, call: call.callName,
            resource: target.map(ValueText.describe))
          if seen.insert("\(entry.file):\(entry.line):\(action):\(entry.resource ?? "")").inserted {
            missing.append(entry)
          }
        }
      }
    }
    let needed = Set(
      scan.calls.flatMap { $0.iamActions + $0.conditionalActions }.map { $0.lowercased() })
    var unused: [UnusedPermission] = []
    var allowListed = Set<String>()
    for located in role.statements
    where located.statement.effect == .allow && !located.statement.actions.isNegated {
      for pattern in located.statement.actions.normalized.patterns {
        let glob = Glob(pattern, ignoringCase: true)
        if needed.contains(where: glob.matches) { continue }
        if let listed = allowList.entries.keys.first(where: { glob.matches($0.lowercased()) }) {
          allowListed.insert(Glob.hasWildcard(in: pattern) ? pattern : listed)
          continue
        }
        unused.append(UnusedPermission(action: pattern, location: located.location))
      }
    }
    return CoverageReport(
      function: function, role: role.name,
      missing: missing.sorted { ($0.file, $0.line, $0.action) < ($1.file, $1.line, $1.action) },
      unused: unused, allowListed: allowListed.sorted(), unresolved: scan.unresolved)
  }
}
