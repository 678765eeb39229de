import CloudFormation
import JSONPaths

/// A payload template (`Parameters`, `ResultSelector`, `ItemSelector`): JSON in which every
/// field whose name ends in `.$` takes its value from a path into the input (`$.x`), the
/// context object (`$$.Execution.Id`) or an intrinsic function (`States.Format(...)`), however
/// deeply nested, arrays included.
public indirect enum PayloadTemplate: Sendable, Equatable {
  /// A value copied as is.
  case value(JSONDocument)
  /// An object; each member is a template or, for `name.$`, a dynamic value.
  case object([PayloadMember])
  /// An array of templates.
  case array([PayloadTemplate])

  /// Reads `document`; `field` names the template in errors.
  init(_ document: JSONDocument, reader: DefinitionReader, field: String) throws(DefinitionError) {
    switch document {
    case .object(let members):
      var result: [PayloadMember] = []
      for (key, value) in members {
        guard key.hasSuffix(".$") else {
          result.append(
            .init(
              key: key, value: .template(try PayloadTemplate(value, reader: reader, field: field))))
          continue
        }
        let name = String(key.dropLast(2))
        guard let text = value.stringValue, let dynamic = DynamicValue(text) else {
          throw reader.error(
            field,
            "The value for the field '\(key)' must be a valid JSONPath or a valid intrinsic function call"
          )
        }
        result.append(.init(key: name, value: .dynamic(dynamic, field: key)))
      }
      self = .object(result)
    case .array(let elements):
      var result: [PayloadTemplate] = []
      for element in elements {
        result.append(try PayloadTemplate(element, reader: reader, field: field))
      }
      self = .array(result)
    default:
      self = .value(document)
    }
  }
}

/// One member of an object template.
public struct PayloadMember: Sendable, Equatable {
  /// The member's name in the result (without `.$`).
  public let key: String
  /// Its value.
  public let value: Value

  /// A member's value.
  public enum Value: Sendable, Equatable {
    /// A nested template.
    case template(PayloadTemplate)
    /// A value computed at run time; `field` is the name as written (`input.$`).
    case dynamic(DynamicValue, field: String)
  }
}

/// A value computed at run time: a path into the input or the context object, or an
/// intrinsic function call.
public enum DynamicValue: Sendable, Equatable {
  /// `$...` or `$$...`.
  case path(JSONPath)
  /// `States.Format(...)` and friends.
  case intrinsic(IntrinsicCall)

  /// Reads `text`, or `nil` when it is neither a path nor an intrinsic call.
  public init?(_ text: String) {
    if text.hasPrefix("$") {
      guard let path = try? JSONPath(text) else { return nil }
      self = .path(path)
    } else if let call = try? IntrinsicParser.parse(text) {
      self = .intrinsic(call)
    } else {
      return nil
    }
  }
}
