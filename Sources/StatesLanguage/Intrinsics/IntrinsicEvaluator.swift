import CloudFormation
import Foundation
import JSONPaths

/// Runs intrinsic function calls (developer guide, "Intrinsic functions for JSONPath states").
/// Bad arguments fail with `States.IntrinsicFailure`; a path argument that selects nothing with
/// `States.Runtime`, as any payload path.
struct IntrinsicEvaluator {
  let input: JSONDocument
  let context: JSONDocument
  let random: any RandomSource
  /// The field being computed (`message.$`), for messages.
  let field: String

  func evaluate(_ call: IntrinsicCall) async throws(StateError) -> JSONDocument {
    if call.name == "States.Format" { return try await format(call) }
    var values: [JSONDocument] = []
    for argument in call.arguments {
      values.append(try await value(of: argument))
    }
    return try await apply(call, values)
  }

  func value(of argument: IntrinsicArgument) async throws(StateError) -> JSONDocument {
    switch argument {
    case .string(let raw): return .string(IntrinsicArgument.unescaped(raw))
    case .number(let text): return .number(text)
    case .bool(let flag): return .bool(flag)
    case .null: return .null
    case .path(let path):
      do {
        return try path.value(input: input, context: context)
      } catch {
        throw StateError.runtime(
          "The JSONPath '\(path.text)' specified for the field '\(field)' could not be found in the input '\(input.compactText)'"
        )
      }
    case .call(let nested): return try await evaluate(nested)
    }
  }

  private func apply(_ call: IntrinsicCall, _ values: [JSONDocument]) async throws(StateError)
    -> JSONDocument
  {
    func fail(_ detail: String) -> StateError { StateError.intrinsic(call, detail) }
    func array(_ index: Int) throws(StateError) -> [JSONDocument] {
      guard let elements = values[index].elements else {
        throw fail("argument \(index + 1) must be an array, got \(values[index].kindName)")
      }
      return elements
    }
    func string(_ index: Int) throws(StateError) -> String {
      guard let text = values[index].stringValue else {
        throw fail("argument \(index + 1) must be a string, got \(values[index].kindName)")
      }
      return text
    }
    func integer(_ index: Int) throws(StateError) -> Int {
      guard let number = values[index].integerValue else {
        throw fail("argument \(index + 1) must be an integer, got \(values[index].compactText)")
      }
      return number
    }
    switch call.name {
    case "States.StringToJson":
      let text = try string(0)
      if text.allSatisfy(\.isWhitespace) { return .null }
      guard let parsed = JSONDocument.parseValue(text) else {
        throw fail("the string is not valid JSON: \(text)")
      }
      return parsed == .number("-0") ? .integer(0) : parsed
    case "States.JsonToString":
      return .string(values[0].compactText)
    case "States.Array":
      return .array(values)
    case "States.ArrayPartition":
      let elements = try array(0)
      let size = try integer(1)
      guard size > 0 else { throw fail("the chunk size must be greater than 0, got \(size)") }
      return .array(
        stride(from: 0, to: elements.count, by: size).map {
          .array(Array(elements[$0..<min($0 + size, elements.count)]))
        })
    case "States.ArrayContains":
      let elements = try array(0)
      return .bool(elements.contains { $0.isEquivalent(to: values[1]) })
    case "States.ArrayRange":
      let (start, end, step) = (try integer(0), try integer(1), try integer(2))
      guard step != 0 else { throw fail("the step must not be 0") }
      let items = Array(stride(from: start, through: end, by: step))
      guard items.count <= 1_000 else {
        throw fail("the array would have \(items.count) items; at most 1000 are allowed")
      }
      return .array(items.map(JSONDocument.integer))
    case "States.ArrayGetItem":
      let elements = try array(0)
      let index = try integer(1)
      guard elements.indices.contains(index) else {
        throw fail("the index \(index) is out of bounds for an array of \(elements.count) items")
      }
      return elements[index]
    case "States.ArrayLength":
      return .integer(try array(0).count)
    case "States.ArrayUnique":
      var unique: [JSONDocument] = []
      for element in try array(0) where !unique.contains(where: { $0.isEquivalent(to: element) }) {
        unique.append(element)
      }
      return .array(unique)
    case "States.Base64Encode":
      let text = try string(0)
      guard text.count <= 10_000 else { throw fail("the input has more than 10000 characters") }
      return .string(Data(text.utf8).base64EncodedString())
    case "States.Base64Decode":
      let text = try string(0)
      guard text.count <= 10_000 else { throw fail("the input has more than 10000 characters") }
      guard let data = Data(base64Encoded: text), let decoded = String(data: data, encoding: .utf8)
      else { throw fail("the input is not valid Base64-encoded UTF-8: \(text)") }
      return .string(decoded)
    case "States.Hash":
      let text = try string(0)
      guard text.count <= 10_000 else { throw fail("the input has more than 10000 characters") }
      let algorithm = try string(1)
      guard let digest = Digest.hex(algorithm, Array(text.utf8)) else {
        throw fail(
          "the algorithm must be one of \(Digest.algorithms.joined(separator: ", ")), got \(algorithm)"
        )
      }
      return .string(digest)
    case "States.JsonMerge":
      guard let first = values[0].members, let second = values[1].members else {
        throw fail("the first two arguments must be JSON objects")
      }
      guard values[2].boolValue == false else {
        throw fail("only shallow merging is supported; the third argument must be false")
      }
      return second.reduce(JSONDocument.object(first)) { $0.setting($1.0, to: $1.1) }
    case "States.MathRandom":
      return .integer(try await mathRandom(values, fail: fail))
    case "States.MathAdd":
      var sum = 0
      for index in 0..<2 {
        guard let number = values[index].doubleValue else {
          throw fail("argument \(index + 1) must be a number, got \(values[index].compactText)")
        }
        sum += Int((number + 0.5).rounded(.down))  // Java's Math.round
      }
      guard (Int(Int32.min)...Int(Int32.max)).contains(sum) else {
        throw fail("the sum \(sum) is outside the range of a 32-bit integer")
      }
      return .integer(sum)
    case "States.StringSplit":
      let text = try string(0)
      let delimiters = Set(try string(1))
      return .array(
        text.split(whereSeparator: { delimiters.contains($0) }).map { .string(String($0)) })
    case "States.UUID":
      return .string(await random.uuid())
    default:
      throw fail("unknown function")
    }
  }

