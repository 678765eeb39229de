import CloudFormation
import JSONPaths

/// A target's `InputTransformer`: variables read from the event by JSONPath (`InputPathsMap`)
/// filled into `InputTemplate`, with EventBridge's rules.
///
/// ```swift
/// let transformer = try InputTransformer(
///   inputPathsMap: [("bucket", "$.detail.bucket.name"), ("key", "$.detail.object.key")],
///   inputTemplate: #"{"bucket": <bucket>, "key": <key>}"#)
/// let input = try transformer.render(event: event, rule: context)
/// // {"bucket": "b", "key": "input/a.jpg"}
/// ```
///
/// How a value is written depends on where its placeholder stands:
/// - outside quotes: strings are quoted (`<key>` → `"input/a.jpg"`), numbers, booleans, `null`,
///   objects and arrays are written as JSON, a path that selects nothing gives `""`;
/// - inside quotes: the characters of a string (escaped so the result stays JSON), numbers and
///   booleans as text, a path that selects nothing gives nothing; an object or array gives its
///   JSON without quote marks (`{acc_id:0a78,sf_id:baz}`) in a string template, and makes a JSON
///   template undeliverable.
/// The result must be JSON (an object, an array or a string), or the event is not delivered.
public struct InputTransformer: Sendable {
  /// The variables, in map order.
  public let variables: [(name: String, path: JSONPath)]
  /// The template.
  public let template: String

  /// The predefined variables.
  public static let predefinedVariables: Set<String> = [
    "aws.events.rule-arn", "aws.events.rule-name", "aws.events.event.ingestion-time",
    "aws.events.event", "aws.events.event.json",
  ]

  /// Validates as `PutTargets` does; `targetId` names the target in messages.
  public init(
    inputPathsMap: [(String, String)], inputTemplate: String, targetId: String = "Target0"
  ) throws(InputTransformerError) {
    guard inputPathsMap.count <= 100 else {
      throw .tooManyVariables(inputPathsMap.count)
    }
    guard (1...8_192).contains(inputTemplate.count) else {
      throw .invalidTemplateLength(inputTemplate.count)
    }
    var variables: [(name: String, path: JSONPath)] = []
    for (key, path) in inputPathsMap {
      guard (1...256).contains(key.count),
        key.unicodeScalars.allSatisfy({ Self.keyCharacters.contains($0) })
      else { throw .invalidKey(key) }
      do {
        variables.append((key, try JSONPath(path)))
      } catch {
        throw .invalidPath(key: key, path: path, reason: error.description)
      }
    }
    let names = Set(variables.map(\.name))
    for placeholder in InputTemplateScanner.placeholders(in: inputTemplate)
    where !names.contains(placeholder) && !Self.predefinedVariables.contains(placeholder) {
      throw .invalidPlaceholder(targetId: targetId, name: placeholder)
    }
    self.variables = variables
    self.template = inputTemplate
  }

  /// Reads `{"InputPathsMap": {...}, "InputTemplate": "..."}` (a target's property in a template
  /// or in `PutTargets`).
  public init(_ document: JSONDocument, targetId: String = "Target0") throws(InputTransformerError)
  {
    let map = (document["InputPathsMap"]?.members ?? []).map { ($0.0, $0.1.stringValue ?? "") }
    try self.init(
      inputPathsMap: map, inputTemplate: document["InputTemplate"]?.stringValue ?? "",
      targetId: targetId)
  }

  /// The input EventBridge sends to the target for `event`, as text.
  public func render(event: JSONDocument, rule: RuleContext) throws(InputTransformerError)
    -> String
  {
    var values: [String: JSONDocument] = [:]
    for variable in variables {
      if variable.path.isDefinite {
        values[variable.name] = try? variable.path.value(in: event)
      } else {
        let matches = variable.path.select(in: event)
        if !matches.isEmpty { values[variable.name] = .array(matches.map(\.value)) }
      }
    }
    values["aws.events.rule-arn"] = .string(rule.ruleArn)
    values["aws.events.rule-name"] = .string(rule.ruleName)
    values["aws.events.event.ingestion-time"] = .string(rule.ingestionTime)
    values["aws.events.event"] = Self.envelope(of: event)
    values["aws.events.event.json"] = event
    let output = try InputTemplateScanner.fill(template, values: values)
    guard JSONDocument.parseValue(output) != nil else { throw .invalidOutput(output) }
    return output
  }

  /// The event without its `detail`, as EventBridge gives `<aws.events.event>`: the envelope
  /// fields with `detail-type` spelt `detailType`.
  static func envelope(of event: JSONDocument) -> JSONDocument {
    let order = [
      ("id", "id"), ("account", "account"), ("detail-type", "detailType"), ("time", "time"),
      ("source", "source"), ("region", "region"), ("resources", "resources"),
      ("version", "version"),
    ]
    return .object(order.compactMap { name, key in event[name].map { (key, $0) } })
  }

  private static let keyCharacters = Set(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-".unicodeScalars)
}
