import CloudFormation
import Constructs
import FaceRecognitionStack
import Foundation
import IAM
import Processes

/// What `facestack iam review` reviews for one environment, from a fresh synth: the roles as the
/// constructs hold them, the acknowledgements written in the stack code, and the coverage of
/// each handler's boto3 calls by its role.
public struct ReviewInputs: Sendable {
  /// The synthesized template (its resources type the policies' references).
  public var template: Template
  /// The roles.
  public var roles: [IAM.Role]
  /// Findings accepted in the stack code.
  public var acknowledgements: [Acknowledgement]
  /// Each handler's calls against its role, sorted by function.
  public var coverage: [CoverageReport]
}

extension Workspace {
  /// The scanner of handler code (Python's `ast`), relative to the root.
  public static let scanner = "scripts/scan_handler_calls.py"
  /// The boto3 → IAM map the scanner uses.
  public static let boto3Map = "Sources/IAM/Resources/boto3-iam-map.json"

  /// Synthesizes `name` and gathers everything `iam review` needs.
  public func reviewInputs(environment name: String) throws -> ReviewInputs {
    let environment = try self.environment(name)
    let stack = FaceRecognitionStack.build(environment: environment)
    var handlers: [(runner: Construct & CodeRunner, asset: Asset, folder: String)] = []
    for runner in stack.subtree.compactMap(\.codeRunner) {
      guard let asset = runner.codeAsset, let folder = asset.sources.first?.from else { continue }
      handlers.append((runner, asset, folder))
    }
    // The handlers' scans (a Python process when one is not cached) need only the code's
    // folders: they run while the stack synthesizes and packages its assets, not after.
    let folders = handlers.map(\.folder)
    let scanning = Background { try self.scanHandlers(folders: folders) }
    let result: SynthesisResult
    do {
      result = try Synthesizer(packager: packager).synthesize(stack)
    } catch {
      _ = try? scanning.value()  // no scan is left running
      guard let error = error as? SynthesisError else { throw error }
      throw FacestackError.input(
        "synthesis of \(name) failed:\n"
          + error.diagnostics.map { "  \($0)" }.joined(separator: "\n"))
    }
    let roles = result.roles.map(\.role)
    let resolver = ResourcePatternResolver(template: result.template)
    var coverage: [CoverageReport] = []
    var runs: [(asset: Asset, folder: String, role: IAM.Role)] = []
    for handler in handlers {
      let roleID = handler.runner.executionRole.logicalID
      guard let role = roles.first(where: { $0.name == roleID }) else { continue }
      runs.append((handler.asset, handler.folder, role))
    }
    let scans = try scanning.value()
    for run in runs {
      guard let scan = scans[run.folder] else { continue }
      coverage.append(
        CoverageChecker(resolver: resolver).check(
          function: run.asset.name, role: run.role, scan: scan))
    }
    return ReviewInputs(
      template: result.template, roles: roles,
      acknowledgements: result.roles.flatMap(\.acknowledgements),
      coverage: coverage.sorted { $0.function < $1.function })
  }

  /// The scanner's package, read by `scanner`.
  public static let scannerPackage = "scripts/handler_scan"

  /// The boto3 calls of the handler in `folder` (relative to the root), following its imports.
  /// The scan is cached by the content of everything it reads (``HandlerScanCache``): an
  /// unchanged handler is not scanned again.
  public func scanHandler(folder: String) throws -> HandlerScan {
    guard let scan = try scanHandlers(folders: [folder])[folder] else {
      throw FacestackError.tool("scanning \(folder) gave no report")
    }
    return scan
  }

  /// The digest of what a scan of the handlers under `handlersRoot` reads.
  func scanInputsDigest(handlersRoot: String) throws -> String {
    try HandlerScanCache(root: root).inputsDigest(
      [Self.scanner, Self.scannerPackage, Self.boto3Map, handlersRoot])
  }

