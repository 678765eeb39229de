import CloudFormation

/// Writes values the way people read them in a diff: `${Table.Arn}` for `Fn::GetAtt`,
/// `${Bucket}` for `Ref`, strings quoted, lists and maps on one line.
///
/// ```swift
/// ValueFormatter.format(.getAtt("Results", "Arn"))          // ${Results.Arn}
/// ValueFormatter.format(["s3:GetObject", "s3:PutObject"])   // ["s3:GetObject", "s3:PutObject"]
/// ```
public enum ValueFormatter {
  /// One line for `value`, whole: a diff never cuts what changed (a text is shown as lines by
  /// ``TextDiff`` instead).
  public static func format(_ value: Value?) -> String {
    guard let value else { return "(absent)" }
    var text = ""
    append(value, quoted: true, to: &text)
    return text
  }

  /// A string without quotes, other values as `format` writes them (for IAM tables).
  public static func bare(_ value: Value) -> String {
    var text = ""
    append(value, quoted: false, to: &text)
    return text
  }

  private static func append(_ value: Value, quoted: Bool, to text: inout String) {
    switch value {
    case .string(let string): text += quoted ? quote(string) : string
    case .number(let number): text += number.text
    case .bool(let bool): text += bool ? "true" : "false"
    case .null: text += "null"
    case .list(let list):
      text += "["
      for (index, item) in list.enumerated() {
        if index > 0 { text += ", " }
        append(item, quoted: true, to: &text)
      }
      text += "]"
    case .map(let map):
      text += "{"
      for (index, entry) in map.enumerated() {
        if index > 0 { text += ", " }
        text += entry.key + ": "
        append(entry.value, quoted: true, to: &text)
      }
      text += "}"
    case .intrinsic(let intrinsic): appendIntrinsic(intrinsic, quoted: quoted, to: &text)
    }
  }

  private static func appendIntrinsic(_ intrinsic: Intrinsic, quoted: Bool, to text: inout String) {
    switch intrinsic {
    case .ref(let name): text += "${\(name)}"
    case .getAtt(let resource, .string(let attribute)): text += "${\(resource).\(attribute)}"
    case .sub(let template, let variables) where variables.isEmpty:
      text += quoted ? "!Sub " + quote(template) : template
    default:
      text += intrinsic.shortTag + " "
      append(intrinsic.argument, quoted: true, to: &text)
    }
  }

  private static func quote(_ string: String) -> String {
    var result = "\""
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
