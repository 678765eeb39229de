import CloudFormation
import Constructs
import Foundation
import IAM

/// What `facestack iam` reviews for one environment, from a fresh synth: the template's roles,
/// the acknowledgements written in the stack code, and the coverage of each handler's boto3
/// calls by its role.
struct IAMReviewInputs {
  var template: Template
  var roles: [IAM.Role]
  var acknowledgements: [Acknowledgement]
  var coverage: [CoverageReport]
}

extension Workspace {
  /// The scanner of handler code (Python's `ast`), relative to the root.
  static let scanner = "scripts/scan_handler_calls.py"
  /// The boto3 → IAM map the scanner uses.
  static let boto3Map = "Sources/IAM/Resources/boto3-iam-map.json"

  /// Synthesizes `environment` and gathers everything `iam review` needs.
  func reviewInputs(environment name: String) throws -> IAMReviewInputs {
    let environment = try self.environment(name)
    let (result, stack) = try synthesize(environment, packager: AssetPackager(root: root))
    let roles: [IAM.Role]
    do {
      roles = try RoleLoader.roles(in: result.template)
    } catch {
      throw FacestackError.input("cannot read the roles of the synthesized template: \(error)")
    }
    let resolver = ResourcePatternResolver(template: result.template)
    var coverage: [CoverageReport] = []
    for case let runner as (Construct & CodeRunner) in stack.subtree {
      guard let asset = runner.codeAsset, let folder = asset.sources.first?.from else { continue }
      let roleID = runner.executionRole.logicalID
      guard let role = roles.first(where: { $0.name == roleID }) else { continue }
      let scan = try scanHandler(folder: folder)
      coverage.append(
        CoverageChecker(resolver: resolver).check(function: asset.name, role: role, scan: scan))
    }
    return IAMReviewInputs(
      template: result.template, roles: roles,
      acknowledgements: result.roles.flatMap(\.acknowledgements),
      coverage: coverage.sorted { $0.function < $1.function })
  }

  /// The boto3 calls of the handler in `folder` (relative to the root), following its imports.
  func scanHandler(folder: String) throws -> HandlerScan {
    let handlersRoot = (folder as NSString).deletingLastPathComponent
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.currentDirectoryURL = root
    process.arguments = [
      "python3", Self.scanner, handlersRoot, folder, "--map", Self.boto3Map, "--repo-root", ".",
    ]
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    do {
      try process.run()
    } catch {
      throw FacestackError.input(
        "cannot run python3 \(Self.scanner): \(error.localizedDescription)")
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      let last =
        String(decoding: message, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
      throw FacestackError.input("scanning \(folder) failed: \(last)")
    }
    do {
      return try HandlerScan(json: data)
    } catch {
      throw FacestackError.input("scanning \(folder) gave unreadable output: \(error)")
    }
  }
}
