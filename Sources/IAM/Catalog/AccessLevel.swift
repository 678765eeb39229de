/// The access level AWS assigns each action, in the order reviews list them.
public enum AccessLevel: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
  case list = "List"
  case read = "Read"
  case write = "Write"
  case tagging = "Tagging"
  case permissionsManagement = "Permissions management"

  /// The catalog's one-letter code (`L`, `R`, `W`, `T`, `P`).
  init?(code: String) {
    switch code {
    case "L": self = .list
    case "R": self = .read
    case "W": self = .write
    case "T": self = .tagging
    case "P": self = .permissionsManagement
    default: return nil
    }
  }

  /// Orders values for sorted, deterministic output.
  public static func < (lhs: AccessLevel, rhs: AccessLevel) -> Bool {
    (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
  }
}
