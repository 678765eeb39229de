import CloudFormation
import EventPatterns
import Foundation
import JSONPaths
import Testing

/// Parses JSON text written in a test.
func json(_ text: String) throws -> JSONDocument { try JSONDocument.parse(text) }

/// Whether `pattern` matches `event`; a pattern that does not compile fails the test.
func matches(_ pattern: String, _ event: String) throws -> Bool {
  try EventPattern.parse(pattern).matches(json(event))
}

/// The reason EventBridge would give for refusing `pattern`, or `nil` when it is valid.
func refusal(_ pattern: String) -> String? {
  do {
    _ = try EventPattern.parse(pattern)
    return nil
  } catch {
    return error.reason
  }
}

/// The repository's root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A CloudFormation value as the JSON the service sees once deployed: `Ref`s and `Fn::GetAtt`s
/// resolved by `resolve`, `Fn::Sub` filled from its variables and `resolve`.
func deployedJSON(_ value: Value, resolve: (String) -> String) -> JSONDocument {
  switch value {
  case .string(let string): return .string(string)
  case .number(let number): return .number(number.text)
  case .bool(let flag): return .bool(flag)
  case .null: return .null
  case .list(let items): return .array(items.map { deployedJSON($0, resolve: resolve) })
  case .map(let map): return .object(map.map { ($0.key, deployedJSON($0.value, resolve: resolve)) })
  case .intrinsic(.ref(let name)): return .string(resolve(name))
  case .intrinsic(.getAtt(let resource, let attribute)):
    return .string(resolve("\(resource).\(attribute.stringValue ?? "")"))
  case .intrinsic(.sub(let template, let variables)):
    var text = template
    for (name, variable) in variables {
      let filled = deployedJSON(variable, resolve: resolve).stringValue ?? ""
      text = text.replacingOccurrences(of: "${\(name)}", with: filled)
    }
    for name in ["AWS::Partition", "AWS::Region", "AWS::AccountId", "AWS::StackName"] {
      text = text.replacingOccurrences(of: "${\(name)}", with: resolve(name))
    }
    return .string(text)
  case .intrinsic(let other): return .string("<unresolved \(other.functionName)>")
  }
}
