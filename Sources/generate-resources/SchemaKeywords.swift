/// The JSON Schema keywords the generator knows, and what it does with each.
///
/// The full-set test fails when any schema in the pinned set uses a keyword outside these lists,
/// so a new construct in a refreshed schema set is noticed, not silently dropped.
enum SchemaKeywords {
  /// Checked at synth time by `SchemaChecks` (and, for some, turned into Swift types).
  static let validation: Set<String> = [
    "type", "$ref", "properties", "patternProperties", "additionalProperties", "required", "items",
    "prefixItems", "enum", "const", "pattern", "minLength", "maxLength", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems",
    "minProperties", "maxProperties", "oneOf", "anyOf", "allOf", "not", "if", "then", "else",
    "dependencies", "dependentRequired", "dependentExcluded", "requiredXor", "requiredOr",
    "enumCaseInsensitive",
  ]

  /// Known and deliberately not checked: documentation, hints for other tools, and cfn-lint's
  /// own extensions whose rules are cfn-lint's business (`uniqueKeys`, `maxUniqueItems`).
  /// `insertionOrder` feeds `ResourceFacts.unorderedListPaths` instead.
  static let annotations: Set<String> = [
    "description", "title", "examples", "$comment", "default", "format", "insertionOrder",
    "relationshipRef", "arrayType", "uniqueKeys", "maxUniqueItems",
  ]

  /// Keywords of the resource schema's root besides the validation ones.
  static let topLevel: Set<String> = [
    "typeName", "description", "definitions", "createOnlyProperties",
    "conditionalCreateOnlyProperties", "writeOnlyProperties", "readOnlyProperties",
    "deprecatedProperties", "primaryIdentifier", "additionalIdentifiers", "tagging", "taggable",
    "handlers", "sourceUrl", "documentationUrl", "resourceLink", "$schema", "propertyTransform",
    "replacementStrategy", "lifecycle", "typeConfiguration", "$comment",
  ]

  static let schemaMaps: Set<String> = ["properties", "patternProperties", "definitions"]
  static let schemaLists: Set<String> = ["oneOf", "anyOf", "allOf", "prefixItems"]
  static let schemaValues: Set<String> = [
    "items", "additionalProperties", "not", "if", "then", "else",
  ]
  static let jsonTypes: Set<String> = [
    "string", "integer", "number", "boolean", "array", "object", "null",
  ]
}
