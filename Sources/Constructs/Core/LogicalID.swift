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
    // Bytes, not scalars: only ASCII letters and digits are kept, and asking each scalar for
    // its Unicode properties was 2 % of a synth (issue 20).
    var kept: [UInt8] = []
    kept.reserveCapacity(id.utf8.count)
    for byte in id.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"):
        kept.append(byte)
      default: continue
      }
    }
    if let first = kept.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) {
      kept[0] = first - UInt8(ascii: "a") + UInt8(ascii: "A")
    }
    return String(decoding: kept, as: UTF8.self)
  }
}
