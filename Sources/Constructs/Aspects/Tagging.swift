import CloudFormation
import ResourceTypes

/// Puts the environment's tags on every taggable resource, where the resource type's schema
/// says tags go. Tags set on a resource by hand win over the environment's.
///
/// Auto Scaling groups get `PropagateAtLaunch: true`, so their instances carry the tags too.
public struct Tagging: Aspect {
  /// The tags.
  public var tags: [String: String]

  /// An aspect adding `tags`.
  public init(tags: [String: String]) { self.tags = tags }

  public func visit(
    _ resource: inout Resource, of construct: CfnResource, diagnostics: inout [Diagnostic]
  ) {
    guard !tags.isEmpty, let facts = ResourceFacts.for(type: resource.type), facts.isTaggable,
      facts.tagsPath == "/properties/Tags", let format = facts.tagsFormat
    else { return }
    let propagate = resource.type == "AWS::AutoScaling::AutoScalingGroup"
    switch format {
    case .keyValueList:
      var existing = resource.properties["Tags"]?.listValue ?? []
      let present = Set(existing.compactMap { $0["Key"]?.stringValue })
      for (key, value) in tags.sorted(by: { $0.key < $1.key }) where !present.contains(key) {
        var tag: OrderedMap<Value> = ["Key": .string(key), "Value": .string(value)]
        if propagate { tag["PropagateAtLaunch"] = true }
        existing.append(.map(tag))
      }
      resource.properties["Tags"] = .list(
        existing.sorted { ($0["Key"]?.stringValue ?? "") < ($1["Key"]?.stringValue ?? "") })
      resource.properties = resource.properties.sortedByKey()
    case .map:
      var existing = resource.properties["Tags"]?.mapValue ?? [:]
      for (key, value) in tags where !existing.contains(key) { existing[key] = .string(value) }
      resource.properties["Tags"] = .map(existing.sortedByKey())
      resource.properties = resource.properties.sortedByKey()
    }
  }
}
