import Foundation

/// A reviewed finding that is accepted, with why. Written in the stack code next to the role:
///
/// ```swift
/// Acknowledgement(rule: "resource-exposure", role: "EnrollFunctionRole",
///                 reason: "kms:CreateGrant is needed by Rekognition to read SSE-KMS images")
/// ```
/// An acknowledged finding is still reported (under "acknowledged", with the reason) but does
/// not count towards `--fail-on`. An acknowledgement without a reason suppresses nothing.
public struct Acknowledgement: Hashable, Sendable, Codable {
  /// The rule id.
  public var rule: String
  /// The role (logical ID).
  public var role: String
  /// Why the finding is acceptable.
  public var reason: String

  /// An acknowledgement.
  public init(rule: String, role: String, reason: String) {
    self.rule = rule
    self.role = role
    self.reason = reason
  }

  /// Whether this acknowledges `finding`.
  public func covers(_ finding: Finding) -> Bool {
    finding.ruleID == rule && finding.role == role
      && !reason.trimmingCharacters(in: .whitespaces).isEmpty
  }
}
