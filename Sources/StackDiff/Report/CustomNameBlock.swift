/// A replacement that CloudFormation cannot carry out: the resource has a custom physical name
/// that the new template keeps, and CloudFormation creates the replacement before it deletes
/// the old resource, so the two would share the name ("CloudFormation cannot update a stack when
/// a custom-named resource requires replacing").
///
/// ```swift
/// // [~] AWS::DynamoDB::Table Results: will replace (Properties.KeySchema)
/// //  ├─ BLOCKED cannot be replaced while it has a custom name: change Properties.TableName ...
/// change.customNameBlock?.properties   // [Properties.TableName]
/// ```
public struct CustomNameBlock: Hashable, Sendable {
  /// The properties to change (or remove, to let CloudFormation name the resource).
  public var properties: [PropertyPath]
  /// Whether the replacement is certain (`will replace`, a rename) or only possible.
  public var certain: Bool
  /// One line for people.
  public var message: String
}

extension ResourceChange {
  /// Set when the resource is (or may be) replaced while its custom name stays the same.
  public var customNameBlock: CustomNameBlock? {
    guard !customNameProperties.isEmpty, status == .modified || status == .renamed else {
      return nil
    }
    let certain: Bool
    switch impact {
    case .willReplace: certain = true
    case .mayReplace, .unknown: certain = false
    case .create, .destroy, .update: return nil
    }
    let names = customNameProperties.map(\.description).joined(separator: " and ")
    let fix =
      "change \(names) (or remove \(customNameProperties.count == 1 ? "it" : "them") to let "
      + "CloudFormation name the replacement)"
    let message =
      certain
      ? "cannot be replaced while it has a custom name: \(fix)"
      : "if the change replaces it, it cannot be replaced while it has a custom name: \(fix)"
    return CustomNameBlock(properties: customNameProperties, certain: certain, message: message)
  }
}
