import Foundation

/// Dates as IAM's `Date…` operators read them: ISO 8601 (`2024-05-01T12:00:00Z`, with
/// fractional seconds or an offset, or a plain day `2024-05-01`) or seconds since the epoch.
enum ConditionDate {
  /// The date `text` stands for, or nil.
  static func parse(_ text: String) -> Date? {
    if !text.isEmpty, text.allSatisfy({ $0.isNumber || $0 == "." }), let seconds = Double(text) {
      return Date(timeIntervalSince1970: seconds)
    }
    for options in formats {
      let formatter = ISO8601DateFormatter()
      formatter.formatOptions = options
      formatter.timeZone = TimeZone(secondsFromGMT: 0)
      if let date = formatter.date(from: text) { return date }
    }
    return nil
  }

  private static let formats: [ISO8601DateFormatter.Options] = [
    [.withInternetDateTime],
    [.withInternetDateTime, .withFractionalSeconds],
    [.withFullDate],
  ]
}
