import Foundation
import IAM

/// Decides, with IAM's evaluation core, whether a principal may do what a request asks, on the
/// policies deployed in the emulator (``PolicyStore``), and logs each decision
/// (``DecisionLog``). The gateway calls it for every request; the runtime calls it for what it
/// does on a principal's behalf (a rule's role starting an execution, the state machine's role
/// invoking a function, EventBridge sending to a queue under the queue policy).
///
/// ```swift
/// let result = await authorizer.authorize(
///   AuthorizationRequest(
///     principal: .service("events.amazonaws.com"), action: "sqs:SendMessage",
///     resource: "arn:aws:sqs:us-east-1:123456789012:work",
///     context: ContextKeys(["aws:SourceArn": [ruleARN], "aws:SourceAccount": ["123456789012"]])),
///   region: "us-east-1")
/// if !result.isAllowed { print(result.message ?? "") }
/// ```
public final class Authorizer: Sendable {
  /// Where policies are read.
  public let policies: PolicyStore
  /// Where decisions go.
  public let log: DecisionLog
  private let now: @Sendable () -> Date

  /// An authorizer.
  public init(
    policies: PolicyStore, log: DecisionLog, now: @escaping @Sendable () -> Date = { Date() }
  ) {
    self.policies = policies
    self.log = log
    self.now = now
  }

  /// Authorizes one action on one resource on a principal's behalf (the runtime's call).
  /// `aws:CurrentTime`, `aws:EpochTime` and `aws:SecureTransport` (true: the runtime calls
  /// within the local cloud) are added unless given.
  public func authorize(
    _ request: AuthorizationRequest, region: String, sessionPolicy: String? = nil,
    requestID: String? = nil, service: String? = nil, operation: String? = nil
  ) async -> AuthorizationResult {
    var keys = ContextKeys.timeKeys(now())
    keys["aws:SecureTransport"] = ["true"]
    keys.merge(request.context)
    let authorization = MappedAuthorization(
      action: request.action, resource: request.resource, conditionKeys: ContextKeys())
    return await authorize(
      principal: request.principal, authorizations: [authorization], globalKeys: keys,
      region: region, sessionPolicy: sessionPolicy, accessKeyID: nil,
      requestID: requestID ?? RequestID.make(), service: service, operation: operation,
      source: .runtime)
  }

