import CloudFormation
import Constructs
import Foundation

/// An environment synthesized from the working tree, as `facestack synth` would write it.
public struct SynthesizedTemplateSource: TemplateSource {
  /// The workspace.
  public var workspace: Workspace
  /// The environment.
  public var environment: Environment

  /// The environment called `name`; an unknown name is an input error.
  public init(workspace: Workspace, name: String) throws {
    self.workspace = workspace
    environment = try workspace.environment(name)
  }

  public var label: String { environment.name }
  public var namePrefix: String? { environment.namePrefix }

  public func load() async throws -> Template {
    try workspace.synthesize(environment).result.template
  }
}
