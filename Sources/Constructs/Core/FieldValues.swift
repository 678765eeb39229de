import CloudFormation
import ResourceTypes

// Inside an extension of `Field`, `Value` names its dictionary-literal associated type, so the
// template value type is spelt `CloudFormation.Value` here.

extension Field where T == String {
  /// A string property from a template value: a literal string or an intrinsic function.
  public static func from(_ value: CloudFormation.Value) -> Field<String> {
    switch value {
    case .intrinsic(let intrinsic): return .expression(intrinsic)
    case .string(let string): return .literal(string)
    default: preconditionFailure("expected a string or an intrinsic, got \(value.kindDescription)")
    }
  }
}

extension Field where T == CloudFormation.Value {
  /// A JSON-typed property (a policy document, an event pattern) from a template value.
  public static func from(_ value: CloudFormation.Value) -> Field<CloudFormation.Value> {
    .literal(value)
  }
}
