import CloudFormation
import JSONPaths

/// The input and output processing of the developer guide's "Processing input and output in
/// Step Functions": `InputPath`, payload templates, `ResultPath`, `OutputPath`.
enum DataFlow {
  /// `InputPath` or `OutputPath`: the selected value, `{}` for `null`; a path that selects
  /// nothing is `States.Runtime` ("Invalid path '$.x' : No results for path: $['x']").
  static func select(_ setting: OptionalPath, in document: JSONDocument, context: JSONDocument)
    throws(StateError) -> JSONDocument
  {
    switch setting {
    case .null: return .object([])
    case .path(let path):
      do {
        return try path.value(input: document, context: context)
      } catch {
        throw StateError.runtime("Invalid path '\(path.text)' : \(error.description)")
      }
    }
  }

  /// A payload template evaluated against `input` and `context`; `nil` template gives `nil`.
  static func evaluate(
    _ template: PayloadTemplate?, input: JSONDocument, context: JSONDocument,
    random: any RandomSource
  ) async throws(StateError) -> JSONDocument? {
    guard let template else { return nil }
    return try await evaluateTemplate(template, input: input, context: context, random: random)
  }

  private static func evaluateTemplate(
    _ template: PayloadTemplate, input: JSONDocument, context: JSONDocument,
    random: any RandomSource
  ) async throws(StateError) -> JSONDocument {
    switch template {
    case .value(let value): return value
    case .array(let items):
      var values: [JSONDocument] = []
      for item in items {
        values.append(
          try await evaluateTemplate(item, input: input, context: context, random: random))
      }
      return .array(values)
    case .object(let members):
      var values: [(String, JSONDocument)] = []
      for member in members {
        switch member.value {
        case .template(let nested):
          values.append(
            (
              member.key,
              try await evaluateTemplate(nested, input: input, context: context, random: random)
            ))
        case .dynamic(let dynamic, let field):
          values.append(
            (
              member.key,
              try await value(
                of: dynamic, field: field, input: input, context: context, random: random)
            ))
        }
      }
      return .object(values)
    }
  }

  /// A `.$` field's value.
  static func value(
    of dynamic: DynamicValue, field: String, input: JSONDocument, context: JSONDocument,
    random: any RandomSource
  ) async throws(StateError) -> JSONDocument {
    switch dynamic {
    case .path(let path):
      do {
        return try path.value(input: input, context: context)
      } catch {
        throw StateError.runtime(
          "The JSONPath '\(path.text)' specified for the field '\(field)' could not be found in the input '\(input.compactText)'"
        )
      }
    case .intrinsic(let call):
      let evaluator = IntrinsicEvaluator(
        input: input, context: context, random: random, field: field)
      return try await evaluator.evaluate(call)
    }
  }
}
