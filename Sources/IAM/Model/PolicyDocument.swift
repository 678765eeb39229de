import CloudFormation

/// An IAM policy document: identity, resource or trust policy.
///
/// ```swift
/// let trust = PolicyDocument.trust(services: ["lambda.amazonaws.com"])
/// let json = PolicyWriter.json(trust)
/// ```
public struct PolicyDocument: Hashable, Sendable {
  /// IAM's current policy language version, the one facestack writes.
  public static let currentVersion = "2012-10-17"

  /// `Version`.
  public var version: String?
  /// `Id`.
  public var id: String?
  /// `Statement`.
  public var statements: [Statement]

  /// A document with the current version.
  public init(
    version: String? = PolicyDocument.currentVersion, id: String? = nil, statements: [Statement]
  ) {
    self.version = version
    self.id = id
    self.statements = statements
  }

  /// A trust policy letting AWS services assume the role (`sts:AssumeRole`), optionally with
  /// conditions such as `aws:SourceArn`.
  public static func trust(services: [String], conditions: [Condition] = []) -> PolicyDocument {
    PolicyDocument(statements: [
      Statement(
        effect: .allow, principal: .services(services), actions: .actions(["sts:AssumeRole"]),
        conditions: conditions)
    ])
  }

  /// Whether any statement has a principal, as trust and resource policies do.
  public var isResourceBased: Bool { statements.contains { $0.principal != nil } }
}
