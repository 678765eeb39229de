import CloudFormation

/// Values as Step Functions writes them into `States.Format` strings: strings without quotes,
/// objects and arrays in Java's `Map`/`List` form (`{Arg1=1, Arg2=[]}`).
enum JavaText {
  static func render(_ value: JSONDocument) -> String {
    switch value {
    case .string(let text): return text
    case .number(let text): return text
    case .bool(let flag): return flag ? "true" : "false"
    case .null: return "null"
    case .array(let elements): return "[" + elements.map(render).joined(separator: ", ") + "]"
    case .object(let members):
      return "{" + members.map { "\($0.0)=\(render($0.1))" }.joined(separator: ", ") + "}"
    }
  }
}
