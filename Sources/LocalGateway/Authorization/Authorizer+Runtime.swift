import IAM

/// The runtime's questions in the form `LocalRuntime`'s `RuntimeAuthorizer` asks them (ARNs and
/// service names as strings), answered by the same evaluation and logged the same way.
///
/// ```swift
/// // facestack-local: LocalRuntime's RuntimeAuthorizer over the gateway's Authorizer.
/// struct GatewayAuthorizer: RuntimeAuthorizer {
///   let authorizer: Authorizer
///   let region: String
///   func mayAssume(role: String, service: String, sourceArn: String?, sourceAccount: String?)
///     async -> AuthorizationDecision
///   {
///     let result = await authorizer.mayAssume(
///       role: role, service: service, sourceArn: sourceArn, sourceAccount: sourceAccount,
///       region: region)
///     return AuthorizationDecision(allowed: result.isAllowed, explanation: result.explanation)
///   }
///   func authorize(principal: String, action: String, resource: String, sourceArn: String?,
///     sourceAccount: String?) async -> AuthorizationDecision
///   {
///     let result = await authorizer.authorize(
///       principal: principal, action: action, resource: resource, sourceArn: sourceArn,
///       sourceAccount: sourceAccount, region: region)
///     return AuthorizationDecision(allowed: result.isAllowed, explanation: result.explanation)
///   }
/// }
/// ```
extension Authorizer {
  /// Whether `service` (`lambda.amazonaws.com`) may assume `role` (its ARN): `sts:AssumeRole`
  /// on the role, which its trust policy must allow, with `aws:SourceArn` and
  /// `aws:SourceAccount` when the service passes them.
  public func mayAssume(
    role: String, service: String, sourceArn: String?, sourceAccount: String?, region: String
  ) async -> AuthorizationResult {
    await authorize(
      AuthorizationRequest(
        principal: .service(service), action: "sts:AssumeRole", resource: role,
        context: Self.sourceKeys(sourceArn, sourceAccount)),
      region: region, service: "sts", operation: "AssumeRole")
  }

  /// Whether `principal` may do `action` on `resource`. `principal` is a role's ARN (evaluated
  /// as a session of that role, named `runtime`), an assumed-role session ARN, a user's ARN, or
  /// a service principal (`events.amazonaws.com`, with `sourceArn`).
  public func authorize(
    principal: String, action: String, resource: String, sourceArn: String?,
    sourceAccount: String?, region: String
  ) async -> AuthorizationResult {
    await authorize(
      AuthorizationRequest(
        principal: Self.principal(principal), action: action, resource: resource,
        context: Self.sourceKeys(sourceArn, sourceAccount)),
      region: region, service: String(action.prefix { $0 != ":" }),
      operation: String(action.drop { $0 != ":" }.dropFirst()))
  }

  /// The principal a runtime string names.
  static func principal(_ text: String) -> RequestPrincipal {
    guard let parts = ARNParts(text) else { return .service(text) }
    if parts.service == "iam", parts.resource.hasPrefix("role/") {
      return .assumedRole(roleARN: text, sessionName: "runtime")
    }
    if parts.service == "sts", parts.resource.hasPrefix("assumed-role/") {
      let pieces = parts.resource.split(separator: "/")
      if pieces.count >= 3 {
        return RequestPrincipal(
          kind: .assumedRole, arn: text, account: parts.account,
          roleARN: "arn:\(parts.partition):iam::\(parts.account):role/\(pieces[1])",
          sessionName: pieces[2...].joined(separator: "/"))
      }
    }
    if parts.service == "iam", parts.resource.hasPrefix("user/") { return .user(arn: text) }
    return .service(text)
  }

  static func sourceKeys(_ sourceArn: String?, _ sourceAccount: String?) -> ContextKeys {
    var keys = ContextKeys()
    if let sourceArn { keys["aws:SourceArn"] = [sourceArn] }
    if let sourceAccount { keys["aws:SourceAccount"] = [sourceAccount] }
    return keys
  }
}
