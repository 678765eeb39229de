import CloudFormation
import Constructs
import Foundation

/// The checkout facestack runs in: its root, its environments, and where its work goes
/// (`.facestack`). Every command starts here.
///
/// ```swift
/// let workspace = try Workspace.locate()
/// let dev = try workspace.environment("dev")
/// ```
public struct Workspace: Sendable {
  /// The repository's root (the folder holding `stacks/environments`).
  public var root: URL

  /// The folder of environment files, relative to the root.
  public static let environmentsFolder = "stacks/environments"

  /// The workspace at `root`.
  public init(root: URL) { self.root = root }

  /// The root, found from the current folder upwards.
  public static func locate() throws -> Workspace {
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

  /// `.facestack`: built packages, caches, outputs and the local cloud's state (ignored by git).
  public var workFolder: URL { root.appendingPathComponent(".facestack") }

  /// Where environment files are read: `stacks/environments`, or the folder named by
  /// `FACESTACK_ENVIRONMENTS_DIR` (relative to the root, or absolute) to deploy variations of
  /// an environment without editing the committed files (the end-to-end test changes a
  /// function's memory this way).
  public var environmentsFolder: String {
    ProcessInfo.processInfo.environment["FACESTACK_ENVIRONMENTS_DIR"].flatMap {
      $0.isEmpty ? nil : $0
    } ?? Self.environmentsFolder
  }

  /// The environment called `name`.
  public func environment(_ name: String) throws -> Environment {
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
  public func path(_ file: String) -> String {
    file.hasPrefix("/") ? file : root.appendingPathComponent(file).path
  }

  /// `path` relative to the root when it lies under it (for messages).
  public func relative(_ path: String) -> String {
    path.hasPrefix(root.path + "/") ? String(path.dropFirst(root.path.count + 1)) : path
  }

  /// The names of every environment, sorted.
  public func allEnvironmentNames() throws -> [String] {
    let names = try FileManager.default.contentsOfDirectory(atPath: path(environmentsFolder))
      .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    guard !names.isEmpty else {
      throw FacestackError.input("no environment files in \(environmentsFolder)")
    }
    return names
  }
}
