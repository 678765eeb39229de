/// What a function's role lacks and what it has in excess, compared with its handler's calls.
public struct CoverageReport: Hashable, Sendable, Codable {
  /// The function (or service) the handler belongs to.
  public var function: String
  /// The role.
  public var role: String
  /// Calls the role does not allow: errors, since they fail with AccessDenied.
  public var missing: [MissingPermission]
  /// Allowed actions no call needs: warnings.
  public var unused: [UnusedPermission]
  /// Allowed actions needed by the runtime or agents rather than by a call.
  public var allowListed: [String]
  /// Calls the scanner could not resolve: their needs are unknown.
  public var unresolved: [UnresolvedCall]

  /// A report.
  public init(
    function: String, role: String, missing: [MissingPermission] = [],
    unused: [UnusedPermission] = [], allowListed: [String] = [], unresolved: [UnresolvedCall] = []
  ) {
    self.function = function
    self.role = role
    self.missing = missing
    self.unused = unused
    self.allowListed = allowListed
    self.unresolved = unresolved
  }
}

/// An action a call needs that the role does not allow.
public struct MissingPermission: Hashable, Sendable, Codable, CustomStringConvertible {
  /// The action.
  public var action: String
  /// The call's file.
  public var file: String
  /// The call's line.
  public var line: Int
  /// `s3.delete_object`.
  public var call: String
  /// The resource the call was checked on, when known.
  public var resource: String?

  /// `file:line: s3.delete_object needs s3:DeleteObject, which role 'R' does not allow`.
  public func message(role: String) -> String {
    "\(file):\(line): \(call) needs \(action)\(resource.map { " on '\($0)'" } ?? ""), which role '\(role)' does not allow"
  }

  /// The text of the message.
  public var description: String { message(role: "?") }
}

/// An allowed action (or pattern) that no call needs.
public struct UnusedPermission: Hashable, Sendable, Codable {
  /// The action or pattern as written.
  public var action: String
  /// The statement that allows it.
  public var location: StatementLocation

  /// `s3:DeleteObject is allowed by Role/Policy/Statement[0] but no handler call needs it`.
  public var message: String {
    "\(action) is allowed by \(location) but no handler call needs it"
  }
}
