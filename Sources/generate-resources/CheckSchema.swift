/// The part of a schema that synth-time checks need: validation keywords only, no prose.
enum CheckSchema {
  static func strip(_ schema: JSON) -> JSON {
    guard let members = schema.members else { return schema }
    var kept: [(String, JSON)] = []
    for (key, value) in members {
      guard SchemaKeywords.validation.contains(key) || key == "definitions" else { continue }
      if SchemaKeywords.schemaMaps.contains(key) || key == "definitions", let map = value.members {
        kept.append((key, .object(map.map { ($0.0, strip($0.1)) })))
      } else if key == "dependencies", let map = value.members {
        kept.append((key, .object(map.map { ($0.0, $0.1.members != nil ? strip($0.1) : $0.1) })))
      } else if SchemaKeywords.schemaLists.contains(key), let list = value.elements {
        kept.append((key, .array(list.map(strip))))
      } else if SchemaKeywords.schemaValues.contains(key), value.members != nil {
        kept.append((key, strip(value)))
      } else {
        kept.append((key, value))
      }
    }
    return .object(kept)
  }
}
