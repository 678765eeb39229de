import Foundation

/// AWS's XML timestamps: ISO 8601 with or without fractional seconds
/// (`2026-11-29T05:00:00.123Z`, `2026-11-29T05:00:00Z`), and the RFC 1123 form of HTTP headers
/// (`Sun, 29 Nov 2026 05:00:00 GMT`).
public enum AWSTimestamp {
  /// Parses an ISO 8601 timestamp; nil when it is none.
  public static func parseISO8601(_ text: String) -> Date? {
    var trimmed = text.trimmingCharacters(in: .whitespaces)
    // Other writers' forms: the AWS CLI v1's SSO cache (`...T04:05:45UTC`), Python's `str()`
    // of a datetime (`2026-11-29 05:00:00+00:00`).
    if trimmed.hasSuffix("UTC") { trimmed = String(trimmed.dropLast(3)) + "Z" }
    if trimmed.count > 10, let space = trimmed.firstIndex(of: " "),
      trimmed.distance(from: trimmed.startIndex, to: space) == 10
    {
      trimmed.replaceSubrange(space...space, with: "T")
    }
    let fractional = ISO8601DateFormatter()
    fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = fractional.date(from: trimmed) { return date }
    let plain = ISO8601DateFormatter()
    plain.formatOptions = [.withInternetDateTime]
    if let date = plain.date(from: trimmed) { return date }
    if let dot = trimmed.firstIndex(of: "."),
      trimmed.distance(from: trimmed.startIndex, to: dot) == 19
    {
      // Fractional seconds of any length, with a zone: drop them.
      let digits = trimmed[trimmed.index(after: dot)...].prefix(while: \.isNumber)
      let rest = trimmed[trimmed.index(after: dot)...].dropFirst(digits.count)
      if !rest.isEmpty, let date = plain.date(from: String(trimmed[..<dot]) + rest) { return date }
    }
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

  /// `date` in UTC to the second, as the AWS CLI writes it: `2026-11-29T05:00:00Z`.
  public static func iso8601(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
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
