import CloudFormation
import IAM

/// The files a synthesis writes, by path relative to the output folder:
/// `templates/<env>/<Stack>.yaml` and `policies/<env>/<RoleLogicalId>.json`.
public enum OutputFiles {
  /// The template's path.
  public static func templatePath(environment: String, stack: String, format: TemplateFormat)
    -> String
  {
    "templates/\(environment)/\(stack).\(format == .yaml ? "yaml" : "json")"
  }

  /// Every file of `result`.
  ///
  /// A policy file holds the role's inline policy with the ARNs resolved for the environment
  /// (`arn:aws:dynamodb:us-east-1:111111111111:table/...`), so pull requests show the real
  /// resources; what only deployment decides stays a `${LogicalId.Attribute}` placeholder.
  public static func render(
    _ result: SynthesisResult, environment: Environment, stackName: String, format: TemplateFormat
  ) throws -> [String: String] {
    var files: [String: String] = [:]
    files[templatePath(environment: result.environment, stack: result.stackName, format: format)] =
      try format == .yaml
      ? result.templateYAML ?? TemplateWriter.write(result.template, as: .yaml)
      : TemplateWriter.write(result.template, as: format)
    let resolver = ValueResolver(
      template: result.template, environment: environment, stackName: stackName)
    for role in result.roles where !role.policy.statements.isEmpty {
      let resolved = resolver.resolve(PolicyWriter.value(role.policy))
      files["policies/\(result.environment)/\(role.logicalID).json"] = try TemplateWriter.write(
        resolved, as: .json)
    }
    return files
  }

  /// The files that belong to synthesis, as folder and extension, for finding stale ones: a
  /// template of the other format is left alone, so `--format json` never removes the YAML.
  public static func ownedFiles(environment: String, format: TemplateFormat) -> [(
    folder: String, suffix: String
  )] {
    [
      ("templates/\(environment)", format == .yaml ? ".yaml" : ".json"),
      ("policies/\(environment)", ".json"),
    ]
  }
}
