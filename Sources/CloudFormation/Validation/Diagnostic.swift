/// A problem found in a template or stack, with where it is.
///
/// Recoverable problems are collected as diagnostics rather than thrown, so one run reports all
/// of them.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
  /// How serious the problem is.
  public enum Severity: String, Hashable, Sendable, Comparable, CaseIterable {
    case note, warning, error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
      allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
  }

  /// How serious the problem is.
  public var severity: Severity
  /// Where: a file, `file:line`, or a template path such as `Resources.Bucket.Properties`.
  public var location: String?
  /// What is wrong, lowercase, one line, without a final period.
  public var message: String

  /// A diagnostic.
  public init(_ severity: Severity, _ message: String, at location: String? = nil) {
    self.severity = severity
    self.message = message
    self.location = location
  }

  /// `location: severity: message`.
  public var description: String {
    [location, severity.rawValue, message].compactMap { $0 }.joined(separator: ": ")
  }
}
