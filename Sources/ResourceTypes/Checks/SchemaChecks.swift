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
  private let json: String
  // Parsed on first use: most synths touch a handful of the generated types.
  private let lock = NSLock()
  private var parsed: (schema: SchemaJSON, definitions: [String: SchemaJSON])?
  private var regularExpressions: [String: NSRegularExpression?] = [:]

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
    guard let schema = try? SchemaJSONParser.parse(json) else { return nil }
    var definitions: [String: SchemaJSON] = [:]
    for (name, definition) in schema["definitions"]?.members ?? [] {
      definitions[name] = definition
    }
    parsed = (schema, definitions)
    return (schema, definitions)
  }

  /// Compiled once per pattern; nil for a pattern ICU cannot compile (the full-set test proves
  /// there is none in the pinned schemas).
  func regularExpression(_ pattern: String) -> NSRegularExpression? {
    lock.lock()
    defer { lock.unlock() }
    if let cached = regularExpressions[pattern] { return cached }
    let compiled = try? NSRegularExpression(pattern: ICUPattern.icu(pattern))
    regularExpressions[pattern] = compiled
    return compiled
  }
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
    for name in topLevelNames(entry.facts.readOnlyPaths) where resource.properties.contains(name) {
      diagnostics.append(
        SchemaDiagnostic(path: path, message: "\(name) is read-only: read it with Fn::GetAtt"))
    }
    for name in topLevelNames(entry.facts.deprecatedPaths) where resource.properties.contains(name)
    {
      diagnostics.append(
        SchemaDiagnostic(severity: .warning, path: path, message: "\(name) is deprecated"))
    }
    return diagnostics
  }

  /// `["/properties/Arn", "/properties/A/B"]` → `["Arn"]`.
  private static func topLevelNames(_ paths: [String]) -> [String] {
    paths.compactMap { path in
      let parts = path.split(separator: "/")
      return parts.count == 2 && parts[0] == "properties" ? String(parts[1]) : nil
    }
  }

  /// Checks every resource of a template, in template order.
  public static func check(_ template: Template) -> [SchemaDiagnostic] {
    template.resources.flatMap { entry in check(entry.value, logicalID: entry.key) }
  }
}
