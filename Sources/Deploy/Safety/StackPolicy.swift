import CloudFormation
import Foundation
import StackDiff

/// The stack policy deploy sets: every update allowed, except replacing or deleting a stateful
/// resource (`Update:Replace`, `Update:Delete`). A deliberate replacement needs a temporary
/// policy override, which is the point.
public enum StackPolicy {
  /// The policy body for `template`, as compact JSON with sorted resources; nil when the
  /// template has no stateful resource.
  public static func body(for template: Template) -> String {
    let stateful = StatefulResources.logicalIDs(in: template)
    var statements: [Value] = [
      ["Effect": "Allow", "Principal": "*", "Action": "Update:*", "Resource": "*"]
    ]
    if !stateful.isEmpty {
      statements.append([
        "Effect": "Deny", "Principal": "*", "Action": ["Update:Replace", "Update:Delete"],
        "Resource": .list(stateful.map { .string("LogicalResourceId/\($0)") }),
      ])
    }
    return TemplateWriter.compactJSON(["Statement": .list(statements)])
  }
}