  /// The scans of several handler folders: cached ones read back, the others scanned in one
  /// Python process per handlers root (`--each`: each entry scanned on its own, the shared
  /// modules parsed once), each result then cached as ``scanHandler(folder:)`` would.
  func scanHandlers(folders: [String]) throws -> [String: HandlerScan] {
    var scans: [String: HandlerScan] = [:]
    var missing: [String: [(folder: String, key: String)]] = [:]  // by handlers root
    var digests: [String: String] = [:]  // the scan inputs of each handlers root, hashed once
    let cache = HandlerScanCache(root: root)
    for folder in folders where scans[folder] == nil {
      let handlersRoot = (folder as NSString).deletingLastPathComponent
      let digest = try digests[handlersRoot] ?? scanInputsDigest(handlersRoot: handlersRoot)
      digests[handlersRoot] = digest
      let key = cache.key(
        arguments: Self.scanArguments(handlersRoot: handlersRoot, folder: folder),
        inputsDigest: digest)
      if let cached = cache.read(key), let scan = try? HandlerScan(json: cached) {
        scans[folder] = scan
      } else if !(missing[handlersRoot]?.contains { $0.folder == folder } ?? false) {
        missing[handlersRoot, default: []].append((folder, key))
      }
    }
    for (handlersRoot, entries) in missing.sorted(by: { $0.key < $1.key }) {
      let arguments =
        Self.python + [Self.scanner, handlersRoot] + entries.map(\.folder)
        + ["--each", "--map", Self.boto3Map, "--repo-root", "."]
      let run = try ProcessRunner.run(arguments, in: root)
      guard run.succeeded else {
        throw FacestackError.tool("scanning \(handlersRoot) failed: \(run.lastErrorLine)")
      }
      var outputs: [String: Data] = [:]
      for line in run.standardOutput.split(separator: UInt8(ascii: "\n")) {
        guard
          let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
          let entry = object["entry"] as? String, let report = object["report"],
          let data = try? JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        else {
          throw FacestackError.tool("scanning \(handlersRoot) gave an unreadable line")
        }
        outputs[entry] = data
      }
      for (folder, key) in entries {
        guard let output = outputs[folder] else {
          throw FacestackError.tool("scanning \(handlersRoot) gave no report for \(folder)")
        }
        do {
          scans[folder] = try HandlerScan(json: output)
        } catch {
          throw FacestackError.tool("scanning \(folder) gave unreadable output: \(error)")
        }
        // A cache that cannot be written only costs the next run a scan.
        try? cache.write(output, for: key)
      }
    }
    return scans
  }

  /// How the scanner's Python starts. It needs nothing beyond the standard library, so it runs
  /// isolated (`-I`: no `PYTHON*` variables, no user site) and without `site` (`-S`: no
  /// site-packages and their `.pth` files, which can import packages at every start), with its
  /// bytecode cached under `.facestack/cache/python` rather than beside the scripts: a cold scan
  /// was a third Python start-up and compile. When the standard library ships its bytecode, the
  /// script narrows that prefix to its own package, so the standard library reads its own.
  static let python = ["python3", "-I", "-S", "-X", "pycache_prefix=.facestack/cache/python"]

  /// The arguments a scan of one handler alone would run; they are part of its cache key.
  static func scanArguments(handlersRoot: String, folder: String) -> [String] {
    python + [scanner, handlersRoot, folder, "--map", boto3Map, "--repo-root", "."]
  }

  /// The roles of an environment's committed template at a git revision, for `iam diff`; none
  /// when the template did not exist then.
  public func committedRoles(environment name: String, at revision: String) throws -> [IAM.Role] {
    guard let template = try committedTemplate(environment: name, at: revision) else { return [] }
    do {
      return try RoleLoader.roles(in: template)
    } catch let error as PolicyReadError {
      throw FacestackError.input(error.description)
    }
  }

  /// An environment's committed template at a git revision; `nil` when it did not exist then.
  /// `iam diff` reviews its roles with the references it types, as `iam review` does a synth's.
  public func committedTemplate(environment name: String, at revision: String) throws -> Template? {
    let path = "templates/\(name)/\(FaceRecognitionStack.name).yaml"
    guard let bytes = try Git(repository: root).file(path, at: revision) else { return nil }
    do {
      return try TemplateReader.read(bytes, file: "\(revision):\(path)")
    } catch let error as TemplateError {
      throw FacestackError.input(error.description)
    }
  }

  /// The roles of a folder of policy files (`policies/dev`, relative to the current folder) at
  /// a git revision; none when the folder did not exist then.
  public func committedRoles(policies folder: String, at revision: String) throws -> [IAM.Role] {
    let git = Git(repository: root)
    let absolute = URL(
      fileURLWithPath: folder,
      relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ).standardizedFileURL.path
    let inRepository = relative(absolute)
    let names = try git.files(in: inRepository, at: revision).filter { $0.hasSuffix(".json") }
    var files: [(path: String, bytes: [UInt8])] = []
    for name in names {
      let path = (inRepository as NSString).appendingPathComponent(name)
      guard let bytes = try git.file(path, at: revision) else { continue }
      files.append(((folder as NSString).appendingPathComponent(name), bytes))
    }
    do {
      return try RoleLoader.roles(files: files)
    } catch let error as PolicyReadError {
      throw FacestackError.input(error.description)
    }
  }
}
