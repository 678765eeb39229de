import CloudFormation
import Constructs
import FaceRecognitionStack
import Foundation

/// What synthesizing some environments of a workspace produced, in memory: the files synth
/// writes, each environment's result, the packaged assets and the warnings.
public struct WorkspaceSynthesis: Sendable {
  /// The environments, in order.
  public var environments: [String]
  /// Contents by path relative to the output folder (`templates/dev/FaceRecognition.yaml`).
  public var files: [String: String]
  /// Each environment's synthesis.
  public var results: [SynthesisResult]
  /// The packaged assets, each once.
  public var assets: [PackagedAsset]
  /// Warnings, one line each.
  public var warnings: [String]
  /// The folders synthesis owns, with the suffix of the files it writes there (to find stale
  /// files).
  public var ownedFolders: [OwnedFolder]

  /// A folder of synthesized files.
  public struct OwnedFolder: Sendable {
    /// The folder, relative to the output folder.
    public var folder: String
    /// The suffix of the files synthesis writes there.
    public var suffix: String
  }
}

/// One environment's stack and its synthesis.
public struct EnvironmentSynthesis: Sendable {
  /// The environment.
  public var environment: Environment
  /// The deployed stack's name (`facestack-dev-FaceRecognition`).
  public var stackName: String
  /// What synthesis produced.
  public var result: SynthesisResult
}

extension Workspace {
  /// The packager of this workspace's assets (`.facestack/assets`).
  public var packager: AssetPackager { AssetPackager(root: root, workFolder: workFolder) }

  /// Builds and synthesizes `names` (every environment when `nil`), in memory.
  public func synthesize(environments names: [String]?, format: TemplateFormat) throws
    -> WorkspaceSynthesis
  {
    let names = try names ?? allEnvironmentNames()
    var synthesis = WorkspaceSynthesis(
      environments: names, files: [:], results: [], assets: [], warnings: [], ownedFolders: [])
    for name in names {
      let synthesized = try synthesize(try environment(name))
      let result = synthesized.result
      synthesis.results.append(result)
      synthesis.warnings += result.diagnostics.filter { $0.severity != .error }.map(\.description)
      let rendered: [String: String]
      do {
        rendered = try OutputFiles.render(
          result, environment: synthesized.environment, stackName: synthesized.stackName,
          format: format)
      } catch {
        throw FacestackError.input("cannot render the \(name) template: \(error)")
      }
      synthesis.files.merge(rendered) { first, _ in first }
      synthesis.ownedFolders += OutputFiles.ownedFiles(environment: name, format: format).map {
        WorkspaceSynthesis.OwnedFolder(folder: $0.folder, suffix: $0.suffix)
      }
      for asset in result.assets where !synthesis.assets.contains(asset) {
        synthesis.assets.append(asset)
      }
    }
    return synthesis
  }

  /// One environment's stack, synthesized.
  public func synthesize(_ environment: Environment) throws -> EnvironmentSynthesis {
    let stack = FaceRecognitionStack.build(environment: environment)
    do {
      let result = try Synthesizer(packager: packager).synthesize(stack)
      return EnvironmentSynthesis(
        environment: environment, stackName: stack.stackName, result: result)
    } catch let error as SynthesisError {
      throw FacestackError.input(
        "synthesis of \(environment.name) failed:\n"
          + error.diagnostics.map { "  \($0)" }.joined(separator: "\n"))
    }
  }

  /// The deployed stack's name of `environment`.
  public func stackName(of environment: Environment) -> String {
    FaceRecognitionStack.build(environment: environment).stackName
  }
}
