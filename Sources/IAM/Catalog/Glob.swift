/// A pattern with IAM's wildcards: `*` any run of characters, `?` one character.
///
/// Used for action patterns (`s3:Get*`), resource ARNs (`arn:aws:s3:::bucket/input/*`) and
/// catalog ARN formats, whose `${Placeholders}` stand for any text. Two globs can be asked
/// whether some string matches both (``intersects(_:)``) or whether every string matching one
/// matches the other (``covers(_:)``).
///
/// ```swift
/// Glob("arn:aws:s3:::b/input/*").intersects(Glob(arnFormat: "arn:${Partition}:s3:::${BucketName}/${ObjectName}"))  // true
/// ```
public struct Glob: Hashable, Sendable, CustomStringConvertible {
  /// One element of a pattern.
  public enum Token: Hashable, Sendable {
    /// One character, as written (lowercased when the glob ignores case).
    case character(Character)
    /// `?`.
    case anyCharacter
    /// `*`, or a placeholder or value unknown until deploy.
    case anyRun
    /// A catalog placeholder for a name that cannot contain `/` or `:` (`${BucketName}`): any
    /// run of characters other than those.
    case anyName
  }

  /// Placeholders of catalog ARN formats whose values never contain `/` or `:`, so that the
  /// bucket format does not match object ARNs nor a table's format an index's. Every other
  /// placeholder (`${ObjectName}`, `${FunctionName}` with its qualifier, ...) matches any text.
  public static let slashFreePlaceholders: Set<String> = [
    "Partition", "Region", "Account", "BucketName", "TableName", "IndexName", "StreamLabel",
    "CollectionId", "QueueName", "TopicName", "StateMachineName", "KeyId",
    "EventBusName", "RuleName", "AlarmName", "WorkGroupName", "SecretId",
  ]

  /// The elements (runs of `*` merged).
  public private(set) var tokens: [Token]

  /// A glob from policy text: `*` and `?` are wildcards, and IAM policy variables such as
  /// `${aws:username}` stand for any text. With `ignoringCase`, letters are lowercased.
  public init(_ text: String, ignoringCase: Bool = false) {
    tokens = Glob.tokens(text, placeholders: true, ignoringCase: ignoringCase)
  }

  /// A glob from a catalog ARN format, each `${Placeholder}` standing for any text.
  public init(arnFormat: String) {
    var result = Glob(tokens: [])
    var rest = Substring(arnFormat)
    while let start = rest.range(of: "${"), let end = rest[start.upperBound...].firstIndex(of: "}")
    {
      result.append(
        contentsOf: Glob.tokens(
          String(rest[..<start.lowerBound]), placeholders: false, ignoringCase: false))
      let name = String(rest[start.upperBound..<end])
      result.append(contentsOf: [Glob.slashFreePlaceholders.contains(name) ? .anyName : .anyRun])
      rest = rest[rest.index(after: end)...]
    }
    result.append(contentsOf: Glob.tokens(String(rest), placeholders: false, ignoringCase: false))
    tokens = result.tokens
  }

  /// A glob from tokens.
  public init(tokens: [Token]) {
    self.tokens = []
    append(contentsOf: tokens)
  }

  /// Literal text: no wildcards.
  public static func literal(_ text: String) -> Glob {
    Glob(tokens: text.map(Token.character))
  }

  /// Matches anything.
  public static let anything = Glob(tokens: [.anyRun])

  /// Appends tokens, merging runs of `*`.
  public mutating func append(contentsOf other: [Token]) {
    for token in other {
      if token == .anyRun, tokens.last == .anyRun { continue }
      if token == .anyName, tokens.last == .anyName || tokens.last == .anyRun { continue }
      if token == .anyRun, tokens.last == .anyName { tokens.removeLast() }
      tokens.append(token)
    }
  }

  /// This glob followed by another.
  public static func + (lhs: Glob, rhs: Glob) -> Glob {
    var result = lhs
    result.append(contentsOf: rhs.tokens)
    return result
  }

  /// Whether the glob is `*` alone.
  public var isAnything: Bool { tokens == [.anyRun] }

  /// Whether the glob has any wildcard.
  public var hasWildcard: Bool { tokens.contains { !$0.isCharacter } }

  /// Whether `Glob(text)` would have a wildcard (`*`, `?`, or a policy variable `${...}`),
  /// without making its tokens: a policy's action patterns are mostly exact names, asked this
  /// for every statement of every role (issue 20).
  public static func hasWildcard(in text: String) -> Bool {
    var afterDollar = false
    var inVariable = false
    for character in text {
      switch character {
      case "*", "?": return true
      case "}" where inVariable: return true
      case "{" where afterDollar: inVariable = true
      default: break
      }
      afterDollar = character == "$"
    }
    return false
  }

  /// The pattern as text, `*` for every unknown part.
  public var description: String {
    String(
      tokens.map { token -> Character in
        switch token {
        case .character(let character): return character
        case .anyCharacter: return "?"
        case .anyRun, .anyName: return "*"
        }
      })
  }

