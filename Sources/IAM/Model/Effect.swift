/// Whether a statement grants or refuses what it names.
public enum Effect: String, Hashable, Sendable, Codable, CaseIterable {
  /// `"Allow"`.
  case allow = "Allow"
  /// `"Deny"`: wins over any allow.
  case deny = "Deny"
}
