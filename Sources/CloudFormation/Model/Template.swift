/// A CloudFormation template: every section, in a model that writes and reads back exactly.
///
/// ```swift
/// var template = Template(description: "images")
/// template.resources["ImagesBucket"] = Resource(type: "AWS::S3::Bucket", properties: [
///   "BucketName": .sub("${AWS::StackName}-images"),
/// ])
/// template.outputs["BucketName"] = Output(value: .ref("ImagesBucket"))
/// let yaml = try TemplateWriter.yaml(template)
/// ```
public struct Template: Hashable, Sendable {
  /// `AWSTemplateFormatVersion`; CloudFormation knows only `2010-09-09`.
  public var formatVersion: String?
  /// `Description`.
  public var description: String?
  /// `Metadata`.
  public var metadata: OrderedMap<Value>
  /// `Parameters`, by logical name.
  public var parameters: OrderedMap<Parameter>
  /// `Rules`, by name (`RuleCondition` and `Assertions`, kept as values).
  public var rules: OrderedMap<Value>
  /// `Mappings`, by name.
  public var mappings: OrderedMap<Value>
  /// `Conditions`, by name.
  public var conditions: OrderedMap<Value>
  /// `Transform`: a macro name or a list of them.
  public var transform: Value?
  /// `Resources`, by logical ID.
  public var resources: OrderedMap<Resource>
  /// `Outputs`, by logical ID.
  public var outputs: OrderedMap<Output>
  /// What the model does not type, kept as data where it was written: sections and entries that
  /// transforms and macros read (`Globals`, `Fn::ForEach::Name`, `Fn::Transform`), and sections
  /// written in a form the typed fields cannot hold (`Description: 2024`, `Outputs: {}`).
  public var untypedEntries: [UntypedEntry] = []

  /// The only format version CloudFormation accepts.
  public static let currentFormatVersion = "2010-09-09"

  /// A template; every section is empty unless given.
  public init(
    formatVersion: String? = Template.currentFormatVersion,
    description: String? = nil,
    metadata: OrderedMap<Value> = [:],
    parameters: OrderedMap<Parameter> = [:],
    rules: OrderedMap<Value> = [:],
    mappings: OrderedMap<Value> = [:],
    conditions: OrderedMap<Value> = [:],
    transform: Value? = nil,
    resources: OrderedMap<Resource> = [:],
    outputs: OrderedMap<Output> = [:]
  ) {
    self.formatVersion = formatVersion
    self.description = description
    self.metadata = metadata
    self.parameters = parameters
    self.rules = rules
    self.mappings = mappings
    self.conditions = conditions
    self.transform = transform
    self.resources = resources
    self.outputs = outputs
  }

  /// The top-level sections in CloudFormation's documented order, which the writers follow.
  public static let sectionOrder = [
    "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings",
    "Conditions", "Transform", "Resources", "Outputs",
  ]

  /// The template as one value in CloudFormation's long form, sections in their documented order,
  /// the untyped entries where they were written.
  public var document: Value {
    var root = OrderedMap<Value>()
    root["AWSTemplateFormatVersion"] = formatVersion.map(Value.string)
    root["Description"] = description.map(Value.string)
    if !metadata.isEmpty { root["Metadata"] = .map(metadata) }
    let parameterEntries = section("Parameters", parameters.mapValues(\.document))
    if !parameterEntries.isEmpty { root["Parameters"] = .map(parameterEntries) }
    if !rules.isEmpty { root["Rules"] = .map(rules) }
    if !mappings.isEmpty { root["Mappings"] = .map(mappings) }
    if !conditions.isEmpty { root["Conditions"] = .map(conditions) }
    root["Transform"] = transform
    root["Resources"] = .map(section("Resources", resources.mapValues(\.document)))
    let outputEntries = section("Outputs", outputs.mapValues(\.document))
    if !outputEntries.isEmpty { root["Outputs"] = .map(outputEntries) }
    guard untypedEntries.contains(where: { $0.section == nil }) else { return .map(root) }
    let topLevel = untypedEntries.filter { $0.section == nil }
    var written = OrderedMap<Value>()
    for entry in topLevel where Template.sectionOrder.contains(entry.key) {
      written[entry.key] = entry.value
    }
    root = AttributeLayout.merge(typed: root, written: written, order: Template.sectionOrder)
    return .map(
      AttributeLayout.place(
        topLevel.filter { !Template.sectionOrder.contains($0.key) }, in: root))
  }

  private func section(_ name: String, _ typed: OrderedMap<Value>) -> OrderedMap<Value> {
    AttributeLayout.place(untypedEntries.filter { $0.section == name }, in: typed)
  }
}

extension Template: Codable {
  /// Encodes the template as its CloudFormation JSON document.
  public func encode(to encoder: Encoder) throws {
    try document.encode(to: encoder)
  }

  /// Decodes a CloudFormation JSON document, with the same checks as ``TemplateReader``.
  public init(from decoder: Decoder) throws {
    let value = try Value(from: decoder)
    do {
      self = try TemplateDecoder(file: "<decoded>").template(from: Node(value))
    } catch let error as TemplateError {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.message))
    }
  }
}
