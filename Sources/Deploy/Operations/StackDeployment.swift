import AWSClient
import CloudFormation
import Foundation

/// One stack to bring to a template through a change set: the part deploy and bootstrap share.
public struct StackDeployment: Sendable {
  /// The stack's name.
  public var stackName: String
  /// The environment's name, for messages.
  public var environment: String
  /// The template model (stateful resources, resource count).
  public var template: Template
  /// Where CloudFormation reads the template.
  public var source: TemplateSource
  /// Parameters.
  public var parameters: [StackParameter]
  /// Stack tags.
  public var tags: [Tag]
  /// Turn termination protection on after the deploy.
  public var terminationProtection: Bool
  /// Set the stack policy denying replacement and deletion of stateful resources.
  public var protectStatefulResources: Bool
  /// Create the change set, show it, delete it, and stop.
  public var dryRun: Bool

  /// A deployment.
  public init(
    stackName: String, environment: String, template: Template, source: TemplateSource,
    parameters: [StackParameter] = [], tags: [Tag] = [], terminationProtection: Bool = false,
    protectStatefulResources: Bool = true, dryRun: Bool = false
  ) {
    self.stackName = stackName
    self.environment = environment
    self.template = template
    self.source = source
    self.parameters = parameters
    self.tags = tags
    self.terminationProtection = terminationProtection
    self.protectStatefulResources = protectStatefulResources
    self.dryRun = dryRun
  }
}

/// How a change-set deployment ended.
public enum DeploymentResult: Sendable {
  /// The change set was empty (and deleted).
  case noChanges(Stack?)
  /// A dry run: the change set was shown and deleted.
  case dryRun(ChangeSetReport)
  /// Executed; the stack is in a successful final status.
  case deployed(Stack, ChangeSetReport)
}
