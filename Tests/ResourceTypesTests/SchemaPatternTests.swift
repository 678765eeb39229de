import CloudFormation
import Foundation
import Testing

@testable import ResourceTypes

/// The schema patterns' own matcher against ICU (`NSRegularExpression` after `ICUPattern`, what
/// synth used before): every pattern of the generated types compiles, and the two agree on
/// strings made from each pattern (matching ones, and the same with one scalar changed) and on
/// random strings of letters, digits, punctuation, spaces, line terminators and non-ASCII.
@Suite struct SchemaPatternTests {
  @Test func everyGeneratedPatternCompilesAndAgreesWithICU() throws {
    var patterns = Set<String>()
    for entry in ResourceTypeRegistry.types.values {
      Self.collect(try JSONDocument.parse(entry.checks.json), into: &patterns)
    }
    #expect(patterns.count > 80)
    var disagreements: [String] = []
    for pattern in patterns.sorted() {
      guard let ours = SchemaPattern(pattern) else {
        disagreements.append("does not compile: \(pattern)")
        continue
      }
      disagreements += try Self.compare(ours, pattern, samples: 300)
    }
    #expect(
      disagreements.isEmpty,
      "\(disagreements.count):\n\(disagreements.prefix(30).joined(separator: "\n"))")
  }

  /// The whole pinned set (about 3,000 patterns): wherever the matcher reads a pattern, it
  /// agrees with ICU.
  @Test func everyPinnedPatternItReadsAgreesWithICU() throws {
    let text = try String(
      contentsOf: PackagePaths.schemas.appendingPathComponent("all-us-east-1.jsonl"),
      encoding: .utf8)
    var patterns = Set<String>()
    for line in text.split(separator: "\n") {
      Self.collect(try JSONDocument.parse(String(line)), into: &patterns)
    }
    #expect(patterns.count > 2_500)
    var read = 0
    var disagreements: [String] = []
    for pattern in patterns.sorted() {
      guard let ours = SchemaPattern(pattern) else { continue }
      read += 1
      disagreements += try Self.compare(ours, pattern, samples: 9)
    }
    #expect(read * 100 >= patterns.count * 95, "reads \(read) of \(patterns.count)")
    #expect(
      disagreements.isEmpty,
      "\(disagreements.count):\n\(disagreements.prefix(30).joined(separator: "\n"))")
  }

  @Test func anchorsDotAndClassesFollowICU() throws {
    let cases: [(String, String, Bool)] = [
      ("^[a-z]+$", "abc\n", true), ("^[a-z]+$", "abc\n\n", false), ("^[a-z]+\\z", "abc\n", false),
      ("^.+$", "a\nb", false), ("^(?s).+$", "a\nb", true), ("\\A(?!aws:)[a-z:]+$", "aws:x", false),
      ("^[0-9A-Za-z]*(?<!\\.)$", "ab.", false), ("^\\p{L}+$", "héllo", true),
      ("^\\d+$", "٣4", true), ("^[^\\s]+$", "a\u{A0}b", false), ("a{2,3}", "xaay", true),
      ("^\\{####\\}$", "{####}", true), ("^(?:ab)*c$", "ababc", true), ("^(|/.*)$", "", true),
      ("^a\\s$", "a\r\n", false), ("^a$", "a\r\n", true), ("^a\\s*$", "a\r\n", true),
      ("^[\\P{C}\\v]*$", "a\u{85}b", true), ("^a{0,9223372036854775807}$", "aaa", true),
      ("", "anything", true),
      ("^\\p{P}$", ";", true), ("^[\\p{P}]$", ";", true), ("^[\\p{L}\\p{P}]$", ";", true),
      ("^[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*$", ";", true),
    ]
    for (pattern, text, expected) in cases {
      let compiled = try #require(SchemaPattern(pattern), "\(pattern)")
      #expect(compiled.matches(in: text) == expected, "\(pattern) on \(text.debugDescription)")
    }
    // Exponential for a backtracking matcher on a long text it does not match: ICU decides.
    let nested = try #require(SchemaPattern(#"^[a-z]+((\.||__)[a-z0-9]+)*$"#))
    #expect(!nested.matches(in: String(repeating: "a", count: 40) + "!"))
    #expect(nested.matches(in: "abc.def__ghi"))
    // A repeated group recurses once an iteration: past a depth limit ICU decides, so a long
    // text cannot exhaust the stack.
    let path = try #require(SchemaPattern(#"^((/[a-z]+)*)/$"#))
    #expect(!path.matches(in: String(repeating: "/a", count: 20_000) + "!"))
    #expect(path.matches(in: String(repeating: "/a", count: 200) + "/"))
    for unsupported in ["\\bword", "(a)\\1", "(?i)abc", "(?<name>a)", "a**", "[\\uD83C-\\uDBFF]"] {
      #expect(SchemaPattern(unsupported) == nil, "\(unsupported)")
    }
  }

  // MARK: helpers

  static func collect(_ schema: JSONDocument, into patterns: inout Set<String>) {
    if let members = schema.members {
      for (key, value) in members {
        if key == "pattern", let pattern = value.stringValue { patterns.insert(pattern) }
        if key == "patternProperties", let properties = value.members {
          for (pattern, _) in properties { patterns.insert(pattern) }
        }
        collect(value, into: &patterns)
      }
    } else if let elements = schema.elements {
      for element in elements { collect(element, into: &patterns) }
    }
  }

  /// Where `ours` and ICU disagree on `samples` strings of each kind.
  static func compare(_ ours: SchemaPattern, _ pattern: String, samples: Int) throws -> [String] {
    let icu = try NSRegularExpression(pattern: ICUPattern.icu(pattern))
    var random = SplitMix64(state: UInt64(truncatingIfNeeded: pattern.hashValueStable))
    var texts: [String] = []
    for index in 0..<samples {
      var scalars: [Unicode.Scalar] = []
      switch index % 3 {
      case 0: scalars = sample(ours.root, &random)
      case 1:
        scalars = sample(ours.root, &random)
        let position = scalars.isEmpty ? 0 : random.below(scalars.count + 1)
        let replacement = alphabet[random.below(alphabet.count)]
        switch random.below(3) {
        case 0 where position < scalars.count: scalars.remove(at: position)
        case 1 where position < scalars.count: scalars[position] = replacement
        default: scalars.insert(replacement, at: position)
        }
      default:
        scalars = (0..<random.below(12)).map { _ in alphabet[random.below(alphabet.count)] }
      }
      texts.append(String(String.UnicodeScalarView(scalars)))
    }
    return texts.compactMap { text in
      let expected =
        icu.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
      return ours.matches(in: text) == expected
        ? nil
        : "\(pattern) on \(text.unicodeScalars.map { String($0.value, radix: 16) }): ICU \(expected)"
    }
  }

  static let alphabet: [Unicode.Scalar] =
    Array("aZz09_-.:/@*$#{}[]()+=,; !?\\|^&%~'\"<>`".unicodeScalars)
    + ["\n", "\r", "\t", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{A0}", "\u{A1}", "\u{FF}"]
    + ["é", "ß", "中", "٣", "Ⅻ", "½", "€", "°", "\u{0301}", "\u{200C}", "\u{1F600}", "\u{3000}"]

  /// A string the tree would match, mostly: lookarounds and anchors add nothing.
  static func sample(_ node: SchemaPattern.Node, _ random: inout SplitMix64) -> [Unicode.Scalar] {
    switch node {
    case .empty, .start, .absoluteEnd, .lookahead, .lookbehind: return []
    case .end: return random.below(8) == 0 ? ["\n"] : []
    case .scalar(let scalar): return [scalar]
    case .set(let set):
      let candidates = alphabet.filter(set.contains) + extraCandidates(set)
      return candidates.isEmpty ? [] : [candidates[random.below(candidates.count)]]
    case .sequence(let nodes): return nodes.flatMap { sample($0, &random) }
    case .alternation(let branches):
      return sample(branches[random.below(branches.count)], &random)
    case .repetition(let inner, let min, let max, _):
      let high = Swift.min(max ?? min + 4, min + 4)
      let count = min + random.below(high - min + 1)
      return (0..<count).flatMap { _ in sample(inner, &random) }
    }
  }

  /// Scalars of a class's own ranges (`[\u00A1-\u00FF]`), which the alphabet may miss.
  static func extraCandidates(_ set: SchemaPattern.ScalarSet) -> [Unicode.Scalar] {
    guard !set.negated else { return [] }
    return set.items.compactMap {
      if case .range(let low, let high) = $0 { return Unicode.Scalar(low + (high - low) / 2) }
      return nil
    }
  }
}

extension SplitMix64 {
  /// A number below `bound`.
  mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(Swift.max(bound, 1))) }
}

extension String {
  /// A hash that is the same in every run (Swift's `hashValue` is seeded per process).
  fileprivate var hashValueStable: Int {
    utf8.reduce(5381) { ($0 &* 33) &+ Int($1) }
  }
}
