import Foundation

/// The two timestamp forms SigV4 uses: `20150830T123600Z` and `20150830`, always in UTC.
struct AMZDate: Sendable, Equatable {
  /// `yyyyMMdd'T'HHmmss'Z'`.
  let full: String
  /// `yyyyMMdd`.
  let day: String

  init(_ date: Date) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    func pad(_ value: Int?, _ width: Int) -> String {
      let text = String(value ?? 0)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    day = pad(parts.year, 4) + pad(parts.month, 2) + pad(parts.day, 2)
    full = day + "T" + pad(parts.hour, 2) + pad(parts.minute, 2) + pad(parts.second, 2) + "Z"
  }
}