  /// Authorizes every action and resource a request needs (the gateway's call).
  public func authorize(
    principal: RequestPrincipal, authorizations: [MappedAuthorization], globalKeys: ContextKeys,
    region: String, sessionPolicy: String?, accessKeyID: String?, requestID: String,
    service: String?, operation: String?, prefix: String? = nil, source: DecisionRecord.Source
  ) async -> AuthorizationResult {
    var records: [DecisionRecord] = []
    func record(
      _ authorization: MappedAuthorization, _ outcome: DecisionRecord.Outcome,
      statement: StatementReference? = nil, missing: PolicyKind? = nil, reason: String,
      message: String?
    ) {
      let entry = DecisionRecord(
        sequence: 0, time: DecisionRecord.timestamp(now()), requestId: requestID,
        source: source, principal: principal.arn, principalType: principal.kind.rawValue,
        session: principal.sessionName, accessKeyId: accessKeyID, service: service,
        operation: operation, action: authorization.action, resource: authorization.resource,
        decision: outcome, statement: DecisionRecord.info(statement), missing: missing?.rawValue,
        reason: reason, message: message)
      records.append(log.append(entry).record)
    }
    if authorizations.isEmpty {
      // An operation AWS authorizes without a permission (sts:GetCallerIdentity).
      let action = "\(prefix ?? service ?? "?"):\(operation ?? "?")"
      record(
        MappedAuthorization(action: action, resource: "*"), .allow,
        reason: "the operation needs no IAM permission", message: nil)
      return AuthorizationResult(isAllowed: true, records: records)
    }
    var identity = IdentityPolicies(policies: [], permissionsBoundary: nil)
    var session: EvaluatedPolicy?
    do {
      identity = try await policies.identityPolicies(of: principal, accessKeyID: accessKeyID)
      if let sessionPolicy {
        session = try PolicyText.document(sessionPolicy, kind: .session, name: "session policy")
      }
    } catch {
      for authorization in authorizations {
        record(
          authorization, .policyError, reason: error.message,
          message: Self.failureMessage(principal, authorization, error.message))
      }
      return AuthorizationResult(isAllowed: authorizations.isEmpty, records: records)
    }
    var allowed = true
    var pending = authorizations[...]
    while let authorization = pending.popFirst() {
      if authorization.keyUseFor == nil, !KeyUse.kmsActions(for: authorization.action).isEmpty {
        // The service uses the resource's customer-managed key with the caller's permissions:
        // those are evaluated right after the action itself.
        do {
          if let key = try await policies.encryptionKey(
            of: authorization.resource, region: region, accessKeyID: accessKeyID)
          {
            let uses = KeyUse.authorizations(
              for: authorization, key: key, principal: principal, region: region)
            pending.insert(contentsOf: uses, at: pending.startIndex)
          }
        } catch {
          allowed = false
          record(
            authorization, .policyError, reason: error.message,
            message: Self.failureMessage(principal, authorization, error.message))
          continue
        }
      }
      let resourcePolicy: ResourcePolicy
      do {
        resourcePolicy = try await policies.resourcePolicy(
          for: authorization.resource, action: authorization.action, region: region,
          accessKeyID: accessKeyID)
      } catch {
        allowed = false
        record(
          authorization, .policyError, reason: error.message,
          message: Self.failureMessage(principal, authorization, error.message))
        continue
      }
      var keys = globalKeys
      keys.merge(authorization.conditionKeys)
      let resourceAccount = ARNParts(authorization.resource).map(\.account).flatMap {
        $0.isEmpty ? nil : $0
      }
      if keys["aws:ResourceAccount"] == nil {
        keys["aws:ResourceAccount"] = [resourceAccount ?? principal.account ?? ""]
      }
      let request = AuthorizationRequest(
        principal: principal, action: authorization.action, resource: authorization.resource,
        resourceAccount: resourceAccount, context: keys)
      let decision = PolicyEvaluation.evaluate(
        request,
        PolicySet(
          identity: identity.policies, permissionsBoundary: identity.permissionsBoundary,
          session: session, resource: resourcePolicy.policy,
          resourcePolicyRequired: resourcePolicy.required))
      let outcome: DecisionRecord.Outcome
      switch decision.outcome {
      case .allow: outcome = .allow
      case .explicitDeny: outcome = .explicitDeny
      case .implicitDeny: outcome = .implicitDeny
      }
      if !decision.isAllowed { allowed = false }
      var reason = decision.reason(action: authorization.action)
      if authorization.resourceUnbound {
        reason += " (the request names no resource for it: evaluated on *)"
      }
      if let use = authorization.keyUseFor {
        reason += " (the key's use by the service for \(use))"
      }
      record(
        authorization, outcome, statement: decision.statement, missing: decision.missing,
        reason: reason, message: decision.isAllowed ? nil : decision.message(for: request))
    }
    return AuthorizationResult(isAllowed: allowed, records: records)
  }

  /// Records a request refused before evaluation (unknown operation, bad signature).
  @discardableResult
  func refuse(
    principal: String, principalType: String?, accessKeyID: String?, service: String?,
    operation: String?, action: String, outcome: DecisionRecord.Outcome, reason: String,
    message: String, requestID: String
  ) -> DecisionRecord {
    log.append(
      DecisionRecord(
        sequence: 0, time: DecisionRecord.timestamp(now()), requestId: requestID,
        source: .gateway, principal: principal, principalType: principalType, session: nil,
        accessKeyId: accessKeyID, service: service, operation: operation, action: action,
        resource: "*", decision: outcome, statement: nil, missing: nil, reason: reason,
        message: message)
    ).record
  }

  static func failureMessage(
    _ principal: RequestPrincipal, _ authorization: MappedAuthorization, _ reason: String
  ) -> String {
    "\(principal.messageName) is not authorized to perform: \(authorization.action) on resource: "
      + "\(authorization.resource) because a policy that applies could not be read: \(reason)"
  }
}

/// Request ids: 16 upper-case hex digits, like S3's.
enum RequestID {
  static func make() -> String {
    let value = UInt64.random(in: 0...UInt64.max)
    let text = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: 16 - text.count) + text
  }
}
