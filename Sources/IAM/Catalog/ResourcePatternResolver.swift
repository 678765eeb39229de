import CloudFormation

/// Turns a policy's resource value into the ARN globs it may stand for at deploy time.
///
/// Literal strings keep IAM's wildcards; pseudo parameters and names are unknown (`*`);
/// `Ref`/`GetAtt` of a resource whose type is known become that type's ARN format (see
/// ``ResourceARNFormats``), so `!GetAtt Table.Arn` is
/// `arn:*:dynamodb:*:*:table/*`. `Fn::If` gives both branches.
///
/// ```swift
/// let resolver = ResourcePatternResolver(resourceTypes: ["ResultsTable": "AWS::DynamoDB::Table"])
/// resolver.patterns(for: .getAtt("ResultsTable", "Arn"))   // [arn:*:dynamodb:*:*:table/*]
/// ```
public struct ResourcePatternResolver: Sendable {
  /// The CloudFormation type of each logical ID of the template.
  public var resourceTypes: [String: String]

  /// A resolver knowing the template's resource types by logical ID.
  public init(resourceTypes: [String: String] = [:]) {
    self.resourceTypes = resourceTypes
  }

  /// A resolver for the resources of `template`.
  public init(template: Template) {
    var types: [String: String] = [:]
    for (logicalID, resource) in template.resources { types[logicalID] = resource.type }
    self.init(resourceTypes: types)
  }

  /// The alternatives the value may be (usually one).
  public func patterns(for value: Value) -> [Glob] {
    let result = resolve(value)
    return result.isEmpty ? [.anything] : result
  }

  private static let limit = 16

  private func resolve(_ value: Value) -> [Glob] {
    switch value {
    case .string(let string): return [Glob(string)]
    case .number(let number): return [.literal(number.text)]
    case .bool(let bool): return [.literal(bool ? "true" : "false")]
    case .intrinsic(let intrinsic): return resolve(intrinsic)
    case .null, .list, .map: return [.anything]
    }
  }

  private func resolve(_ intrinsic: Intrinsic) -> [Glob] {
    switch intrinsic {
    case .ref(let name):
      return [reference(name, attribute: "Ref")]
    case .getAtt(let name, let attribute):
      return [reference(name, attribute: attribute.stringValue ?? "")]
    case .sub(let template, let variables):
      return substitute(template, variables)
    case .join(let delimiter, let list):
      guard let items = list.listValue else { return [.anything] }
      var result: [Glob] = [Glob(tokens: [])]
      for (index, item) in items.enumerated() {
        let parts = resolve(item)
        let separator = index == 0 ? Glob(tokens: []) : .literal(delimiter)
        result = combine(result, parts.map { separator + $0 })
      }
      return result
    case .ifThen(_, let then, let otherwise):
      return Array((resolve(then) + resolve(otherwise)).prefix(Self.limit))
    default:
      return [.anything]
    }
  }

  private func reference(_ name: String, attribute: String) -> Glob {
    guard let type = resourceTypes[name],
      let format = ResourceARNFormats.format(type: type, attribute: attribute)
    else { return .anything }
    return Glob(arnFormat: format)
  }

  private func substitute(_ template: String, _ variables: OrderedMap<Value>) -> [Glob] {
    var result: [Glob] = [Glob(tokens: [])]
    var rest = Substring(template)
    while let start = rest.range(of: "${") {
      result = combine(result, [Glob(String(rest[..<start.lowerBound]))])
      guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
        rest = rest[start.lowerBound...]
        break
      }
      let name = String(rest[start.upperBound..<end])
      rest = rest[rest.index(after: end)...]
      if name.hasPrefix("!") {
        result = combine(result, [.literal("${" + name.dropFirst() + "}")])
      } else if let variable = variables[name] {
        result = combine(result, resolve(variable))
      } else if name.contains(".") {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        result = combine(result, [reference(parts[0], attribute: parts[1])])
      } else {
        result = combine(result, [reference(name, attribute: "Ref")])
      }
    }
    return combine(result, [Glob(String(rest))])
  }

  private func combine(_ lhs: [Glob], _ rhs: [Glob]) -> [Glob] {
    Array(lhs.flatMap { left in rhs.map { left + $0 } }.prefix(Self.limit))
  }
}
