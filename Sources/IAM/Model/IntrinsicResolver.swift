import CloudFormation

/// Turns the intrinsics of a policy into plain strings for the files under `policies/<env>/`,
/// which reviewers and tools such as parliament read without CloudFormation.
///
/// Pseudo parameters come from the environment; `Ref` and `GetAtt` of a resource become its
/// ARN (from ``ResourceARNFormats``) with the physical name when known, or `${LogicalID}` as a
/// readable placeholder (IAM-policy-variable syntax, accepted by parliament and matched as a
/// wildcard by ``Glob``). What cannot be resolved (`Fn::If`, imports) is left as it is.
///
/// ```swift
/// let resolver = IntrinsicResolver(
///   environment: .init(partition: "aws", region: "eu-west-1", accountID: "123456789012"),
///   resourceTypes: ["ResultsTable": "AWS::DynamoDB::Table"])
/// resolver.resolve(.getAtt("ResultsTable", "Arn"))
/// // "arn:aws:dynamodb:eu-west-1:123456789012:table/${ResultsTable}"
/// ```
public struct IntrinsicResolver: Sendable {
  /// The values of pseudo parameters in one environment.
  public struct Environment: Hashable, Sendable {
    /// `AWS::Partition`.
    public var partition: String
    /// `AWS::Region`.
    public var region: String
    /// `AWS::AccountId`.
    public var accountID: String
    /// `AWS::URLSuffix`.
    public var urlSuffix: String
    /// `AWS::StackName`, when known.
    public var stackName: String?

    /// An environment.
    public init(
      partition: String = "aws", region: String, accountID: String,
      urlSuffix: String = "amazonaws.com", stackName: String? = nil
    ) {
      self.partition = partition
      self.region = region
      self.accountID = accountID
      self.urlSuffix = urlSuffix
      self.stackName = stackName
    }
  }

  /// Pseudo parameter values.
  public var environment: Environment
  /// CloudFormation type by logical ID.
  public var resourceTypes: [String: String]
  /// Physical names by logical ID, where the stack sets them.
  public var physicalNames: [String: String]

  /// A resolver.
  public init(
    environment: Environment, resourceTypes: [String: String] = [:],
    physicalNames: [String: String] = [:]
  ) {
    self.environment = environment
    self.resourceTypes = resourceTypes
    self.physicalNames = physicalNames
  }

  /// The document with every resolvable intrinsic (resources, principals, condition values)
  /// replaced by a string.
  public func resolve(_ document: PolicyDocument) -> PolicyDocument {
    var result = document
    result.statements = document.statements.map { statement in
      var statement = statement
      switch statement.resources {
      case .resources(let values)?: statement.resources = .resources(values.map(resolve))
      case .notResources(let values)?: statement.resources = .notResources(values.map(resolve))
      case nil: break
      }
      if case .entries(let entries)? = statement.principal {
        statement.principal = .entries(entries.mapValues { $0.map(resolve) })
      }
      statement.conditions = statement.conditions.map { condition in
        Condition(condition.operator, condition.key, condition.values.map(resolve))
      }
      return statement
    }
    return result
  }

  /// The value as a string when it can be resolved, else unchanged.
  public func resolve(_ value: Value) -> Value {
    string(value).map(Value.string) ?? value
  }

  func string(_ value: Value) -> String? {
    switch value {
    case .string(let string): return string
    case .number(let number): return number.text
    case .bool(let bool): return bool ? "true" : "false"
    case .intrinsic(.ref(let name)): return reference(name, attribute: "Ref")
    case .intrinsic(.getAtt(let name, let attribute)):
      guard let attribute = attribute.stringValue else { return nil }
      return reference(name, attribute: attribute)
    case .intrinsic(.sub(let template, let variables)): return substitute(template, variables)
    case .intrinsic(.join(let delimiter, let list)):
      guard let items = list.listValue else { return nil }
      let parts = items.compactMap(string)
      return parts.count == items.count ? parts.joined(separator: delimiter) : nil
    default: return nil
    }
  }

  func pseudo(_ name: String) -> String? {
    switch PseudoParameter(rawValue: name) {
    case .partition?: return environment.partition
    case .region?: return environment.region
    case .accountId?: return environment.accountID
    case .urlSuffix?: return environment.urlSuffix
    case .stackName?: return environment.stackName
    default: return nil
    }
  }

  func reference(_ name: String, attribute: String) -> String {
    if attribute == "Ref", let value = pseudo(name) { return value }
    let physical = physicalNames[name] ?? "${\(name)}"
    guard let type = resourceTypes[name],
      let format = ResourceARNFormats.format(type: type, attribute: attribute)
    else {
      return attribute == "Ref" ? physical : "${\(name).\(attribute)}"
    }
    var result = ""
    var rest = Substring(format)
    var namedOnce = false
    while let start = rest.range(of: "${"), let end = rest[start.upperBound...].firstIndex(of: "}")
    {
      result += rest[..<start.lowerBound]
      switch rest[start.upperBound..<end] {
      case "Partition": result += environment.partition
      case "Region": result += environment.region
      case "Account": result += environment.accountID
      default:
        result += namedOnce ? "*" : physical
        namedOnce = true
      }
      rest = rest[rest.index(after: end)...]
    }
    return result + rest
  }

  func substitute(_ template: String, _ variables: OrderedMap<Value>) -> String? {
    var result = ""
    var rest = Substring(template)
    while let start = rest.range(of: "${"), let end = rest[start.upperBound...].firstIndex(of: "}")
    {
      result += rest[..<start.lowerBound]
      let name = String(rest[start.upperBound..<end])
      rest = rest[rest.index(after: end)...]
      if name.hasPrefix("!") {
        result += "${" + name.dropFirst() + "}"
      } else if let variable = variables[name] {
        guard let text = string(variable) else { return nil }
        result += text
      } else if let dot = name.firstIndex(of: "."), !name.hasPrefix("AWS::") {
        result += reference(
          String(name[..<dot]), attribute: String(name[name.index(after: dot)...]))
      } else {
        result += reference(name, attribute: "Ref")
      }
    }
    return result + rest
  }
}
