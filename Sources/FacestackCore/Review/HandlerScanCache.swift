import CloudFormation
import Crypto
import Foundation

/// The handler scanner's outputs, kept by the SHA-256 of everything the scan reads: the
/// scanner's own sources, the boto3 → IAM map, every Python file under the handlers' root (a
/// handler follows its imports into shared modules) and the scan's arguments. A handler that
/// changes gets a new key, so it is scanned again; an unchanged one is read back instead of
/// starting Python. Entries live in `.facestack/cache/handler-scan/<sha256>.json`.
///
/// ```swift
/// let cache = HandlerScanCache(root: workspace.root)
/// let key = try cache.key(arguments: arguments, inputs: ["scripts/scan_handler_calls.py", ...])
/// if let bytes = cache.read(key) { ... } else { ...; try cache.write(output, for: key) }
/// ```
public struct HandlerScanCache: Sendable {
  /// The repository's root; input paths are relative to it.
  public var root: URL
  /// The folder of cached outputs.
  public var folder: URL

  /// A cache in `.facestack/cache/handler-scan` of the checkout at `root`.
  public init(root: URL) {
    self.root = root
    self.folder = root.appendingPathComponent(".facestack/cache/handler-scan")
  }

  /// Bumped when what a key covers changes.
  static let version = "facestack-handler-scan-v1"

  /// The key of a scan run with `arguments` over the files and folders `inputs` (relative to the
  /// root; folders contribute their Python files, without hidden folders or `__pycache__`).
  public func key(arguments: [String], inputs: [String]) throws -> String {
    key(arguments: arguments, inputsDigest: try inputsDigest(inputs))
  }

  /// The key of a scan run with `arguments` over inputs whose ``inputsDigest(_:)`` is given (the
  /// handlers of one folder share their inputs: they are hashed once per run).
  public func key(arguments: [String], inputsDigest: String) -> String {
    let text = "\(Self.version)\n\(arguments.joined(separator: "\u{0}"))\n\(inputsDigest)\n"
    return Hex.string(SHA256.hash(data: Array(text.utf8)))
  }

  /// The SHA-256 of every file `inputs` names (paths, sizes and bytes, in path order). Paths
  /// stay strings: a `URL` per file stat'ed it again and cost a cold review more than hashing
  /// (issue 20).
  public func inputsDigest(_ inputs: [String]) throws -> String {
    var hasher = SHA256()
    let rootPath = root.path
    for path in try inputs.flatMap(files(at:)).sorted() {
      guard let bytes = FileManager.default.contents(atPath: rootPath + "/" + path) else {
        throw FacestackError.input("\(path): cannot be read (an input of the handler scan)")
      }
      hasher.update(data: Array("\(path)\n\(bytes.count)\n".utf8))
      hasher.update(data: bytes)
    }
    return Hex.string(hasher.finalize())
  }

  /// The cached output for `key`, when there is one.
  public func read(_ key: String) -> Data? {
    FileManager.default.contents(atPath: entry(key).path)
  }

  /// Keeps `output` for `key` (atomically: a reader never sees half an entry).
  public func write(_ output: Data, for key: String) throws {
    try FileIO.writeAtomically(output, to: entry(key).path)
  }

  func entry(_ key: String) -> URL { folder.appendingPathComponent("\(key).json") }

  /// `path` itself when it is a file, else the Python files under it, relative to the root.
  func files(at path: String) throws -> [String] {
    let absolute = root.path + "/" + path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
      throw FacestackError.input("\(path): no such file or folder (an input of the handler scan)")
    }
    guard isDirectory.boolValue else { return [path] }
    var result: [String] = []
    for name in try FileManager.default.contentsOfDirectory(atPath: absolute).sorted() {
      if name.hasPrefix(".") || name == "__pycache__" { continue }
      let child = path + "/" + name
      var childIsDirectory: ObjCBool = false
      _ = FileManager.default.fileExists(
        atPath: absolute + "/" + name, isDirectory: &childIsDirectory)
      if childIsDirectory.boolValue {
        result += try files(at: child)
      } else if name.hasSuffix(".py") {
        result.append(child)
      }
    }
    return result
  }
}
