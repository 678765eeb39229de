import CloudFormation
import JSONPaths

/// Puts a result into a state's input at a reference path (developer guide, "Specifying state
/// output using ResultPath"): `$` replaces the input; `$.a.b` sets `b` inside `a`, creating the
/// objects on the way; an index must name an existing element.
enum ResultPathWriter {
  static func apply(_ setting: ResultPathSetting, input: JSONDocument, result: JSONDocument)
    throws(StateError) -> JSONDocument
  {
    switch setting {
    case .discard: return input
    case .path(let path):
      guard let updated = set(result, in: input, along: path.segments[...]) else {
        throw StateError.runtime(
          "Unable to apply ReferencePath \(path.text) to input \(input.compactText)")
      }
      return updated
    }
  }

  private static func set(
    _ value: JSONDocument, in node: JSONDocument, along segments: ArraySlice<JSONPathSegment>
  ) -> JSONDocument? {
    guard let segment = segments.first else { return value }
    guard case .child(let selector) = segment else { return nil }
    switch selector {
    case .name(let name):
      guard node.members != nil else { return nil }
      let child = node[name] ?? .object([])
      guard let updated = set(value, in: child, along: segments.dropFirst()) else { return nil }
      return node.setting(name, to: updated)
    case .index(let index):
      guard var elements = node.elements, elements.indices.contains(index) else { return nil }
      guard let updated = set(value, in: elements[index], along: segments.dropFirst()) else {
        return nil
      }
      elements[index] = updated
      return .array(elements)
    default:
      return nil
    }
  }
}
