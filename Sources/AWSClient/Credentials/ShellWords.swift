/// Splits a `credential_process` command line into arguments as botocore does on POSIX
/// (Python's `shlex.split`): whitespace separates words; single quotes keep everything literally;
/// double quotes keep everything but `\\`, `\"`, `\$` and `` \` ``; a backslash outside quotes
/// escapes the next character. No shell runs, so no variables or globs are expanded.
///
/// ```swift
/// try ShellWords.split(#"/opt/bin/creds --profile "my team" 'a b'"#)
/// // ["/opt/bin/creds", "--profile", "my team", "a b"]
/// ```
public enum ShellWords {
  /// The words of `command`; throws on an unterminated quote or a trailing backslash.
  public static func split(_ command: String) throws -> [String] {
    var words: [String] = []
    var current = ""
    var inWord = false
    var iterator = Array(command).makeIterator()
    while let character = iterator.next() {
      switch character {
      case " ", "\t", "\n", "\r", "\r\n":
        if inWord { words.append(current) }
        current = ""
        inWord = false
      case "'":
        inWord = true
        var closed = false
        while let next = iterator.next() {
          if next == "'" {
            closed = true
            break
          }
          current.append(next)
        }
        guard closed else { throw unterminated(command, "'") }
      case "\"":
        inWord = true
        var closed = false
        while let next = iterator.next() {
          if next == "\"" {
            closed = true
            break
          }
          if next == "\\" {
            guard let escaped = iterator.next() else { break }
            if !["\\", "\"", "$", "`", "\n"].contains(escaped) { current.append("\\") }
            if escaped != "\n" { current.append(escaped) }
            continue
          }
          current.append(next)
        }
        guard closed else { throw unterminated(command, "\"") }
      case "\\":
        inWord = true
        guard let escaped = iterator.next() else {
          throw AWSClientError.invalidConfiguration(
            "credential_process ends with a lone backslash: \(command)")
        }
        if escaped != "\n" { current.append(escaped) }
      default:
        inWord = true
        current.append(character)
      }
    }
    if inWord { words.append(current) }
    return words
  }

  private static func unterminated(_ command: String, _ quote: String) -> AWSClientError {
    .invalidConfiguration("credential_process has an unterminated \(quote) quote: \(command)")
  }
}
