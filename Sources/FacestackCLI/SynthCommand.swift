import ArgumentParser
import CloudFormation
import FacestackCore
import Foundation

/// `facestack synth`: templates, policies and packages for one or every environment.
struct SynthCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "synth",
    abstract: "Synthesize CloudFormation templates, IAM policies and Lambda packages.",
    discussion: """
      Builds the face-recognition stack for each environment in stacks/environments/ and writes \
      templates/<env>/FaceRecognition.yaml and policies/<env>/<RoleLogicalId>.json (atomically: a \
      failed synth leaves the previous files intact) and the Lambda packages under \
      .facestack/assets/. With --check nothing is written: it exits 1 listing every file that \
      differs from a fresh synth.
      """
  )

  @Option(help: "The environment to synthesize (default: every one).")
  var env: String?

  @Flag(help: "Synthesize every environment (the default).")
  var all = false

  @Option(help: "Where templates/ and policies/ go (default: the repository's root).")
  var out: String?

  @Flag(help: "Exit 1 listing the files that differ from a fresh synth; write nothing.")
  var check = false

  @Option(help: "Template format: yaml or json.")
  var format: FmtCommand.OutputFormat = .yaml

  func validate() throws {
    if env != nil && all { throw ValidationError("--env and --all cannot be used together") }
  }

  func run() throws {
    let workspace = try Workspace.locate()
    let synthesis = try workspace.synthesize(
      environments: env.map { [$0] }, format: format.templateFormat)
    for warning in synthesis.warnings { Console.diagnostic(warning) }
    let root =
      out.map { URL(fileURLWithPath: $0, relativeTo: workspace.root).standardizedFileURL }
      ?? workspace.root
    let changes = OutputDiff.compare(synthesis.files, in: root, owning: synthesis.ownedFolders)
    if check {
      guard changes.isEmpty else {
        for change in changes { Console.out(change.description) }
        throw FacestackError.failed(
          "\(changes.count) files differ from a fresh synth; run 'facestack synth' and commit them")
      }
      Console.out("synth is up to date: \(synthesis.files.count) files")
      return
    }
    try OutputDiff.apply(changes, files: synthesis.files, in: root)
    let assets = synthesis.assets.map {
      "\($0.name) \($0.sha256.prefix(12)) (\($0.size / 1024) KiB)"
    }
    Console.out(
      "synthesized \(synthesis.environments.joined(separator: ", ")): \(synthesis.files.count) files, \(changes.count) changed; assets: \(assets.joined(separator: ", "))"
    )
  }
}
