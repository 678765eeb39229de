/// Reads one entry of `Resources`: a `Type` and the resource attributes CloudFormation knows,
/// with what the template's transforms add kept as data.
struct ResourceDecoder {
  let reader: AttributeReader

  func resource(_ node: Node, logicalID: String) throws -> Resource {
    let what = "resource \(logicalID)"
    var resource = Resource(type: "")
    var hasType = false
    for (key, keyNode, value) in try reader.entries(node, of: what) {
      let field = "\(key) of \(what)"
      switch key {
      case "Type":
        resource.type = try reader.requiredString(value, field)
        hasType = true
      case "Condition": resource.condition = try reader.requiredString(value, field)
      case "DependsOn":
        if case .sequence(let items) = value.kind, value.tag == nil {
          resource.dependsOn = try items.map { try reader.requiredString($0, field) }
          if items.isEmpty { resource.untypedAttributes[key] = .list([]) }
        } else {
          resource.dependsOn = [try reader.requiredString(value, field)]
          resource.untypedAttributes[key] = try reader.values.value(value)
        }
      case "Properties":
        if case .intrinsic = try reader.values.value(value) {
          // `Properties: !If [IsProd, {...}, !Ref AWS::NoValue]`: kept as written.
          resource.untypedAttributes[key] = try reader.values.value(value)
          continue
        }
        guard value.tag == nil, case .mapping = value.kind else {
          throw reader.error(
            value, "expected a map for \(field), got \(value.tag ?? value.kindName)")
        }
        resource.properties = try reader.values.map(value)
        if resource.properties.isEmpty { resource.untypedAttributes[key] = .map([:]) }
      case "DeletionPolicy", "UpdateReplacePolicy":
        try policy(value, key: key, field: field, into: &resource)
      case "UpdatePolicy": resource.updatePolicy = try reader.values.value(value)
      case "CreationPolicy": resource.creationPolicy = try reader.values.value(value)
      case "Metadata": resource.metadata = try reader.values.value(value)
      default:
        guard reader.support.allowsResourceAttribute(key) else {
          throw reader.unknownKey(keyNode, key, in: what, expected: Resource.keyOrder)
        }
        resource.untypedAttributes[key] = try reader.values.value(value)
      }
    }
    guard hasType, !resource.type.isEmpty else { throw reader.error(node, "\(what) has no Type") }
    resource.untypedAttributes = AttributeLayout.canonical(
      resource.untypedAttributes, order: Resource.keyOrder)
    return resource
  }

  /// A `DeletionPolicy` or `UpdateReplacePolicy`: one of the policies, or under
  /// `AWS::LanguageExtensions` (or a macro) a function that returns one, kept as data.
  private func policy(_ value: Node, key: String, field: String, into resource: inout Resource)
    throws
  {
    let read = try reader.values.value(value)
    let expected = DeletionPolicy.allCases.map(\.rawValue).joined(separator: ", ")
    guard case .string(let raw) = read else {
      // A function that returns a policy (`!Ref Policy`, `!If [...]`), documented for
      // `AWS::LanguageExtensions` and accepted by cfn-lint without it.
      guard case .intrinsic = read else {
        throw reader.error(
          value, "\(field) must be one of \(expected), got \(reader.describe(value))")
      }
      resource.untypedAttributes[key] = read
      return
    }
    guard let policy = DeletionPolicy(rawValue: raw) else {
      throw reader.error(value, "\(field) must be one of \(expected), got '\(raw)'")
    }
    if key == "DeletionPolicy" {
      resource.deletionPolicy = policy
    } else {
      resource.updateReplacePolicy = policy
    }
  }
}
