import Foundation

/// ISO 8601 timestamps in UTC (`2026-12-04T18:00:00Z`, or with milliseconds), written without a
/// date formatter: condition keys and log records are stamped on every request.
public enum UTCTimestamp {
  /// `yyyy-MM-dd'T'HH:mm:ss'Z'`, or `…ss.SSS'Z'` with `milliseconds`.
  public static func iso8601(_ date: Date, milliseconds: Bool = false) -> String {
    let interval = date.timeIntervalSince1970
    var seconds = Int(interval.rounded(.down))
    var millis = Int(((interval - Double(seconds)) * 1000).rounded(.down))
    if millis >= 1000 {
      seconds += 1
      millis -= 1000
    }
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let secondOfDay = seconds - days * 86_400
    // Civil date from days since the epoch (Howard Hinnant's algorithm).
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    func pad(_ value: Int, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    var text =
      "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
      + "\(pad(secondOfDay % 3600 / 60, 2)):\(pad(secondOfDay % 60, 2))"
    if milliseconds { text += "." + pad(millis, 3) }
    return text + "Z"
  }
}
