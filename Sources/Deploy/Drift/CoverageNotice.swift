import Foundation

/// What drift detection cannot see, said with every drift report: a stack "in sync" means in
/// sync for what was compared, and the reader must know what that leaves out.
public enum CoverageNotice {
  /// What CloudFormation's drift detection never compares, whatever the stack.
  public static let drift: [String] = [
    "only properties the template sets are compared; one left at its default and changed later "
      + "is not seen",
    "resources made outside the stack (a rule target, a policy or a tag added by hand) are not "
      + "seen",
    "data is not compared: objects, table items, faces in the collection, queue messages",
    "resource types that do not support drift detection are not checked (listed as not checked)",
  ]

  /// Why `drift --local` stops: the emulator has no drift detection.
  public static let localCloud =
    "drift detection is not available on the local cloud: its emulator (moto) implements no "
    + "DetectStackDrift; run 'facestack drift' against AWS, or 'facestack diff --deployed --local' "
    + "to compare the deployed template"

  /// The one-line summary of the resources not checked: `5 resources of 3 types`.
  public static func notCheckedSummary(_ resources: [UncheckedResource]) -> String {
    let types = Set(resources.map(\.type)).count
    return "\(resources.count) resource\(resources.count == 1 ? "" : "s") of \(types) "
      + "type\(types == 1 ? "" : "s") without drift detection"
  }
}
