import CloudFormation

/// Who a resource or trust policy statement applies to.
///
/// ```swift
/// let lambda = Principal.services(["lambda.amazonaws.com"])
/// let account = Principal.entries([.aws: [.sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")]])
/// ```
public enum Principal: Hashable, Sendable {
  /// `"*"`: anyone.
  case any
  /// Principals by kind, each with its identifiers.
  case entries([Kind: [Value]])

  /// The kinds of principal IAM knows, in the order the writer uses.
  public enum Kind: String, Hashable, Sendable, CaseIterable, Codable, Comparable {
    /// Accounts, users, roles (`"AWS"`).
    case aws = "AWS"
    /// An S3 canonical user ID.
    case canonicalUser = "CanonicalUser"
    /// A web identity or SAML provider.
    case federated = "Federated"
    /// An AWS service (`lambda.amazonaws.com`).
    case service = "Service"

    /// Orders values for sorted, deterministic output.
    public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  /// Service principals such as `states.amazonaws.com`.
  public static func services(_ names: [String]) -> Principal {
    .entries([.service: names.map(Value.string)])
  }

  /// The identifiers of one kind (empty for `*`).
  public func identifiers(_ kind: Kind) -> [Value] {
    if case .entries(let entries) = self { return entries[kind] ?? [] }
    return []
  }

  /// Every (kind, identifier) pair; `*` gives `("AWS", "*")` as IAM treats them alike.
  public var pairs: [(kind: Kind, identifier: Value)] {
    switch self {
    case .any: return [(.aws, "*")]
    case .entries(let entries):
      return entries.keys.sorted().flatMap { kind in
        (entries[kind] ?? []).map { (kind, $0) }
      }
    }
  }

  /// Identifiers sorted by compact JSON and de-duplicated.
  public var normalized: Principal {
    guard case .entries(let entries) = self else { return self }
    return .entries(
      entries.mapValues { values in
        ResourceList.resources(values).normalized.values
      }.filter { !$0.value.isEmpty })
  }
}
