/// A check of a CloudFormation security scanner that a construct can acknowledge: checkov's
/// `CKV_AWS_117`, `CKV2_AWS_62`.
///
/// ```swift
/// detect.acknowledge(.checkov("CKV_AWS_117"), reason: "calls only public AWS APIs; no VPC resource to reach")
/// ```
public struct ScannerCheck: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The scanner that runs the check.
  public enum Scanner: String, Hashable, Sendable {
    /// checkov, which reads `Metadata.checkov.skip` (`id`, `comment`).
    case checkov
  }

  /// The scanner.
  public var scanner: Scanner
  /// The check's id as the scanner prints it.
  public var id: String

  /// A checkov check, by the id checkov prints (`CKV_AWS_117`).
  public static func checkov(_ id: String) -> ScannerCheck {
    ScannerCheck(scanner: .checkov, id: id)
  }

  /// Whether the id has the scanner's form (`CKV_AWS_<n>` or `CKV2_AWS_<n>` for checkov).
  public var isWellFormed: Bool {
    let parts = id.split(separator: "_", omittingEmptySubsequences: false)
    return parts.count == 3 && (parts[0] == "CKV" || parts[0] == "CKV2") && parts[1] == "AWS"
      && !parts[2].isEmpty && parts[2].allSatisfy(\.isASCII) && parts[2].allSatisfy(\.isNumber)
  }

  /// `checkov CKV_AWS_117`.
  public var description: String { "\(scanner.rawValue) \(id)" }

  public static func < (lhs: ScannerCheck, rhs: ScannerCheck) -> Bool {
    (lhs.scanner.rawValue, lhs.id) < (rhs.scanner.rawValue, rhs.id)
  }
}
