import Foundation

/// Environment variables as a value, so configuration can be resolved in tests without touching
/// the real process environment.
public struct AWSEnvironment: Sendable, Equatable, CustomStringConvertible,
  CustomDebugStringConvertible, CustomReflectable
{
  /// The variables, by name.
  public var variables: [String: String]

  /// Creates an environment from explicit variables.
  public init(_ variables: [String: String] = [:]) {
    self.variables = variables
  }

  /// The current process's environment.
  public static var process: AWSEnvironment {
    AWSEnvironment(ProcessInfo.processInfo.environment)
  }

  /// Names of the `AWS_*` variables only: values may be secrets, and the rest is none of the
  /// client's business.
  public var description: String {
    let names = variables.keys.filter { $0.hasPrefix("AWS_") }.sorted()
    return "AWSEnvironment(" + names.joined(separator: ", ") + ")"
  }

  public var debugDescription: String { description }

  public var customMirror: Mirror {
    Mirror(self, children: ["variables": description], displayStyle: .struct)
  }

  /// The value of `name`, or nil when unset or empty (the AWS CLI treats empty as unset).
  public subscript(_ name: String) -> String? {
    guard let value = variables[name], !value.isEmpty else { return nil }
    return value
  }
}
