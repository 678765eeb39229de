import CloudFormation

/// One value a path selected, with where it was.
public struct JSONPathMatch: Sendable, Equatable {
  /// The selected value.
  public let value: JSONDocument
  /// The members and indexes leading to it from the root.
  public let location: [JSONPathLocation]

  /// The location in Jayway's normalized form: `$['detail']['items'][0]`.
  public var normalizedPath: String { JSONPathLocation.normalized(location) }
}

/// One step of a location.
public enum JSONPathLocation: Sendable, Equatable {
  /// An object member.
  case member(String)
  /// An array element.
  case index(Int)

  /// `$['a'][0]`.
  public static func normalized(_ location: [JSONPathLocation]) -> String {
    location.reduce(into: "$") { text, step in
      switch step {
      case .member(let name): text += "['\(name)']"
      case .index(let index): text += "[\(index)]"
      }
    }
  }
}
