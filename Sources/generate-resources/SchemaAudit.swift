import CloudFormation
import Foundation

/// Finds schema constructs the generator does not handle: unknown keywords, unknown types,
/// `$ref`s that do not resolve, and patterns the runtime's regular expressions cannot compile.
struct SchemaAudit {
  private(set) var issues: [String] = []
  private let root: JSON

  static func issues(in schema: JSON) -> [String] {
    var audit = SchemaAudit(root: schema)
    for (key, _) in schema.members ?? []
    where !SchemaKeywords.topLevel.contains(key) && !SchemaKeywords.validation.contains(key) {
      audit.issues.append("unknown top-level keyword \(key)")
    }
    audit.walkSubschemas(of: schema, at: "")
    return audit.issues
  }

  private init(root: JSON) { self.root = root }

  private mutating func walk(_ node: JSON, at path: String) {
    guard let members = node.members else {
      if node.boolValue == nil { issues.append("\(path): a schema must be an object or a boolean") }
      return
    }
    for (key, value) in members {
      if !SchemaKeywords.validation.contains(key) && !SchemaKeywords.annotations.contains(key) {
        issues.append("\(path): unknown keyword \(key)")
      }
      switch key {
      case "type":
        let types = value.stringValue.map { [$0] } ?? value.stringList
        for type in types where !SchemaKeywords.jsonTypes.contains(type) {
          issues.append("\(path): unknown type \(type)")
        }
      case "$ref":
        let reference = value.stringValue ?? ""
        if root.resolve(pointer: reference)?.members == nil {
          issues.append("\(path): unresolvable $ref \(reference)")
        }
      case "pattern":
        if let pattern = value.stringValue,
          (try? NSRegularExpression(pattern: ICUPattern.icu(pattern))) == nil
        {
          issues.append("\(path): pattern does not compile: \(pattern)")
        }
      case "dependencies":
        for (name, dependency) in value.members ?? [] where dependency.members != nil {
          walk(dependency, at: "\(path)/dependencies/\(name)")
        }
      default:
        break
      }
    }
    walkSubschemas(of: node, at: path)
  }

  private mutating func walkSubschemas(of node: JSON, at path: String) {
    for (key, value) in node.members ?? [] {
      if SchemaKeywords.schemaMaps.contains(key) {
        for (name, subschema) in value.members ?? [] {
          walk(subschema, at: "\(path)/\(key)/\(name)")
        }
      } else if SchemaKeywords.schemaLists.contains(key) {
        for (index, subschema) in (value.elements ?? []).enumerated() {
          walk(subschema, at: "\(path)/\(key)/\(index)")
        }
      } else if SchemaKeywords.schemaValues.contains(key), value.members != nil {
        walk(value, at: "\(path)/\(key)")
      }
    }
  }
}
