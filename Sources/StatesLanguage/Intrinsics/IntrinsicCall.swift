import CloudFormation
import JSONPaths

/// An intrinsic function call: `States.Format('Hello, {}', $.name)`.
public struct IntrinsicCall: Sendable, Equatable, CustomStringConvertible {
  /// The function's name, `States.Format`.
  public let name: String
  /// The arguments, in order.
  public let arguments: [IntrinsicArgument]
  /// The call as written, for messages.
  public let text: String

  /// The call as written.
  public var description: String { text }

  /// The functions of Amazon States Language, with how many arguments each takes.
  static let arities: [String: ClosedRange<Int>] = [
    "States.Format": 1...Int.max, "States.StringToJson": 1...1, "States.JsonToString": 1...1,
    "States.Array": 0...Int.max, "States.ArrayPartition": 2...2, "States.ArrayContains": 2...2,
    "States.ArrayRange": 3...3, "States.ArrayGetItem": 2...2, "States.ArrayLength": 1...1,
    "States.ArrayUnique": 1...1, "States.Base64Encode": 1...1, "States.Base64Decode": 1...1,
    "States.Hash": 2...2, "States.JsonMerge": 3...3, "States.MathRandom": 2...3,
    "States.MathAdd": 2...2, "States.StringSplit": 2...2, "States.UUID": 0...0,
  ]
}

/// An argument of an intrinsic call.
public indirect enum IntrinsicArgument: Sendable, Equatable {
  /// `'text'`: the characters between the quotes as written, escapes (`\'`, `\{`, `\}`, `\\`)
  /// kept, so `States.Format` can tell an escaped brace from a placeholder.
  case string(raw: String)
  /// A number literal, as written.
  case number(String)
  /// `true` or `false`.
  case bool(Bool)
  /// `null`.
  case null
  /// `$.path` or `$$.path`.
  case path(JSONPath)
  /// A nested call.
  case call(IntrinsicCall)

  /// The string literal's value, escapes resolved.
  static func unescaped(_ raw: String) -> String {
    var value = ""
    var escaping = false
    for character in raw {
      if escaping {
        value.append(character)
        escaping = false
      } else if character == "\\" {
        escaping = true
      } else {
        value.append(character)
      }
    }
    return value
  }
}
