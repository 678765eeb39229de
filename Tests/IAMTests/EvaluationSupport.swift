import CloudFormation
import Testing

@testable import IAM

/// The account of the documented examples.
let exampleAccount = "123456789012"

/// A policy of `kind` from its JSON text.
func evaluatedPolicy(
  _ json: String, _ kind: PolicyKind = .identity, name: String = "policy"
) throws -> EvaluatedPolicy {
  EvaluatedPolicy(
    kind: kind, name: name, document: try PolicyReader.read(Array(json.utf8), file: name))
}

/// The core's decision for one concrete request.
func decide(
  _ principal: RequestPrincipal, _ action: String, _ resource: String, _ policies: PolicySet,
  keys: [String: [String]] = [:], resourceAccount: String? = nil
) -> Decision {
  PolicyEvaluation.evaluate(
    AuthorizationRequest(
      principal: principal, action: action, resource: resource,
      resourceAccount: resourceAccount, context: ContextKeys(keys)),
    policies)
}

/// A session of `role` in the example account.
func session(_ role: String, _ name: String = "session") -> RequestPrincipal {
  .assumedRole(roleARN: "arn:aws:iam::\(exampleAccount):role/\(role)", sessionName: name)
}

/// A user of the example account.
func user(_ name: String) -> RequestPrincipal {
  .user(arn: "arn:aws:iam::\(exampleAccount):user/\(name)")
}
