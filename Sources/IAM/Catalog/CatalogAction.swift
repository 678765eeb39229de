import Foundation

/// One IAM action as the catalog describes it.
public struct CatalogAction: Hashable, Sendable {
  /// `s3:GetObject`, with AWS's casing.
  public var fullName: String { service + ":" + name }
  /// The service prefix.
  public var service: String
  /// The action name, AWS's casing.
  public var name: String
  /// Its access level.
  public var accessLevel: AccessLevel
  /// The resource types it can be scoped to; empty means only `Resource: "*"` works.
  public var resourceTypes: [ResourceTypeUse]
  /// The condition keys AWS lists for the action itself.
  public var conditionKeys: [String]
  /// Actions AWS says the call needs too.
  public var dependentActions: [String]

  /// Whether the action can be scoped to some resource type.
  public var supportsResourceScoping: Bool { !resourceTypes.isEmpty }

  /// A resource type an action accepts.
  public struct ResourceTypeUse: Hashable, Sendable {
    /// The resource type name, a key of the service's resource types.
    public var name: String
    /// Whether AWS marks it required.
    public var required: Bool
    /// Condition keys that apply only with this type.
    public var conditionKeys: [String]
  }
}

/// A resource type of a service and its ARN format.
public struct CatalogResourceType: Hashable, Sendable {
  /// The service prefix.
  public var service: String
  /// The resource type name, e.g. `table`.
  public var name: String
  /// `arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}`.
  public var arnFormat: String
  /// Condition keys for this resource type.
  public var conditionKeys: [String]

  /// The format as a glob, placeholders standing for any text; made once per format and
  /// process (a policy's validation asks for the same formats again and again, issue 20).
  public var pattern: Glob {
    Self.patternLock.lock()
    defer { Self.patternLock.unlock() }
    if let known = Self.patterns[arnFormat] { return known }
    let glob = Glob(arnFormat: arnFormat)
    Self.patterns[arnFormat] = glob
    return glob
  }

  private static let patternLock = NSLock()
  nonisolated(unsafe) private static var patterns: [String: Glob] = [:]
}
