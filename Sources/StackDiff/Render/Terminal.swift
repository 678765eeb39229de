/// When the terminal renderer may use colour.
public enum Terminal {
  /// Colour only on a terminal, and never when `NO_COLOR` is set to anything non-empty
  /// (https://no-color.org).
  public static func wantsColor(isTTY: Bool, environment: [String: String]) -> Bool {
    guard isTTY else { return false }
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
    if environment["TERM"] == "dumb" { return false }
    return true
  }
}
