import CloudFormation
import Constructs
import FaceRecognitionStack
import Foundation

/// The checkout facestack runs in: its root, environments and synthesis.
struct Workspace {
  /// The repository's root (the folder holding `stacks/environments`).
  var root: URL

  static let environmentsFolder = "stacks/environments"

  /// The root, found from the current folder upwards.
  static func locate() throws -> Workspace {
    var folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    while true {
      if FileManager.default.fileExists(
        atPath: folder.appendingPathComponent(environmentsFolder).path)
      {
        return Workspace(root: folder)
      }
      let parent = folder.deletingLastPathComponent()
      if parent.path == folder.path {
        throw FacestackError.input(
          "no \(environmentsFolder) folder here or above: run facestack inside the repository")
      }
      folder = parent
    }
  }

  /// Where environment files are read: `stacks/environments`, or the folder named by
  /// `FACESTACK_ENVIRONMENTS_DIR` (relative to the root, or absolute) to deploy variations of
  /// an environment without editing the committed files (the end-to-end test changes a
  /// function's memory this way).
  var environmentsFolder: String {
    ProcessInfo.processInfo.environment["FACESTACK_ENVIRONMENTS_DIR"].flatMap {
      $0.isEmpty ? nil : $0
    } ?? Self.environmentsFolder
  }

  /// The environment called `name`.
  func environment(_ name: String) throws -> Environment {
    let file = "\(environmentsFolder)/\(name).yaml"
    guard FileManager.default.fileExists(atPath: path(file)) else {
      let known = (try? allEnvironmentNames()) ?? []
      throw FacestackError.input(
        "unknown environment '\(name)'; known: \(known.joined(separator: ", "))")
    }
    do {
      return try EnvironmentLoader.parse(
        Array(try Data(contentsOf: URL(fileURLWithPath: path(file)))), file: file, name: name)
    } catch let error as EnvironmentLoader.LoadError {
      throw FacestackError.input(error.description)
    }
  }

  /// `file` under the root, unless it is absolute.
  func path(_ file: String) -> String {
    file.hasPrefix("/") ? file : root.appendingPathComponent(file).path
  }

  func allEnvironmentNames() throws -> [String] {
    let names = try FileManager.default.contentsOfDirectory(atPath: path(environmentsFolder))
      .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    guard !names.isEmpty else {
      throw FacestackError.input("no environment files in \(environmentsFolder)")
    }
    return names
  }

  /// What synthesizing some environments produced.
  struct Synthesis {
    var environments: [String]
    var files: [String: String]
    var results: [SynthesisResult]
    var assets: [PackagedAsset]
    var warnings: [String]
    var ownedFolders: [(folder: String, suffix: String)]
  }

  /// Builds and synthesizes `environments` (every one when `nil`), in memory.
  func synthesize(environments names: [String]?, format: TemplateFormat) throws -> Synthesis {
    let names = try names ?? allEnvironmentNames()
    var synthesis = Synthesis(
      environments: names, files: [:], results: [], assets: [], warnings: [], ownedFolders: [])
    let packager = AssetPackager(root: root)
    for name in names {
      let environment = try self.environment(name)
      let (result, stack) = try synthesize(environment, packager: packager)
      synthesis.results.append(result)
      synthesis.warnings += result.diagnostics.filter { $0.severity != .error }.map(\.description)
      synthesis.files.merge(
        try OutputFiles.render(
          result, environment: environment, stackName: stack.stackName, format: format)
      ) { first, _ in first }
      synthesis.ownedFolders += OutputFiles.ownedFiles(environment: name, format: format)
      for asset in result.assets where !synthesis.assets.contains(asset) {
        synthesis.assets.append(asset)
      }
    }
    return synthesis
  }

  /// One environment's stack and its synthesis.
  func synthesize(_ environment: Environment, packager: any AssetPackaging) throws -> (
    SynthesisResult, Stack
  ) {
    let stack = FaceRecognitionStack.build(environment: environment)
    do {
      return (try Synthesizer(packager: packager).synthesize(stack), stack)
    } catch let error as SynthesisError {
      throw FacestackError.input(
        "synthesis of \(environment.name) failed:\n"
          + error.diagnostics.map { "  \($0)" }.joined(separator: "\n"))
    }
  }
}
