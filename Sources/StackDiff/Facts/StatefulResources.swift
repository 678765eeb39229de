import CloudFormation
import ResourceTypes

/// Which resources of a template hold data that a replacement or deletion would lose: the one
/// answer that the diff's dangers, deploy's approval gate and its stack policy share. Types come
/// from `ResourceTypes`' `StatefulTypes`; a resource of any type that keeps its data on deletion
/// (`DeletionPolicy: Retain` or `Snapshot`) is protected too.
///
/// ```swift
/// StatefulResources.isStateful(type: "AWS::SQS::Queue")   // true
/// StatefulResources.logicalIDs(in: template)               // ["Faces", "Images", "Results", ...]
/// ```
public enum StatefulResources {
  /// True for a type whose replacement or deletion loses data.
  public static func isStateful(type: String) -> Bool { StatefulTypes.contains(type) }

  /// The logical ids of `template`'s protected resources: a stateful type, or any resource that
  /// retains its data on deletion (`DeletionPolicy: Retain` or `Snapshot`), sorted.
  public static func logicalIDs(in template: Template) -> [String] {
    template.resources.compactMap { entry -> String? in
      let resource = entry.value
      let retains = resource.deletionPolicy?.retainsData ?? false
      return isStateful(type: resource.type) || retains ? entry.key : nil
    }.sorted()
  }

  /// The resources `template` keeps when its stack is deleted (`DeletionPolicy: Retain` or
  /// `RetainExceptOnCreate`), as (logical id, type), in template order.
  public static func retainedOnDelete(in template: Template) -> [(logicalID: String, type: String)]
  {
    template.resources.compactMap { entry in
      guard let policy = entry.value.deletionPolicy, policy != .delete, policy != .snapshot else {
        return nil
      }
      return (entry.key, entry.value.type)
    }
  }
}
