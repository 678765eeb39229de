import CloudFormation
import FacestackCore
import Foundation

/// The template of the environment's deployed stack (`GetTemplate`), on AWS or on the local
/// cloud.
public struct DeployedTemplateSource: TemplateSource {
  /// Where it is deployed.
  public var target: DeployTarget

  /// The deployed stack of `target`.
  public init(target: DeployTarget) { self.target = target }

  public var label: String { "deployed \(target.stackName)" }
  public var namePrefix: String? { target.environment.namePrefix }

  public func load() async throws -> Template {
    guard let template = try await target.deployedTemplate() else {
      let local = target.local
      throw FacestackError.input(
        "no deployed stack \(target.stackName) in \(target.aws.region)"
          + "\(local ? " on the local cloud" : ""); deploy it first with 'facestack deploy "
          + "--env \(target.environment.name)\(local ? " --local" : "")'")
    }
    return template
  }
}
