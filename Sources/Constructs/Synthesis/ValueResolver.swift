import CloudFormation
import IAM

/// Resolves template values to the strings CloudFormation will produce, as far as the template
/// and the environment determine them: pseudo parameters, `Ref` and `Fn::GetAtt` of named
/// resources (a table's ARN from its `TableName`), `Fn::Sub` and `Fn::Join`. What cannot be
/// known before deployment stays as a `${LogicalId.Attribute}` placeholder.
///
/// Used to write `policies/` with the ARNs a reviewer expects to read.
///
/// ```swift
/// let resolver = ValueResolver(template: template, environment: dev, stackName: "facestack-dev-FaceRecognition")
/// resolver.string(.getAtt("Results", "Arn"))  // arn:aws:dynamodb:us-east-1:111111111111:table/facestack-dev-FaceRecognitionResults
/// ```
public struct ValueResolver {
  /// The template whose resources are referenced.
  public var template: Template
  /// Account and region.
  public var environment: Environment
  /// The deployed stack's name.
  public var stackName: String

  /// A resolver.
  public init(template: Template, environment: Environment, stackName: String) {
    self.template = template
    self.environment = environment
    self.stackName = stackName
  }

  var partition: String {
    if environment.region.hasPrefix("cn-") { return "aws-cn" }
    if environment.region.contains("-gov-") { return "aws-us-gov" }
    return "aws"
  }

  /// The value with every resolvable function replaced by its result.
  public func resolve(_ value: Value) -> Value {
    switch value {
    case .list(let list): return .list(list.map(resolve))
    case .map(let map): return .map(map.mapValues(resolve))
    case .intrinsic: return string(value).map(Value.string) ?? value
    default: return value
    }
  }

  /// The value as a string, with placeholders for what is unknown; `nil` for non-string values.
  public func string(_ value: Value) -> String? {
    switch value {
    case .string(let string): return string
    case .number(let number): return number.text
    case .intrinsic(.ref(let name)): return reference(name)
    case .intrinsic(.getAtt(let resource, .string(let attribute))):
      return attributeOf(resource, attribute)
    case .intrinsic(.sub(let text, let variables)): return substitute(text, variables: variables)
    case .intrinsic(.join(let delimiter, .list(let parts))):
      return parts.map { string($0) ?? "?" }.joined(separator: delimiter)
    default: return nil
    }
  }

  func reference(_ name: String) -> String {
    switch name {
    case "AWS::Partition": return partition
    case "AWS::Region": return environment.region
    case "AWS::AccountId": return environment.account
    case "AWS::StackName": return stackName
    case "AWS::URLSuffix": return partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"
    default: break
    }
    if let parameter = template.parameters[name] {
      return parameter.defaultValue.flatMap(string) ?? "${\(name)}"
    }
    guard let resource = template.resources[name] else { return "${\(name)}" }
    switch resource.type {
    case "AWS::S3::Bucket": return property(resource, "BucketName") ?? "${\(name)}"
    case "AWS::DynamoDB::Table": return property(resource, "TableName") ?? "${\(name)}"
    case "AWS::Lambda::Function": return property(resource, "FunctionName") ?? "${\(name)}"
    case "AWS::Logs::LogGroup": return property(resource, "LogGroupName") ?? "${\(name)}"
    case "AWS::IAM::Role": return property(resource, "RoleName") ?? "${\(name)}"
    case "AWS::StepFunctions::StateMachine", "AWS::SNS::Topic":
      let arn = attributeOf(name, "Ref")
      return arn == "${\(name).Ref}" ? "${\(name)}" : arn
    case "AWS::SQS::Queue":
      guard let queue = property(resource, "QueueName") else { return "${\(name)}" }
      return
        "https://sqs.\(environment.region).\(reference("AWS::URLSuffix"))/\(environment.account)/\(queue)"
    default: return "${\(name)}"
    }
  }

  func attributeOf(_ name: String, _ attribute: String) -> String {
    let placeholder = "${\(name).\(attribute)}"
    guard let resource = template.resources[name] else { return placeholder }
    if resource.type == "AWS::SQS::Queue", attribute == "QueueName" {
      return property(resource, "QueueName") ?? placeholder
    }
    // A key's id is chosen by KMS: the ARN keeps the id as a placeholder in an ARN's shape.
    if resource.type == "AWS::KMS::Key", attribute == "Arn" {
      return
        "arn:\(partition):kms:\(environment.region):\(environment.account):key/${\(name)}"
    }
    guard
      let key = ResourceARNFormats.nameProperty(type: resource.type, attribute: attribute),
      let resourceName = property(resource, key),
      let arn = ResourceARNFormats.arn(
        type: resource.type, attribute: attribute, name: resourceName, partition: partition,
        region: environment.region, account: environment.account)
    else { return placeholder }
    return arn
  }

  func property(_ resource: Resource, _ key: String) -> String? {
    guard let value = resource.properties[key] else { return nil }
    let text = string(value)
    return text?.contains("${") == true ? nil : text
  }

  func substitute(_ text: String, variables: OrderedMap<Value>) -> String {
    var output = ""
    var rest = Substring(text)
    while let start = rest.range(of: "${") {
      output += rest[..<start.lowerBound]
      guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
        output += rest[start.lowerBound...]
        return output
      }
      let name = String(rest[start.upperBound..<end])
      if name.hasPrefix("!") {
        output += "${" + name.dropFirst() + "}"
      } else if let variable = variables[name] {
        output += string(variable) ?? "${\(name)}"
      } else if let dot = name.firstIndex(of: "."), !name.hasPrefix("AWS::") {
        output += attributeOf(String(name[..<dot]), String(name[name.index(after: dot)...]))
      } else {
        output += reference(name)
      }
      rest = rest[rest.index(after: end)...]
    }
    return output + rest
  }
}
