import CloudFormation

/// Where the comparer is inside a value: the schema pointer for fact lookups and the value's
/// role in an IAM policy, which decides what compares as a set.
struct Position {
  /// The schema pointer (`/properties/Tags/*`), or nil where the resource facts do not apply
  /// (outside resource properties, inside a parsed JSON string).
  var pointer: String?
  /// The pointer that decides replacement: frozen at the property where a JSON string starts.
  var replacementPointer: String?
  /// The value's role in an IAM policy document.
  var role: PolicyRole

  /// Outside resource properties.
  static let plain = Position(pointer: nil, replacementPointer: nil, role: .plain)
  /// At a resource's `Properties`.
  static let properties = Position(
    pointer: "/properties", replacementPointer: "/properties", role: .plain)

  /// The position of the value under `key` of a map at this position.
  func child(_ key: String) -> Position {
    Position(
      pointer: pointer.map { $0 + "/" + key },
      replacementPointer: replacementPointer.map { pointer == nil ? $0 : $0 + "/" + key },
      role: role.child(key))
  }

  /// The position of an element of a list at this position.
  var element: Position {
    Position(
      pointer: pointer.map { $0 + "/*" },
      replacementPointer: replacementPointer.map { pointer == nil ? $0 : $0 + "/*" },
      role: role.element)
  }

  /// The position inside a parsed JSON string at this position.
  var insideJSON: Position {
    Position(pointer: nil, replacementPointer: replacementPointer, role: .plain)
  }

  /// The position inside the argument of an intrinsic function (`Fn::Base64`, `Fn::Sub`) at
  /// this position: no schema facts apply there, but a change still changes this property.
  var insideIntrinsic: Position {
    Position(pointer: nil, replacementPointer: replacementPointer, role: .plain)
  }

  /// The same position with the role a map's content gives it: a map with a `Statement` is a
  /// policy document wherever it appears.
  func entering(_ map: OrderedMap<Value>) -> Position {
    guard role == .plain, map.contains("Statement") else { return self }
    var copy = self
    copy.role = .policyDocument
    return copy
  }
}

/// The role of a value in an IAM policy document; statements, actions, resources, principals
/// and condition values compare as sets.
enum PolicyRole: Equatable {
  case plain
  case policyDocument
  case statementList
  case statement
  /// A list of strings in which order and a single string versus a one-element list do not
  /// matter: `Action`, `Resource`, a principal's values, a condition's values.
  case stringSet
  case principal
  case conditionBlock
  case conditionOperator

  func child(_ key: String) -> PolicyRole {
    switch self {
    case .policyDocument: return key == "Statement" ? .statementList : .plain
    case .statement:
      switch key {
      case "Action", "NotAction", "Resource", "NotResource": return .stringSet
      case "Principal", "NotPrincipal": return .principal
      case "Condition": return .conditionBlock
      default: return .plain
      }
    case .principal: return .stringSet
    case .conditionBlock: return .conditionOperator
    case .conditionOperator: return .stringSet
    case .plain, .statementList, .stringSet: return .plain
    }
  }

  var element: PolicyRole {
    switch self {
    case .statementList: return .statement
    default: return .plain
    }
  }

  /// Whether a list in this role compares as a set.
  var isSet: Bool { self == .statementList || self == .stringSet }

  /// A single value that stands for a one-element list here (`Action: s3:GetObject`).
  func normalized(_ value: Value) -> Value {
    switch (self, value) {
    case (.stringSet, .list), (.statementList, .list): return value
    case (.stringSet, .map), (.stringSet, .null): return value
    case (.stringSet, _): return .list([value])
    case (.statementList, .map): return .list([value])
    default: return value
    }
  }
}
