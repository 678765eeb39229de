import CloudFormation

/// A pass over the tree before synthesis: adds what every resource needs (tags) or checks what
/// a user turned off (secure defaults), as AWS CDK's aspects do.
public protocol Aspect {
  /// Visits one lowered resource; may change it and add diagnostics.
  func visit(
    _ resource: inout Resource, of construct: CfnResource, diagnostics: inout [Diagnostic])
}
