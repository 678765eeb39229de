import CloudFormation

/// How policy values read in messages, reviews and diffs: strings as they are, intrinsics in
/// YAML's short form (`!GetAtt Table.Arn`, `!Sub arn:${AWS::Partition}:s3:::${Bucket}/*`).
public enum ValueText {
  /// The value as one line of text.
  public static func describe(_ value: Value) -> String {
    switch value {
    case .string(let string): return string
    case .intrinsic(.ref(let name)): return "!Ref \(name)"
    case .intrinsic(.getAtt(let name, let attribute)):
      return "!GetAtt \(name).\(attribute.stringValue ?? TemplateWriter.compactJSON(attribute))"
    case .intrinsic(.sub(let template, let variables)) where variables.isEmpty:
      return "!Sub \(template)"
    default: return TemplateWriter.compactJSON(value)
    }
  }

  /// Whether ``symbolicGlob(_:)`` represents the value faithfully: strings, `Ref`, `GetAtt`
  /// and `Sub` without a variable map.
  public static func isComparableAsWritten(_ value: Value) -> Bool {
    switch value {
    case .string, .intrinsic(.ref), .intrinsic(.getAtt): return true
    case .intrinsic(.sub(_, let variables)): return variables.isEmpty
    default: return false
    }
  }

  /// A glob that compares values as written: wildcards of literal text stay wildcards, but
  /// references (`!GetAtt A.Arn`, `${Bucket}`) are literal text, so two different resources
  /// never cover each other. Used by the policy diff.
  public static func symbolicGlob(_ value: Value) -> Glob {
    switch value {
    case .string(let string): return Glob(string)
    case .intrinsic(.sub(let template, let variables)) where variables.isEmpty:
      var result = Glob(tokens: [])
      var rest = Substring(template)
      while let start = rest.range(of: "${"),
        let end = rest[start.upperBound...].firstIndex(of: "}")
      {
        result =
          result + Glob(String(rest[..<start.lowerBound]))
          + .literal(String(rest[start.lowerBound...end]))
        rest = rest[rest.index(after: end)...]
      }
      return result + Glob(String(rest))
    default: return .literal(describe(value))
    }
  }
}
