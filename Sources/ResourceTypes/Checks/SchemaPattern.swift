import CloudFormation
import Foundation

/// A schema's `pattern`, compiled by a small backtracking matcher of our own instead of ICU's
/// (`NSRegularExpression`): compiling the patterns with ICU cost about 4 % of a synth, and its
/// Unicode sets more memory than the matching. The matcher keeps what ICU did with the pattern
/// after ``ICUPattern`` (the pinned schemas' ECMA-262 patterns, translated), and a test checks
/// that the two agree on every pattern of the generated types, over thousands of strings:
/// - `^` and `\A` match at the start, `$` and `\Z` at the end or before a line terminator that
///   ends the text (not between the `\r` and `\n` of a final `\r\n`), `\z` only at the end; `.`
///   matches anything but a line terminator unless `(?s)` came first;
/// - `\d` is `\p{Nd}`, `\s` is `\p{White_Space}`, `\v` any line terminator, `\w` is ICU's word
///   set; `\p{X}` takes a general category or a group of them (`L`, `Lu`, `N`, ...);
/// - a `[` inside a class, `&&`, and a `{` or `}` that is not a quantifier are literals, and a
///   quantifier after a lookaround repeats nothing.
///
/// ```swift
/// SchemaPattern("^[a-z0-9-]{3,63}$")?.matches(in: "face-images")  // true
/// ```
///
/// A pattern the matcher does not read (a backreference, a word boundary, a flag other than
/// `s`, an escaped surrogate) gives nil, which the validator reports, as it did a pattern ICU
/// could not compile; a test proves no generated type has one.
///
/// The environment files' fields are checked with it too (`init?(wholeText:)`): Swift's regex
/// literals are parsed and compiled at run time, on every synth (issue 20).
package struct SchemaPattern: Sendable {
  let root: Node
  private let anchoredAtStart: Bool
  private let fallback: Fallback

  /// A pattern that matches only a whole text: `pattern` between `\A` and `\z` (never before a
  /// final line terminator, as `$` would).
  package init?(wholeText pattern: String) {
    self.init("\\A(?:" + pattern + ")\\z")
  }

  /// The pattern compiled, or nil for syntax the matcher does not read.
  package init?(_ pattern: String) {
    var parser = Parser(Array(pattern.unicodeScalars))
    guard let root = parser.parse() else { return nil }
    self.root = root
    fallback = Fallback(pattern: pattern)
    if case .sequence(let nodes) = root, case .start = nodes.first {
      anchoredAtStart = true
    } else {
      anchoredAtStart = false
    }
  }

  /// Whether the pattern matches somewhere in `text` (a search, as `firstMatch` was).
  package func matches(in text: String) -> Bool {
    let matcher = Matcher(scalars: Array(text.unicodeScalars))
    let starts = anchoredAtStart ? 0...0 : 0...matcher.scalars.count
    let found = starts.contains { matcher.match(root, $0) { _ in true } }
    return matcher.exhausted ? fallback.matches(in: text) : found
  }

  /// ICU, for the rare text on which backtracking would take too long: a pattern such as
  /// `((\.||__)[a-z0-9]+)*` is exponential on a long text it does not match. Compiled on first
  /// use only.
  private final class Fallback: @unchecked Sendable {
    let pattern: String
    private let lock = NSLock()
    private var compiled: NSRegularExpression??

    init(pattern: String) { self.pattern = pattern }

    func matches(in text: String) -> Bool {
      lock.lock()
      if compiled == nil { compiled = try? NSRegularExpression(pattern: ICUPattern.icu(pattern)) }
      let expression = compiled ?? nil
      lock.unlock()
      guard let expression else { return false }
      return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
  }

  // MARK: the tree

  indirect enum Node: Sendable {
    case empty
    case scalar(Unicode.Scalar)
    case set(ScalarSet)
    case sequence([Node])
    case alternation([Node])
    case repetition(Node, min: Int, max: Int?, greedy: Bool)
    case lookahead(Node, negated: Bool)
    case lookbehind(Node, negated: Bool)
    case start
    case end
    case absoluteEnd
  }

  /// A set of scalars: a class, an escape such as `\d`, or the dot.
  struct ScalarSet: Sendable {
    enum Item: Sendable {
      case range(UInt32, UInt32)
      case categories([Unicode.GeneralCategory])
      case word
      case whiteSpace
      case set(ScalarSet)
    }
    var items: [Item]
    var negated = false

    func contains(_ scalar: Unicode.Scalar) -> Bool {
      items.contains { item in
        switch item {
        case .range(let low, let high): return (low...high).contains(scalar.value)
        case .categories(let categories):
          return categories.contains(scalar.properties.generalCategory)
        case .word:
          // ICU's `\w`: alphabetic, marks, decimal digits, connector punctuation, ZWNJ, ZWJ.
          let properties = scalar.properties
          if properties.isAlphabetic || scalar.value == 0x200C || scalar.value == 0x200D {
            return true
          }
          switch properties.generalCategory {
          case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber,
            .connectorPunctuation:
            return true
          default: return false
          }
        case .whiteSpace: return scalar.properties.isWhitespace
        case .set(let set): return set.contains(scalar)
        }
      } != negated
    }

    static let lineTerminators = ScalarSet(items: [
      .range(0x0A, 0x0D), .range(0x85, 0x85), .range(0x2028, 0x2029),
    ])
    static let digits = ScalarSet(items: [.categories([.decimalNumber])])
    static let spaces = ScalarSet(items: [.whiteSpace])
    static let words = ScalarSet(items: [.word])

    /// `\p{name}`'s categories: one (`Lu`) or a group (`L`).
    static func categories(named name: String) -> [Unicode.GeneralCategory]? {
      let groups: [String: [Unicode.GeneralCategory]] = [
        "L": [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter],
        "M": [.nonspacingMark, .spacingMark, .enclosingMark],
        "N": [.decimalNumber, .letterNumber, .otherNumber],
        "P": [
          .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
          .initialPunctuation, .finalPunctuation, .otherPunctuation,
        ],
        "S": [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol],
        "Z": [.spaceSeparator, .lineSeparator, .paragraphSeparator],
        "C": [.control, .format, .surrogate, .privateUse, .unassigned],
        "Lu": [.uppercaseLetter], "Ll": [.lowercaseLetter], "Lt": [.titlecaseLetter],
        "Lm": [.modifierLetter], "Lo": [.otherLetter], "Nd": [.decimalNumber],
        "Nl": [.letterNumber], "No": [.otherNumber], "Zs": [.spaceSeparator],
        "Cc": [.control], "Cf": [.format], "Sm": [.mathSymbol], "Sc": [.currencySymbol],
        "Pd": [.dashPunctuation], "Mn": [.nonspacingMark],
      ]
      return groups[name]
    }
  }

  // MARK: parsing

  private struct Parser {
    let scalars: [Unicode.Scalar]
    var index = 0
    var dotMatchesAll = false

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    mutating func parse() -> Node? {
      guard let node = alternation(), index == scalars.count else { return nil }
      return node
    }

    mutating func alternation() -> Node? {
      guard let first = sequence() else { return nil }
      var branches = [first]
      while peek == "|" {
        index += 1
        guard let branch = sequence() else { return nil }
        branches.append(branch)
      }
      return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    mutating func sequence() -> Node? {
      var nodes: [Node] = []
      while let next = peek, next != "|", next != ")" {
        guard var atom = atom() else { return nil }
        if let (min, max, greedy) = quantifier() {
          switch atom {
          case .lookahead, .lookbehind: break  // repeating a lookaround repeats nothing
          default: atom = .repetition(atom, min: min, max: max, greedy: greedy)
          }
        }
        nodes.append(atom)
      }
      if nodes.count == 1 { return nodes[0] }
      return nodes.isEmpty ? .empty : .sequence(nodes)
    }

    mutating func quantifier() -> (Int, Int?, Bool)? {
      guard let next = peek else { return nil }
      var bounds: (Int, Int?)
      switch next {
      case "*": bounds = (0, nil)
      case "+": bounds = (1, nil)
      case "?": bounds = (0, 1)
      case "{":
        guard let braces = braceQuantifier() else { return nil }
        bounds = braces
      default: return nil
      }
      index += 1
      if peek == "?" {
        index += 1
        return (bounds.0, bounds.1, false)
      }
      return (bounds.0, bounds.1, true)
    }

    /// `{n}`, `{n,}` or `{n,m}` at the index; the index ends on the `}`.
    mutating func braceQuantifier() -> (Int, Int?)? {
      var position = index + 1
      func number() -> Int? {
        var digits = ""
        while position < scalars.count, ("0"..."9").contains(scalars[position]) {
          digits.unicodeScalars.append(scalars[position])
          position += 1
        }
        return Int(digits)
      }
      guard let low = number() else { return nil }
      var high: Int? = low
      if position < scalars.count, scalars[position] == "," {
        position += 1
        high = number()
      }
      guard position < scalars.count, scalars[position] == "}" else { return nil }
      index = position
      return (low, high)
    }

    mutating func atom() -> Node? {
      guard let next = peek else { return nil }
      index += 1
      switch next {
      case "^": return .start
      case "$": return .end
      case ".":
        return .set(dotMatchesAll ? ScalarSet(items: [], negated: true) : negatedTerminators)
      case "[": return characterClass().map(Node.set)
      case "(": return group()
      case "\\": return escape()
      case "*", "+", "?": return nil
      default: return .scalar(next)
      }
    }

    var negatedTerminators: ScalarSet {
      ScalarSet(items: [.set(.lineTerminators)], negated: true)
    }

    mutating func group() -> Node? {
      var kind = "("
      if peek == "?" {
        let rest = String(String.UnicodeScalarView(scalars[index...].prefix(4)))
        for prefix in ["?<=", "?<!", "?:", "?=", "?!", "?s)"] where rest.hasPrefix(prefix) {
          kind = prefix
          break
        }
        if kind == "(" { return nil }
        index += kind.unicodeScalars.count
        if kind == "?s)" {
          dotMatchesAll = true
          return .empty
        }
      }
      guard let inner = alternation(), peek == ")" else { return nil }
      index += 1
      switch kind {
      case "?=": return .lookahead(inner, negated: false)
      case "?!": return .lookahead(inner, negated: true)
      case "?<=": return .lookbehind(inner, negated: false)
      case "?<!": return .lookbehind(inner, negated: true)
      default: return inner
      }
    }

    mutating func escape() -> Node? {
      guard let next = peek else { return nil }
      switch next {
      case "A":
        index += 1
        return .start
      case "Z":
        index += 1
        return .end
      case "z":
        index += 1
        return .absoluteEnd
      case "b", "B", "G", "k", "1"..."9", "Q", "E", "X", "R", "N": return nil
      default:
        guard let item = classEscape() else { return nil }
        switch item {
        case .range(let low, let high) where low == high:
          return Unicode.Scalar(low).map(Node.scalar)
        default: return .set(ScalarSet(items: [item]))
        }
      }
    }

    /// An escape inside or outside a class, after the backslash.
    mutating func classEscape() -> ScalarSet.Item? {
      guard let next = peek else { return nil }
      index += 1
      switch next {
      case "d": return .set(.digits)
      case "D": return .set(ScalarSet(items: [.set(.digits)], negated: true))
      case "s": return .set(.spaces)
      case "S": return .set(ScalarSet(items: [.set(.spaces)], negated: true))
      case "w": return .set(.words)
      case "W": return .set(ScalarSet(items: [.set(.words)], negated: true))
      case "p", "P":
        guard peek == "{", let close = scalars[index...].firstIndex(of: "}") else { return nil }
        let name = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
        index = close + 1
        guard let categories = ScalarSet.categories(named: name) else { return nil }
        let set = ScalarSet(items: [.categories(categories)])
        return .set(next == "P" ? ScalarSet(items: [.set(set)], negated: true) : set)
      case "u":
        return hexEscape(digits: 4)
      case "x":
        return hexEscape(digits: 2)
      case "t": return .range(0x09, 0x09)
      case "n": return .range(0x0A, 0x0A)
      case "v": return .set(.lineTerminators)  // ICU: any vertical space, not only U+000B
      case "f": return .range(0x0C, 0x0C)
      case "r": return .range(0x0D, 0x0D)
      case "0": return .range(0, 0)
      default:
        if next.properties.isAlphabetic || ("0"..."9").contains(next) { return nil }
        return .range(next.value, next.value)
      }
    }

    mutating func hexEscape(digits: Int) -> ScalarSet.Item? {
      guard index + digits <= scalars.count,
        let value = UInt32(
          String(String.UnicodeScalarView(scalars[index..<(index + digits)])), radix: 16)
      else { return nil }
      index += digits
      // ICU joins an escaped surrogate pair into one scalar; the matcher does not read them.
      guard Unicode.Scalar(value) != nil else { return nil }
      return .range(value, value)
    }

    /// A class, after its `[`.
    mutating func characterClass() -> ScalarSet? {
      var set = ScalarSet(items: [])
      if peek == "^" {
        set.negated = true
        index += 1
      }
      var first = true
      while let next = peek {
        if next == "]", !first {
          index += 1
          return set
        }
        first = false
        guard let low = classAtom() else { return nil }
        // `a-z`: a range between two single scalars; a `-` first, last or next to a set is
        // itself.
        if case .range(let start, let startEnd) = low, start == startEnd, peek == "-",
          index + 1 < scalars.count, scalars[index + 1] != "]"
        {
          index += 1
          guard let high = classAtom(), case .range(let end, let endEnd) = high, end == endEnd,
            start <= end
          else { return nil }
          set.items.append(.range(start, end))
        } else {
          set.items.append(low)
        }
      }
      return nil
    }

    mutating func classAtom() -> ScalarSet.Item? {
      guard let next = peek else { return nil }
      index += 1
      if next == "\\" {
        guard let escaped = peek else { return nil }
        // Inside a class `\b` is a backspace in ECMA; no pinned pattern uses it.
        if escaped == "b" { return nil }
        return classEscape()
      }
      return .range(next.value, next.value)
    }
  }

  // MARK: matching

  private final class Matcher {
    let scalars: [Unicode.Scalar]
    /// Steps left before the matcher gives up on a text (and ICU decides).
    private var budget = 200_000
    /// Nested calls: a repeated group recurses once an iteration, so a long text could
    /// otherwise exhaust a thread's stack before the step budget.
    private var depth = 0
    private(set) var exhausted = false

    init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

    /// Whether `node` matches at `position` with `next` accepting where it ends.
    func match(_ node: Node, _ position: Int, _ next: (Int) -> Bool) -> Bool {
      budget -= 1
      if budget < 0 || depth > 1_000 { exhausted = true }
      if exhausted { return false }
      depth += 1
      defer { depth -= 1 }
      switch node {
      case .empty:
        return next(position)
      case .scalar(let scalar):
        return position < scalars.count && scalars[position] == scalar && next(position + 1)
      case .set(let set):
        return position < scalars.count && set.contains(scalars[position]) && next(position + 1)
      case .sequence(let nodes):
        return sequence(nodes[...], position, next)
      case .alternation(let branches):
        return branches.contains { match($0, position, next) }
      case .repetition(let inner, let min, let max, let greedy):
        if case .set(let set) = inner {
          return repeatSet(set, min, max, greedy, position, next)
        }
        return repetition(inner, min, max, greedy, position, 0, next)
      case .lookahead(let inner, let negated):
        return match(inner, position) { _ in true } != negated && next(position)
      case .lookbehind(let inner, let negated):
        let found = (0...position).reversed().contains { start in
          match(inner, start) { $0 == position }
        }
        return found != negated && next(position)
      case .start:
        return position == 0 && next(position)
      case .end:
        return endsBeforeFinalTerminator(position) && next(position)
      case .absoluteEnd:
        return position == scalars.count && next(position)
      }
    }

    func sequence(_ nodes: ArraySlice<Node>, _ position: Int, _ next: (Int) -> Bool) -> Bool {
      guard let first = nodes.first else { return next(position) }
      return match(first, position) { sequence(nodes.dropFirst(), $0, next) }
    }

    /// A repeated group: one level of recursion an iteration. An iteration that matches
    /// nothing ends the repetition, as ICU's does.
    func repetition(
      _ inner: Node, _ min: Int, _ max: Int?, _ greedy: Bool, _ position: Int, _ count: Int,
      _ next: (Int) -> Bool
    ) -> Bool {
      if count < min {
        return match(inner, position) {
          repetition(inner, min, max, greedy, $0, count + 1, next)
        }
      }
      let more = max.map { count < $0 } ?? true
      if !greedy, next(position) { return true }
      if more,
        match(
          inner, position,
          {
            $0 != position && repetition(inner, min, max, greedy, $0, count + 1, next)
          })
      {
        return true
      }
      return greedy && next(position)
    }

    /// A repeated set (`[a-z]*`, `.+`): counted in a loop, then given back one at a time, so a
    /// long text costs no recursion.
    func repeatSet(
      _ set: ScalarSet, _ min: Int, _ max: Int?, _ greedy: Bool, _ position: Int,
      _ next: (Int) -> Bool
    ) -> Bool {
      var end = position
      let limit =
        max.map { $0 >= scalars.count - position ? scalars.count : position + $0 }
        ?? scalars.count
      while end < limit, set.contains(scalars[end]) { end += 1 }
      guard end - position >= min else { return false }
      let ends = (position + min)...end
      return greedy ? ends.reversed().contains(where: next) : ends.contains(where: next)
    }

    /// `$` and `\Z`: the end, or a line terminator that ends the text (`\r\n` counts as one).
    func endsBeforeFinalTerminator(_ position: Int) -> Bool {
      let count = scalars.count
      if position == count { return true }
      let rest = count - position
      if rest == 2 { return scalars[position] == "\r" && scalars[position + 1] == "\n" }
      // Not between the `\r` and the `\n` of a final `\r\n`, as ICU.
      if rest == 1, scalars[position] == "\n", position > 0, scalars[position - 1] == "\r" {
        return false
      }
      return rest == 1 && ScalarSet.lineTerminators.contains(scalars[position])
    }
  }
}
