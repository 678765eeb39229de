/// The messages of ``PolicyValidator`` and ``PolicySizeCheck``: lowercase, one line, no final
/// period; each shows the value received and what was expected.
public enum ValidationMessage: Hashable, Sendable, CustomStringConvertible {
  /// An action that is not `service:name`.
  case malformedAction(String)
  /// A service prefix the catalog does not know.
  case unknownService(String, action: String)
  /// An action the service does not have, with the closest action's name when one is near.
  case unknownAction(String, suggestion: String?)
  /// A wildcard pattern that names no action.
  case patternMatchesNothing(String)
  /// `Resource: "*"` where every action named can be scoped to resource types.
  case starOnScopableAction(String, types: [String])
  /// A specific resource on an action that supports only `"*"`.
  case onlyStarSupported(String, got: [String])
  /// Resources none of which match the action's resource types.
  case resourceMatchesNoType([String], action: String, types: [String])
  /// A condition key neither the actions nor the global set define.
  case unknownConditionKey(String, actions: [String])
  /// The inline policies of a role over 10,240 characters.
  case inlinePoliciesTooLarge(role: String, size: Int)
  /// A managed policy over 6,144 characters.
  case managedPolicyTooLarge(policy: String, size: Int)
  /// `*` or `service:*` in an Allow: every action of a service, present and future.
  case serviceWildcard(String)
  /// An action pattern with a wildcard (`s3:Get*`) on `Resource: "*"`.
  case wildcardActionOnStar(String)
  /// `iam:PassRole` on `Resource: "*"`: any role, an administrator's included.
  case passRoleOnStar

  /// IAM's limit on the inline policies of one role, summed, whitespace not counted.
  public static let inlineLimit = 10_240
  /// IAM's limit on one managed policy, whitespace not counted.
  public static let managedLimit = 6_144

  /// The text of the message.
  public var description: String {
    switch self {
    case .malformedAction(let action):
      return "action '\(action)' is not of the form service:action"
    case .unknownService(let service, let action):
      return "unknown service '\(service)' in action '\(action)'"
    case .unknownAction(let action, let suggestion):
      return "unknown action '\(action)'" + (suggestion.map { ", did you mean \($0)?" } ?? "")
    case .patternMatchesNothing(let pattern):
      return "action pattern '\(pattern)' matches no action"
    case .starOnScopableAction(let action, let types):
      return
        "resource '*' on \(action), which can be scoped to \(types.joined(separator: ", ")); name the resources"
    case .onlyStarSupported(let action, let got):
      return "\(action) supports only resource '*', got \(Self.quoted(got))"
    case .resourceMatchesNoType(let resources, let action, let types):
      return
        "resource \(Self.quoted(resources)) matches none of the resource types of \(action) (\(types.joined(separator: ", ")))"
    case .unknownConditionKey(let key, let actions):
      return
        "condition key '\(key)' is defined neither for \(actions.joined(separator: ", ")) nor globally"
    case .inlinePoliciesTooLarge(let role, let size):
      return
        "inline policies of role '\(role)' are \(size) characters, over the limit of \(Self.inlineLimit) (whitespace not counted)"
    case .managedPolicyTooLarge(let policy, let size):
      return
        "managed policy '\(policy)' is \(size) characters, over the limit of \(Self.managedLimit) (whitespace not counted)"
    case .serviceWildcard(let pattern):
      return
        "action '\(pattern)' grants every action of \(pattern == "*" ? "every service" : "the service"), present and future; list the actions, or acknowledge the grant with a reason"
    case .wildcardActionOnStar(let pattern):
      return
        "action pattern '\(pattern)' on resource '*' grants every matching action on everything; list the actions, or acknowledge the grant with a reason"
    case .passRoleOnStar:
      return
        "iam:PassRole on resource '*' lets the role pass any role; name the roles, or acknowledge the grant with a reason"
    }
  }

  private static func quoted(_ values: [String]) -> String {
    values.map { "'\($0)'" }.joined(separator: ", ")
  }
}