  /// Whether `text` matches.
  public func matches(_ text: String) -> Bool { intersects(.literal(text)) }

  /// Whether some string matches both globs.
  public func intersects(_ other: Glob) -> Bool {
    var memo = Memo(rows: tokens.count + 1, columns: other.tokens.count + 1)
    return intersect(0, 0, other.tokens, &memo)
  }

  /// Whether every string matching `other` matches this glob (a sound approximation: it may
  /// say no for exotic pairs of patterns, never yes wrongly).
  public func covers(_ other: Glob) -> Bool {
    var memo = Memo(rows: tokens.count + 1, columns: other.tokens.count + 1)
    return cover(0, 0, other.tokens, &memo)
  }

  private func intersect(_ i: Int, _ j: Int, _ other: [Token], _ memo: inout Memo) -> Bool {
    if let known = memo[i, j] { return known }
    let result: Bool
    if i == tokens.count {
      result = other[j...].allSatisfy(\.isRun)
    } else if j == other.count {
      result = tokens[i...].allSatisfy(\.isRun)
    } else if tokens[i] == .anyRun {
      result = intersect(i + 1, j, other, &memo) || intersect(i, j + 1, other, &memo)
    } else if other[j] == .anyRun {
      result = intersect(i, j + 1, other, &memo) || intersect(i + 1, j, other, &memo)
    } else if tokens[i] == .anyName {
      result =
        intersect(i + 1, j, other, &memo)
        || (Glob.canBeNameCharacter(other[j]) && intersect(i, j + 1, other, &memo))
    } else if other[j] == .anyName {
      result =
        intersect(i, j + 1, other, &memo)
        || (Glob.canBeNameCharacter(tokens[i]) && intersect(i + 1, j, other, &memo))
    } else {
      result = Glob.compatible(tokens[i], other[j]) && intersect(i + 1, j + 1, other, &memo)
    }
    memo[i, j] = result
    return result
  }

  private func cover(_ i: Int, _ j: Int, _ other: [Token], _ memo: inout Memo) -> Bool {
    if let known = memo[i, j] { return known }
    let result: Bool
    if j == other.count {
      result = tokens[i...].allSatisfy(\.isRun)
    } else if i == tokens.count {
      result = false
    } else if tokens[i] == .anyRun {
      result = cover(i + 1, j, other, &memo) || cover(i, j + 1, other, &memo)
    } else if tokens[i] == .anyName {
      let absorbable: Bool
      switch other[j] {
      case .character(let character): absorbable = character != "/" && character != ":"
      case .anyName: absorbable = true
      default: absorbable = false
      }
      result = cover(i + 1, j, other, &memo) || (absorbable && cover(i, j + 1, other, &memo))
    } else {
      switch (tokens[i], other[j]) {
      case (_, .anyRun), (_, .anyName): result = false
      case (.anyCharacter, _): result = cover(i + 1, j + 1, other, &memo)
      case (.character(let a), .character(let b)):
        result = a == b && cover(i + 1, j + 1, other, &memo)
      default: result = false
      }
    }
    memo[i, j] = result
    return result
  }

  private static func canBeNameCharacter(_ token: Token) -> Bool {
    if case .character(let character) = token { return character != "/" && character != ":" }
    return true
  }

  private static func compatible(_ a: Token, _ b: Token) -> Bool {
    if case .character(let x) = a, case .character(let y) = b { return x == y }
    return true
  }

  private static func tokens(_ text: String, placeholders: Bool, ignoringCase: Bool) -> [Token] {
    var result = Glob(tokens: [])
    var characters = Array(ignoringCase ? text.lowercased() : text)[...]
    while let character = characters.first {
      if placeholders, character == "$", characters.dropFirst().first == "{",
        let end = characters.firstIndex(of: "}")
      {
        result.append(contentsOf: [.anyRun])
        characters = characters[(end + 1)...]
        continue
      }
      characters = characters.dropFirst()
      switch character {
      case "*": result.append(contentsOf: [.anyRun])
      case "?": result.append(contentsOf: [.anyCharacter])
      default: result.append(contentsOf: [.character(character)])
      }
    }
    return result.tokens
  }

  private struct Memo {
    var storage: [UInt8]
    let columns: Int
    init(rows: Int, columns: Int) {
      storage = Array(repeating: 0, count: rows * columns)
      self.columns = columns
    }
    subscript(i: Int, j: Int) -> Bool? {
      get {
        switch storage[i * columns + j] {
        case 1: return false
        case 2: return true
        default: return nil
        }
      }
      set { storage[i * columns + j] = newValue == true ? 2 : 1 }
    }
  }
}

extension Glob.Token {
  var isRun: Bool { self == .anyRun || self == .anyName }

  var isCharacter: Bool {
    if case .character = self { return true }
    return false
  }
}
