/// Logical IDs, derived from construct paths by a documented, stable scheme.
///
/// A logical ID names a resource in CloudFormation; renaming it replaces the resource, so the
/// scheme is part of facestack's contract and tested:
///
/// 1. take the construct path below the stack (`Detect/Function`, `Images/Policy`);
/// 2. drop the components named `Default` (a high-level construct's main resource);
/// 3. keep only the ASCII letters and digits of each component and upper-case its first letter;
/// 4. concatenate.
///
/// `Detect/Default` becomes `Detect`, `Detect/Role` `DetectRole`, `input-rule/Target0`
/// `InputruleTarget0`. There is no hash suffix (unlike AWS CDK): IDs stay readable in diffs, and
/// two paths that give the same ID are reported as an error naming both source lines.
public enum LogicalID {
  /// The ID component that is left out, for a high-level construct's main resource.
  public static let defaultChild = "Default"

  /// The logical ID for a construct path.
  public static func make(path: [String]) -> String {
    path.filter { $0 != defaultChild }.map(component).joined()
  }

  static func component(_ id: String) -> String {
    let kept = String(
      String.UnicodeScalarView(
        id.unicodeScalars.filter {
          $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))
        }))
    guard let first = kept.first else { return "" }
    return first.uppercased() + String(kept.dropFirst())
  }
}
