import Foundation

/// AWS's XML timestamps: ISO 8601 with or without fractional seconds
/// (`2026-11-29T05:00:00.123Z`, `2026-11-29T05:00:00Z`), and the RFC 1123 form of HTTP headers
/// (`Sun, 29 Nov 2026 05:00:00 GMT`).
public enum AWSTimestamp {
  /// Parses an ISO 8601 timestamp; nil when it is none.
  public static func parseISO8601(_ text: String) -> Date? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let fractional = ISO8601DateFormatter()
    fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = fractional.date(from: trimmed) { return date }
    let plain = ISO8601DateFormatter()
    plain.formatOptions = [.withInternetDateTime]
    if let date = plain.date(from: trimmed) { return date }
    // moto sometimes writes microseconds without a zone designator.
    let noZone = DateFormatter()
    noZone.locale = Locale(identifier: "en_US_POSIX")
    noZone.timeZone = TimeZone(secondsFromGMT: 0)
    for format in ["yyyy-MM-dd'T'HH:mm:ss.SSSSSS", "yyyy-MM-dd'T'HH:mm:ss"] {
      noZone.dateFormat = format
      if let date = noZone.date(from: trimmed) { return date }
    }
    return nil
  }

  /// Parses an HTTP date (`Last-Modified`).
  public static func parseHTTPDate(_ text: String) -> Date? {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(secondsFromGMT: 0)
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
    return formatter.date(from: text)
  }
}

extension XMLTree {
  /// The date in child `name`, nil when absent or unparsable.
  func date(_ name: String) -> Date? {
    string(name).flatMap(AWSTimestamp.parseISO8601)
  }

  /// The boolean in child `name` (`true`/`false`), nil when absent.
  func bool(_ name: String) -> Bool? {
    string(name).map { $0.lowercased() == "true" }
  }

  /// The integer in child `name`, nil when absent.
  func int(_ name: String) -> Int? {
    string(name).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
  }

  /// The text of child `name`, or a malformed-response error naming the operation.
  func required(_ name: String, operation: String) throws -> String {
    guard let value = string(name) else {
      throw AWSClientError.malformedResponse(
        operation: operation, reason: "no <\(name)> in the answer")
    }
    return value
  }
}
