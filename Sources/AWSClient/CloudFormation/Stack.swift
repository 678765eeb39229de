import Foundation

/// A stack, as `DescribeStacks` returns it.
public struct Stack: Sendable, Equatable {
  /// The stack's ARN.
  public var stackID: String
  /// The stack's name.
  public var stackName: String
  /// The current status.
  public var status: StackStatus
  /// Why the stack is in its status, when CloudFormation says.
  public var statusReason: String?
  /// The template's description.
  public var description: String?
  /// When the stack was created.
  public var creationTime: Date?
  /// When it was last updated.
  public var lastUpdatedTime: Date?
  /// Parameters and their values.
  public var parameters: [StackParameter]
  /// Outputs.
  public var outputs: [StackOutput]
  /// Tags.
  public var tags: [Tag]
  /// Acknowledged capabilities.
  public var capabilities: [Capability]
  /// Whether termination protection is on.
  public var terminationProtection: Bool
  /// The change set the stack was last changed by.
  public var changeSetID: String?
  /// The last drift detection's result, when CloudFormation reports one.
  public var driftInformation: StackDriftInformation?

  /// Creates a stack value (tests build these for doubles).
  public init(
    stackID: String, stackName: String, status: StackStatus, statusReason: String? = nil,
    description: String? = nil, creationTime: Date? = nil, lastUpdatedTime: Date? = nil,
    parameters: [StackParameter] = [], outputs: [StackOutput] = [], tags: [Tag] = [],
    capabilities: [Capability] = [], terminationProtection: Bool = false,
    changeSetID: String? = nil, driftInformation: StackDriftInformation? = nil
  ) {
    self.stackID = stackID
    self.stackName = stackName
    self.status = status
    self.statusReason = statusReason
    self.description = description
    self.creationTime = creationTime
    self.lastUpdatedTime = lastUpdatedTime
    self.parameters = parameters
    self.outputs = outputs
    self.tags = tags
    self.capabilities = capabilities
    self.terminationProtection = terminationProtection
    self.changeSetID = changeSetID
    self.driftInformation = driftInformation
  }

  /// The outputs as a key → value dictionary.
  public var outputValues: [String: String] {
    Dictionary(outputs.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
  }
}

/// A stack output.
public struct StackOutput: Sendable, Equatable, Codable {
  /// `OutputKey`.
  public var key: String
  /// `OutputValue`.
  public var value: String
  /// `Description`.
  public var description: String?
  /// `ExportName`.
  public var exportName: String?

  /// Creates an output.
  public init(key: String, value: String, description: String? = nil, exportName: String? = nil) {
    self.key = key
    self.value = value
    self.description = description
    self.exportName = exportName
  }
}

/// A stack or change set parameter.
public struct StackParameter: Sendable, Equatable, Codable {
  /// `ParameterKey`.
  public var key: String
  /// `ParameterValue`; nil with ``usePreviousValue``.
  public var value: String?
  /// `UsePreviousValue`.
  public var usePreviousValue: Bool

  /// Creates a parameter.
  public init(key: String, value: String?, usePreviousValue: Bool = false) {
    self.key = key
    self.value = value
    self.usePreviousValue = usePreviousValue
  }
}

/// A tag.
public struct Tag: Sendable, Equatable, Codable {
  /// `Key`.
  public var key: String
  /// `Value`.
  public var value: String

  /// Creates a tag.
  public init(key: String, value: String) {
    self.key = key
    self.value = value
  }
}

/// A capability to acknowledge (`CAPABILITY_IAM`, `CAPABILITY_NAMED_IAM`,
/// `CAPABILITY_AUTO_EXPAND`).
public struct Capability: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral
{
  /// The capability's name.
  public var rawValue: String
  /// Creates a capability.
  public init(rawValue: String) { self.rawValue = rawValue }
  /// Creates a capability from a literal.
  public init(stringLiteral value: String) { self.rawValue = value }

  public static let iam: Capability = "CAPABILITY_IAM"
  public static let namedIAM: Capability = "CAPABILITY_NAMED_IAM"
  public static let autoExpand: Capability = "CAPABILITY_AUTO_EXPAND"
}

/// Where CloudFormation reads a template from: inline (up to 51,200 bytes) or S3 (up to 1 MB).
public enum TemplateSource: Sendable, Equatable {
  /// `TemplateBody`.
  case body(String)
  /// `TemplateURL`, an S3 object URL.
  case url(String)

  /// The largest inline template CloudFormation accepts, in bytes.
  public static let maximumBodySize = 51_200
}
