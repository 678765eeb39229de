import CloudFormation

/// IAM's size limits: 10,240 characters of inline policy per role (all inline policies
/// summed) and 6,144 per managed policy, whitespace not counted.
///
/// Sizes are measured on the canonical compact JSON. Intrinsics count as their CloudFormation
/// JSON (`{"Fn::GetAtt":["Table","Arn"]}` is 30 characters where the ARN it becomes is about
/// 60), so a policy close to the limit should be checked after deploy too.
public enum PolicySizeCheck {
  /// The size IAM counts: characters outside whitespace.
  public static func size(_ document: PolicyDocument) -> Int {
    PolicyWriter.compactJSON(document).count
  }

  /// Errors for a role whose policies break a limit, at `location`.
  public static func check(_ role: Role, location: String?) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let inline = role.policies.filter { $0.kind == .inline }.map { size($0.document) }.reduce(0, +)
    if inline > ValidationMessage.inlineLimit {
      diagnostics.append(
        Diagnostic(
          .error,
          ValidationMessage.inlinePoliciesTooLarge(role: role.name, size: inline).description,
          at: location))
    }
    for policy in role.policies where policy.kind == .managed {
      let size = size(policy.document)
      if size > ValidationMessage.managedLimit {
        diagnostics.append(
          Diagnostic(
            .error,
            ValidationMessage.managedPolicyTooLarge(policy: policy.name, size: size).description,
            at: location))
      }
    }
    return diagnostics
  }
}
