/// A template entry that the model does not type, kept as data at the place it was written.
///
/// Transforms and macros read template syntax that CloudFormation itself does not: SAM's
/// `Globals` section, an `Fn::ForEach::Name` loop among the resources (`AWS::LanguageExtensions`),
/// an `Fn::Transform` include, or any key a macro of the account reads. The reader keeps them so
/// that writing the template back loses nothing:
///
/// ```swift
/// let loop = UntypedEntry(section: "Resources", key: "Fn::ForEach::Topics",
///                         value: ["Name", ["A", "B"], ["Topic${Name}": ["Type": "AWS::SNS::Topic"]]],
///                         after: "Bucket")
/// ```
public struct UntypedEntry: Hashable, Sendable {
  /// The section it sits in (`Parameters`, `Resources`, `Outputs`); `nil` for a section itself.
  public var section: String?
  /// The key, as written.
  public var key: String
  /// The value, with intrinsic functions recognised.
  public var value: Value
  /// The key it followed in the file, typed or not; `nil` when it came first. The writers put it
  /// back after that key, or last when that key is gone.
  public var after: String?

  /// An entry of `section` (`nil` for the top level) written after `after`.
  public init(section: String?, key: String, value: Value, after: String?) {
    self.section = section
    self.key = key
    self.value = value
    self.after = after
  }
}
