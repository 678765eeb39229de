import CloudFormation
import Foundation

/// The validation rules of one resource type's schema, run at synth time over the template
/// model: patterns, lengths, ranges, enums, item counts, required properties, one-of, any-of,
/// required-together and excluded-together rules. Values that are intrinsics are skipped:
/// only CloudFormation knows what they resolve to.
///
/// ```swift
/// let diagnostics = ResourceChecks.check(bucket.resource(), logicalID: "ImagesBucket")
/// // [Resources.ImagesBucket.Properties.BucketName: "My_Bucket" does not match ^...$]
/// ```
public final class SchemaChecks: @unchecked Sendable {
  /// The type the rules belong to.
  public let typeName: String
  let json: String
  // Parsed on first use: most synths touch a handful of the generated types.
  private let lock = NSLock()
  private var parsed: (schema: SchemaJSON, definitions: [String: SchemaJSON])?

  /// Rules from the compact schema text embedded in a generated type.
  public init(typeName: String, json: String) {
    self.typeName = typeName
    self.json = json
  }

  /// The rules of a generated type; nil for a type not in `Schemas/types.txt`.
  public static func `for`(type typeName: String) -> SchemaChecks? {
    ResourceTypeRegistry.types[typeName]?.checks
  }

  /// Checks a resource's `Properties`; `path` names them in messages
  /// (`Resources.ImagesBucket.Properties`).
  public func check(_ properties: OrderedMap<Value>, at path: String) -> [SchemaDiagnostic] {
    guard let (schema, definitions) = parsedSchema() else {
      return [
        SchemaDiagnostic(path: path, message: "the embedded schema of \(typeName) does not parse")
      ]
    }
    var validator = SchemaValidator(definitions: definitions, root: schema, checks: self)
    validator.validate(.map(properties), against: schema, at: path, depth: 0)
    // A rule can be reached twice (a property's own `minItems` and its one-of branch's): say
    // each finding once, in the order found.
    var seen: Set<SchemaDiagnostic> = []
    return validator.diagnostics.filter { seen.insert($0).inserted }
  }

  private func parsedSchema() -> (SchemaJSON, [String: SchemaJSON])? {
    lock.lock()
    defer { lock.unlock() }
    if let parsed { return parsed }
    guard let schema = try? JSONDocument.parse(json) else { return nil }
    var definitions: [String: SchemaJSON] = [:]
    for (name, definition) in schema["definitions"]?.members ?? [] {
      definitions[name] = definition
    }
    parsed = (schema, definitions)
    return (schema, definitions)
  }

  /// Compiled once per pattern and process (the types share patterns, such as tags'); nil for
  /// a pattern the matcher does not read, which the validator reports as an error (a test
  /// proves there is none in the generated types).
  func regularExpression(_ pattern: String) -> SchemaPattern? {
    Self.patternLock.lock()
    defer { Self.patternLock.unlock() }
    if let cached = Self.patterns[pattern] { return cached }
    let compiled = SchemaPattern(pattern)
    Self.patterns[pattern] = compiled
    return compiled
  }

  private static let patternLock = NSLock()
  nonisolated(unsafe) private static var patterns: [String: SchemaPattern?] = [:]
}

/// Synth-time checks of template resources against their types' schemas.
public enum ResourceChecks {
  /// Checks one resource; no findings for a type that was not generated.
  ///
  /// Besides the schema's rules: a read-only property set in the template is an error (it is an
  /// attribute, read with `Fn::GetAtt`), and a deprecated one a warning.
  public static func check(_ resource: Resource, logicalID: String) -> [SchemaDiagnostic] {
    guard let entry = ResourceTypeRegistry.types[resource.type] else { return [] }
    let path = "Resources.\(logicalID).Properties"
    var diagnostics = entry.checks.check(resource.properties, at: path)
    let root = Value.map(resource.properties)
    for readOnly in entry.facts.readOnlyPaths {
      for (parent, name) in occurrences(of: readOnly, in: root, at: path) {
        diagnostics.append(
          SchemaDiagnostic(path: parent, message: "\(name) is read-only: read it with Fn::GetAtt"))
      }
    }
    for deprecated in entry.facts.deprecatedPaths {
      for (parent, name) in occurrences(of: deprecated, in: root, at: path) {
        diagnostics.append(
          SchemaDiagnostic(severity: .warning, path: parent, message: "\(name) is deprecated"))
      }
    }
    return diagnostics
  }

  /// Where a schema path (`/properties/A/*/B`) is set in `value`: the path of the object that
  /// holds it, and the property name.
  static func occurrences(of schemaPath: String, in value: Value, at path: String)
    -> [(parent: String, name: String)]
  {
    var components = schemaPath.split(separator: "/").map(String.init)
    guard components.first == "properties", components.count >= 2 else { return [] }
    components.removeFirst()
    var found: [(String, String)] = []
    func walk(_ value: Value, _ path: String, _ rest: ArraySlice<String>) {
      guard let head = rest.first else { return }
      switch value {
      case .map(let map):
        if rest.count == 1 {
          if map.contains(head) { found.append((path, head)) }
        } else if head == "*" {
          for entry in map { walk(entry.value, "\(path).\(entry.key)", rest.dropFirst()) }
        } else if let child = map[head] {
          walk(child, "\(path).\(head)", rest.dropFirst())
        }
      case .list(let elements) where head == "*":
        for (index, element) in elements.enumerated() {
          walk(element, "\(path)[\(index)]", rest.dropFirst())
        }
      default:
        return
      }
    }
    walk(value, path, components[...])
    return found
  }

  /// Checks every resource of a template, in template order.
  public static func check(_ template: Template) -> [SchemaDiagnostic] {
    template.resources.flatMap { entry in check(entry.value, logicalID: entry.key) }
  }
}
