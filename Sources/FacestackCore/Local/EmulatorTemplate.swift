import CloudFormation
import Foundation
import IAM

/// The template as sent to the local emulator. moto 5.2 skips resource types it does not
/// implement, and a `Fn::GetAtt` of an `Arn` on one of them fails the whole stack; where AWS's
/// `Arn` attribute is a fixed format of a name property, the emulator gets that ARN as a
/// `Fn::Sub` instead (the value AWS would give). moto does not implement `Fn::Cidr` either (the
/// stack's resources cannot even be listed then); a `Fn::Cidr` of a literal block, or of a VPC's
/// literal `CidrBlock`, is sent as the list AWS would compute. A `Fn::Sub` whose text holds `$$`
/// and whose variables are references is sent in the string form, which moto substitutes
/// without collapsing `$$` to `$`. Nothing else changes, and the
/// real template never does: this runs only for `--local`.
public enum EmulatorTemplate {
  /// The types moto skips whose `Arn` the template uses; their formats and name properties
  /// come from the one table of ARN formats, ``IAM/ResourceARNFormats``.
  static let skippedTypes: Set<String> = [
    "AWS::Rekognition::Collection", "AWS::CloudWatch::Alarm", "AWS::Athena::WorkGroup",
  ]

  /// `template` with each `GetAtt X.Arn` on a type in ``arnFormats`` replaced by its ARN, and
  /// one note per resource changed: `DetectRole (1)`.
  public static func adapt(_ template: Template) -> (template: Template, notes: [String]) {
    var arns: [String: Value] = [:]
    for (id, resource) in template.resources where skippedTypes.contains(resource.type) {
      guard
        let property = ResourceARNFormats.nameProperty(type: resource.type, attribute: "Arn"),
        let name = resource.properties[property]?.stringValue,
        let arn = ResourceARNFormats.arn(
          type: resource.type, attribute: "Arn", name: name, partition: "${AWS::Partition}",
          region: "${AWS::Region}", account: "${AWS::AccountId}")
      else { continue }
      arns[id] = .sub(arn)
    }
    var context = Context(arns: arns, vpcBlocks: [:])
    for (id, resource) in template.resources where resource.type == "AWS::EC2::VPC" {
      context.vpcBlocks[id] = resource.properties["CidrBlock"]?.stringValue
    }
    var adapted = template
    var notes: [String] = []
    for (id, resource) in template.resources {
      var rewritten = resource
      var count = 0
      rewritten.properties = resource.properties.mapValues { rewrite($0, context, &count) }
      if count > 0 {
        adapted.resources[id] = rewritten
        notes.append("\(id) (\(count))")
      }
    }
    return (adapted, notes)
  }

  struct Context {
    var arns: [String: Value]
    var vpcBlocks: [String: String]
  }

  static func rewrite(_ value: Value, _ context: Context, _ count: inout Int) -> Value {
    switch value {
    case .list(let items):
      return .list(items.map { rewrite($0, context, &count) })
    case .map(let map):
      return .map(map.mapValues { rewrite($0, context, &count) })
    case .intrinsic(.getAtt(let id, .string("Arn"))):
      guard let arn = context.arns[id] else { return value }
      count += 1
      return arn
    case .intrinsic(.cidr(let block, let blocks, let bits)):
      var literal = block.stringValue
      if case .intrinsic(.getAtt(let vpc, .string("CidrBlock"))) = block {
        literal = context.vpcBlocks[vpc]
      }
      guard let literal, let blocks = intValue(blocks), let bits = intValue(bits),
        let subnets = IPv4Cidr.subnets(of: literal, count: blocks, hostBits: bits)
      else { return value }
      count += 1
      return .list(subnets.map { .string($0) })
    case .intrinsic(.select(let index, let list)):
      return .intrinsic(.select(index, rewrite(list, context, &count)))
    case .intrinsic(.join(let delimiter, let list)):
      return .intrinsic(.join(delimiter, rewrite(list, context, &count)))
    case .intrinsic(.sub(let text, let variables)):
      let rewritten = variables.mapValues { rewrite($0, context, &count) }
      guard let inlined = inline(text, rewritten) else { return .intrinsic(.sub(text, rewritten)) }
      count += 1
      return .intrinsic(.sub(inlined, [:]))
    case .intrinsic(.ifThen(let condition, let then, let otherwise)):
      return .intrinsic(
        .ifThen(condition, rewrite(then, context, &count), rewrite(otherwise, context, &count)))
    default:
      return value
    }
  }

  /// `Fn::Sub [text, {Name: !GetAtt X.Arn, Other: !Ref Y}]` as the string form
  /// `text` with `${X.Arn}` and `${Y}`: moto substitutes the variables form with Python's
  /// `string.Template`, which turns `$$` (Step Functions' context object, `$$.Execution.Id`)
  /// into `$`. Nil when a variable is anything but a `Ref` or `GetAtt`.
  static func inline(_ text: String, _ variables: OrderedMap<Value>) -> String? {
    guard !variables.isEmpty, text.contains("$$") else { return nil }
    var result = text
    for (name, value) in variables {
      let reference: String
      switch value {
      case .intrinsic(.ref(let target)): reference = target
      case .intrinsic(.getAtt(let target, .string(let attribute))):
        reference = "\(target).\(attribute)"
      default: return nil
      }
      result = result.replacingOccurrences(of: "${\(name)}", with: "${\(reference)}")
    }
    return result
  }

  static func intValue(_ value: Value) -> Int? {
    switch value {
    case .string(let text): return Int(text)
    case .number(let number): return Int(number.description)
    default: return nil
    }
  }
}

/// `Fn::Cidr` for IPv4, as CloudFormation computes it.
public enum IPv4Cidr {
  /// The first `count` subnets with `hostBits` host bits of `block` (`10.0.0.0/16`), in order;
  /// nil when the block is not IPv4 or cannot hold them.
  public static func subnets(of block: String, count: Int, hostBits: Int) -> [String]? {
    let parts = block.split(separator: "/")
    guard parts.count == 2, let prefix = Int(parts[1]), (0...32).contains(prefix) else {
      return nil
    }
    let octets = parts[0].split(separator: ".").compactMap { UInt32($0) }
    guard octets.count == 4, octets.allSatisfy({ $0 < 256 }), (1...32).contains(hostBits),
      32 - hostBits >= prefix, count >= 1, count <= 256
    else { return nil }
    let base = octets.reduce(UInt32(0)) { $0 << 8 | $1 }
    let size = UInt64(1) << UInt64(hostBits)
    guard UInt64(count) * size <= UInt64(1) << UInt64(32 - prefix) else { return nil }
    return (0..<count).map { index in
      let address = UInt32(truncatingIfNeeded: UInt64(base) + UInt64(index) * size)
      let text = [24, 16, 8, 0].map { String((address >> UInt32($0)) & 255) }
      return text.joined(separator: ".") + "/\(32 - hostBits)"
    }
  }
}
