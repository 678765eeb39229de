/// A stack's status, as CloudFormation names it. A raw string wrapper, so statuses AWS adds
/// later still parse.
public struct StackStatus: RawRepresentable, Sendable, Hashable, Codable,
  CustomStringConvertible, ExpressibleByStringLiteral
{
  /// The status text (`CREATE_COMPLETE`).
  public var rawValue: String

  /// Creates a status.
  public init(rawValue: String) { self.rawValue = rawValue }
  /// Creates a status from a literal.
  public init(stringLiteral value: String) { self.rawValue = value }

  public var description: String { rawValue }

  /// An operation is running (`*_IN_PROGRESS`).
  public var isInProgress: Bool { rawValue.hasSuffix("_IN_PROGRESS") }
  /// The last operation ended, well or not.
  public var isTerminal: Bool { !isInProgress }
  /// The last operation failed or rolled back.
  public var isFailure: Bool {
    rawValue.hasSuffix("_FAILED") || rawValue.contains("ROLLBACK")
  }

  public static let createInProgress: StackStatus = "CREATE_IN_PROGRESS"
  public static let createComplete: StackStatus = "CREATE_COMPLETE"
  public static let createFailed: StackStatus = "CREATE_FAILED"
  public static let rollbackInProgress: StackStatus = "ROLLBACK_IN_PROGRESS"
  public static let rollbackComplete: StackStatus = "ROLLBACK_COMPLETE"
  public static let rollbackFailed: StackStatus = "ROLLBACK_FAILED"
  public static let deleteInProgress: StackStatus = "DELETE_IN_PROGRESS"
  public static let deleteComplete: StackStatus = "DELETE_COMPLETE"
  public static let deleteFailed: StackStatus = "DELETE_FAILED"
  public static let updateInProgress: StackStatus = "UPDATE_IN_PROGRESS"
  public static let updateCompleteCleanupInProgress: StackStatus =
    "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"
  public static let updateComplete: StackStatus = "UPDATE_COMPLETE"
  public static let updateFailed: StackStatus = "UPDATE_FAILED"
  public static let updateRollbackInProgress: StackStatus = "UPDATE_ROLLBACK_IN_PROGRESS"
  public static let updateRollbackFailed: StackStatus = "UPDATE_ROLLBACK_FAILED"
  public static let updateRollbackCompleteCleanupInProgress: StackStatus =
    "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS"
  public static let updateRollbackComplete: StackStatus = "UPDATE_ROLLBACK_COMPLETE"
  public static let reviewInProgress: StackStatus = "REVIEW_IN_PROGRESS"
  public static let importInProgress: StackStatus = "IMPORT_IN_PROGRESS"
  public static let importComplete: StackStatus = "IMPORT_COMPLETE"
}

/// A change set's status (`CREATE_PENDING`, `CREATE_IN_PROGRESS`, `CREATE_COMPLETE`,
/// `DELETE_*`, `FAILED`).
public struct ChangeSetStatus: RawRepresentable, Sendable, Hashable, Codable,
  CustomStringConvertible, ExpressibleByStringLiteral
{
  /// The status text.
  public var rawValue: String
  /// Creates a status.
  public init(rawValue: String) { self.rawValue = rawValue }
  /// Creates a status from a literal.
  public init(stringLiteral value: String) { self.rawValue = value }
  public var description: String { rawValue }

  /// Still being computed: poll again.
  public var isPending: Bool { self == .createPending || self == .createInProgress }

  public static let createPending: ChangeSetStatus = "CREATE_PENDING"
  public static let createInProgress: ChangeSetStatus = "CREATE_IN_PROGRESS"
  public static let createComplete: ChangeSetStatus = "CREATE_COMPLETE"
  public static let failed: ChangeSetStatus = "FAILED"
  public static let deleteComplete: ChangeSetStatus = "DELETE_COMPLETE"
}

/// Whether a change set can be executed (`AVAILABLE`, `UNAVAILABLE`, `EXECUTE_IN_PROGRESS`,
/// `EXECUTE_COMPLETE`, `EXECUTE_FAILED`, `OBSOLETE`).
public struct ExecutionStatus: RawRepresentable, Sendable, Hashable, Codable,
  CustomStringConvertible, ExpressibleByStringLiteral
{
  /// The status text.
  public var rawValue: String
  /// Creates a status.
  public init(rawValue: String) { self.rawValue = rawValue }
  /// Creates a status from a literal.
  public init(stringLiteral value: String) { self.rawValue = value }
  public var description: String { rawValue }

  public static let available: ExecutionStatus = "AVAILABLE"
  public static let unavailable: ExecutionStatus = "UNAVAILABLE"
  public static let executeInProgress: ExecutionStatus = "EXECUTE_IN_PROGRESS"
  public static let executeComplete: ExecutionStatus = "EXECUTE_COMPLETE"
  public static let executeFailed: ExecutionStatus = "EXECUTE_FAILED"
  public static let obsolete: ExecutionStatus = "OBSOLETE"
}
