import CloudFormation
import Constructs
import FaceRecognitionStack
import FacestackCore
import Foundation

/// Synthesis (issue 5): every environment of the committed stack, and generated stacks of N
/// copies of the pipeline, built, synthesized and written as YAML in memory.
enum SynthBenchmarks {
  static let scenarios: [Scenario] = [
    Scenario(name: "synth every environment") {
      // What `facestack synth` runs, through the core library.
      let workspace = try Workspace.locate()
      let environments = try workspace.allEnvironmentNames()
      let work = {
        _ = try workspace.synthesize(environments: environments, format: .yaml)
      }
      return (work, "\(environments.count) environments, assets from the package cache")
    },
    copies(1), copies(10), copies(50),
  ]

  /// A stack holding `count` pipelines, each under its own construct with its own name prefix.
  static func copies(_ count: Int) -> Scenario {
    Scenario(name: "synth \(count) pipeline copies") {
      let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
      let dev = try EnvironmentLoader.load(
        file: root.appendingPathComponent("stacks/environments/dev.yaml").path)
      var resources = 0
      let work = {
        let stack = Pipeline.copies(count, environment: dev)
        var synthesizer = Synthesizer(packager: NamedAssetPackager())
        synthesizer.enforceQuotas = false  // 50 copies are over CloudFormation's 500 resources
        let result = try synthesizer.synthesize(stack)
        resources = result.template.resources.count
        _ = try TemplateWriter.write(result.template, as: .yaml)
      }
      try work()
      return (work, "\(resources) resources, build + synthesize + write YAML")
    }
  }
}
