/// What `ValidateTemplate` answers.
public struct TemplateValidation: Sendable, Equatable {
  /// Declared parameters.
  public var parameters: [TemplateParameter]
  /// The template's description.
  public var description: String?
  /// Capabilities the template needs.
  public var capabilities: [Capability]
  /// Why it needs them.
  public var capabilitiesReason: String?

  /// Creates a validation result.
  public init(
    parameters: [TemplateParameter] = [], description: String? = nil,
    capabilities: [Capability] = [], capabilitiesReason: String? = nil
  ) {
    self.parameters = parameters
    self.description = description
    self.capabilities = capabilities
    self.capabilitiesReason = capabilitiesReason
  }
}

/// A parameter a template declares.
public struct TemplateParameter: Sendable, Equatable {
  /// The parameter's name.
  public var key: String
  /// The default, if any.
  public var defaultValue: String?
  /// Whether the value is hidden.
  public var noEcho: Bool
  /// The description.
  public var description: String?

  /// Creates a parameter.
  public init(
    key: String, defaultValue: String? = nil, noEcho: Bool = false, description: String? = nil
  ) {
    self.key = key
    self.defaultValue = defaultValue
    self.noEcho = noEcho
    self.description = description
  }
}

/// `Original` (as submitted) or `Processed` (transforms applied).
public enum TemplateStage: String, Sendable, Equatable {
  case original = "Original"
  case processed = "Processed"
}