  /// `States.MathRandom(start, end[, seed])`: an integer from start to end (non-integers are
  /// rounded to the nearest integer); with a seed, the same value every time.
  private func mathRandom(_ values: [JSONDocument], fail: (String) -> StateError)
    async throws(StateError) -> Int
  {
    var bounds: [Int] = []
    for value in values {
      guard let number = value.doubleValue else {
        throw fail("arguments must be integers, got \(value.compactText)")
      }
      bounds.append(Int(number.rounded()))
    }
    let (start, end) = (bounds[0], bounds[1])
    guard start <= end else { throw fail("the start \(start) is greater than the end \(end)") }
    let span = UInt64(end - start) + 1
    let draw: UInt64
    if bounds.count == 3 {
      var generator = SplitMix64(state: UInt64(bitPattern: Int64(bounds[2])))
      draw = generator.next()
    } else {
      draw = await random.next()
    }
    return start + Int(draw % span)
  }

  /// `States.Format`: each `{}` of the template (not `\{` or `\}`) replaced by the next
  /// argument, written as Step Functions writes values into strings.
  private func format(_ call: IntrinsicCall) async throws(StateError) -> JSONDocument {
    guard let first = call.arguments.first else { throw StateError.intrinsic(call, "no template") }
    let pieces: [String]
    if case .string(let raw) = first {
      pieces = Self.templatePieces(raw)
    } else {
      guard let template = try await value(of: first).stringValue else {
        throw StateError.intrinsic(call, "the template must be a string")
      }
      pieces = template.components(separatedBy: "{}")
    }
    let arguments = call.arguments.dropFirst()
    guard pieces.count - 1 == arguments.count else {
      throw StateError.intrinsic(
        call,
        "the template has \(pieces.count - 1) placeholders but \(arguments.count) arguments were given"
      )
    }
    var output = pieces[0]
    for (argument, piece) in zip(arguments, pieces.dropFirst()) {
      output += JavaText.render(try await value(of: argument)) + piece
    }
    return .string(output)
  }

  /// A literal template split at its unescaped `{}`, escapes resolved.
  static func templatePieces(_ raw: String) -> [String] {
    var pieces = [""]
    let characters = Array(raw)
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if character == "\\", index + 1 < characters.count {
        pieces[pieces.count - 1].append(characters[index + 1])
        index += 2
      } else if character == "{", index + 1 < characters.count, characters[index + 1] == "}" {
        pieces.append("")
        index += 2
      } else {
        pieces[pieces.count - 1].append(character)
        index += 1
      }
    }
    return pieces
  }
}
