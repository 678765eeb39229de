/// CloudFormation's quotas on a template, checked before anything is sent to AWS.
///
/// ```swift
/// let problems = TemplateLimits.check(template, bodySize: yaml.utf8.count)
/// ```
public enum TemplateLimits {
  /// Resources per template.
  public static let maximumResources = 500
  /// Parameters per template.
  public static let maximumParameters = 200
  /// Outputs per template.
  public static let maximumOutputs = 200
  /// Mappings per template.
  public static let maximumMappings = 200
  /// Characters in a logical ID.
  public static let maximumLogicalIDLength = 255
  /// Bytes of a template body passed inline to the API; larger ones go through S3.
  public static let maximumInlineBodySize = 51_200
  /// Bytes of a template body stored in S3.
  public static let maximumS3BodySize = 1_000_000

  /// Every quota the template breaks; a body over 51,200 bytes is a note, since it still
  /// deploys through S3.
  public static func check(_ template: Template, bodySize: Int? = nil) -> [Diagnostic] {
    var problems: [Diagnostic] = []
    func count(_ what: String, _ actual: Int, _ limit: Int) {
      if actual > limit {
        problems.append(
          Diagnostic(.error, "\(actual) \(what), more than CloudFormation's limit of \(limit)"))
      }
    }
    count("resources", template.resources.count, maximumResources)
    count("parameters", template.parameters.count, maximumParameters)
    count("outputs", template.outputs.count, maximumOutputs)
    count("mappings", template.mappings.count, maximumMappings)
    // Condition names are not logical IDs: CloudFormation accepts `&` in them (AWS Quick Start
    // templates use it), and `Fn::ForEach::Name` loops sit among them.
    let sections: [(String, [String])] = [
      ("Parameters", template.parameters.keys), ("Mappings", template.mappings.keys),
      ("Resources", template.resources.keys), ("Outputs", template.outputs.keys),
    ]
    for (section, ids) in sections {
      for id in ids where !isValidLogicalID(id) {
        problems.append(
          Diagnostic(
            .error,
            "logical ID '\(id)' must be 1 to \(maximumLogicalIDLength) ASCII letters and digits",
            at: "\(section).\(id)"))
      }
    }
    if let bodySize {
      if bodySize > maximumS3BodySize {
        problems.append(
          Diagnostic(
            .error,
            "template body is \(bodySize) bytes, more than the \(maximumS3BodySize) bytes CloudFormation accepts; split the stack"
          ))
      } else if bodySize > maximumInlineBodySize {
        problems.append(
          Diagnostic(
            .note,
            "template body is \(bodySize) bytes, more than \(maximumInlineBodySize): it must be deployed through S3"
          ))
      }
    }
    return problems
  }

  /// Whether `id` is a valid logical ID: ASCII letters and digits, 1 to 255 characters.
  public static func isValidLogicalID(_ id: String) -> Bool {
    !id.isEmpty && id.utf8.count <= maximumLogicalIDLength
      && id.utf8.allSatisfy {
        (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
      }
  }
}
