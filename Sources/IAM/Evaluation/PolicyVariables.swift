/// IAM policy variables in `Resource` and condition values: `${aws:username}`,
/// `${aws:PrincipalTag/team}`, `${s3:prefix, 'home/'}` (with a default), and the escapes
/// `${*}`, `${?}`, `${$}` for the literal characters.
///
/// ```swift
/// let text = PolicyVariables.substitute("arn:aws:s3:::b/home/${aws:username}/*", keys)
/// // .resolved: "arn:aws:s3:::b/home/" + literal "alice" + "/*"
/// ```
/// A value read from the request is literal: a `*` in a user name is not a wildcard. A
/// variable whose key is absent (and has no default) makes the element unusable, as in IAM:
/// the resource or condition value it is in matches nothing.
public enum PolicyVariables {
  /// A policy text with its variables replaced.
  public enum Substitution: Hashable, Sendable {
    /// Every variable resolved: the text in pieces, `literal` for values read from the request.
    case resolved([Piece])
    /// A variable's key is absent and has no default.
    case unresolvable(variable: String)
    /// A variable's key is unknown (symbolic evaluation).
    case unknown
  }

  /// A run of text: written in the policy (wildcards active) or substituted (literal).
  public struct Piece: Hashable, Sendable {
    /// The characters.
    public var text: String
    /// Whether the characters came from a variable (no wildcard meaning).
    public var literal: Bool
  }

  /// Replaces the variables of `text` with the values of `keys`.
  public static func substitute(_ text: String, _ keys: ConditionKeySource) -> Substitution {
    guard text.contains("${") else { return .resolved([Piece(text: text, literal: false)]) }
    var pieces: [Piece] = []
    var rest = Substring(text)
    while let start = rest.range(of: "${"), let end = rest[start.upperBound...].firstIndex(of: "}")
    {
      pieces.append(Piece(text: String(rest[..<start.lowerBound]), literal: false))
      let body = rest[start.upperBound..<end]
      rest = rest[rest.index(after: end)...]
      switch body {
      case "*", "?", "$":
        pieces.append(Piece(text: String(body), literal: true))
        continue
      default: break
      }
      let (name, fallback) = split(body)
      switch keys.lookup(name) {
      case .values(let values) where values.count == 1:
        pieces.append(Piece(text: values[0], literal: true))
      case .unknown:
        return .unknown
      case .values, .absent:
        guard let fallback else { return .unresolvable(variable: name) }
        pieces.append(Piece(text: fallback, literal: true))
      }
    }
    pieces.append(Piece(text: String(rest), literal: false))
    return .resolved(pieces.filter { !$0.text.isEmpty })
  }

  /// The text with every piece joined (for equality comparisons).
  public static func text(_ pieces: [Piece]) -> String {
    pieces.map(\.text).joined()
  }

  /// A glob over the pieces: `*` and `?` are wildcards in policy text, literal in values.
  public static func glob(_ pieces: [Piece], ignoringCase: Bool = false) -> Glob {
    var tokens: [Glob.Token] = []
    for piece in pieces {
      let text = ignoringCase ? piece.text.lowercased() : piece.text
      for character in text {
        switch (character, piece.literal) {
        case ("*", false): tokens.append(.anyRun)
        case ("?", false): tokens.append(.anyCharacter)
        default: tokens.append(.character(character))
        }
      }
    }
    return Glob(tokens: tokens)
  }

  /// `aws:username, 'default'` → (`aws:username`, `default`).
  private static func split(_ body: Substring) -> (String, String?) {
    guard let comma = body.firstIndex(of: ",") else {
      return (body.trimmed(" "), nil)
    }
    let name = body[..<comma].trimmed(" ")
    var fallback = body[body.index(after: comma)...].trimmed(" ")
    if fallback.count >= 2, fallback.hasPrefix("'"), fallback.hasSuffix("'") {
      fallback = String(fallback.dropFirst().dropLast())
    }
    return (name, fallback)
  }
}

extension Substring {
  fileprivate func trimmed(_ character: Character) -> String {
    String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
  }
}
