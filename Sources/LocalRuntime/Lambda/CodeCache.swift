import CloudFormation
import Crypto
import Foundation
import LocalHTTP
import Processes

/// The deployed code of functions, fetched as AWS fetches it — from the location `GetFunction`
/// returns — checked against `CodeSha256`, and unpacked once per hash under
/// `.facestack/local/lambda/code/<sha256>/`. The zip is never changed.
///
/// The packages carry Linux arm64 wheels for Lambda (Pillow's `_imaging.so` for aarch64); the
/// host cannot load them. The runner therefore installs the host's build of the *same pinned
/// requirements* (the package's own `requirements.txt`) once per requirements file under
/// `lambda/dependencies/<sha256>/`, and puts that folder ahead of the package on `sys.path`, so
/// `import PIL` finds the host's build of the same version while every module of the package
/// itself comes from the package.
///
/// The Lambda runtime's boto3 (the zips do not bundle it) is installed once, at the version
/// `local/lambda-runtime.txt` pins, under `lambda/runtime-sdk/`.
actor CodeCache {
  /// `.facestack/local/lambda`.
  let folder: URL
  /// The host Python that runs functions.
  let python: String
  /// The pinned Lambda runtime SDK (`local/lambda-runtime.txt`).
  let runtimeRequirements: URL
  /// Where fetches go (the emulator).
  let fetch: @Sendable (String) async throws -> [UInt8]

  private var unpacked: [String: URL] = [:]
  private var inFlight: [String: Task<URL, any Error>] = [:]

  init(
    folder: URL, python: String, runtimeRequirements: URL,
    fetch: @escaping @Sendable (String) async throws -> [UInt8]
  ) {
    self.folder = folder
    self.python = python
    self.runtimeRequirements = runtimeRequirements
    self.fetch = fetch
  }

  /// The folders to put on `sys.path`, in order, for `function`'s deployed code: the host's
  /// build of its requirements, the code, the runtime SDK.
  func pythonPath(for function: FunctionConfiguration) async throws -> [URL] {
    let code = try await code(function)
    let requirements = code.appendingPathComponent("requirements.txt")
    var path: [URL] = []
    if let text = try? String(contentsOf: requirements, encoding: .utf8),
      text.split(separator: "\n").contains(where: {
        let line = $0.trimmingCharacters(in: .whitespaces)
        return !line.isEmpty && !line.hasPrefix("#")
      })
    {
      path.append(try await install(requirements: requirements, into: "dependencies"))
    }
    path.append(code)
    path.append(try await runtimeSDK())
    return path
  }

  /// The Lambda runtime's SDK (boto3 at the version `lambda-runtime.txt` pins), installed once.
  func runtimeSDK() async throws -> URL {
    try await install(requirements: runtimeRequirements, into: "runtime-sdk")
  }

  /// The unpacked code of `function` (fetched and checked on first use).
  func code(_ function: FunctionConfiguration) async throws -> URL {
    let hash = try Self.hex(base64: function.codeSha256)
    return try await unpacked(hash: hash, of: function.name) { [fetch] in
      try await fetch(function.codeLocation)
    }
  }

  /// The zip whose SHA-256 is `hash` (hex), unpacked under `code/<hash>` once: `load` gives its
  /// bytes, which must have that hash (`what` names it in errors).
  func unpacked(hash: String, of what: String, load: @escaping @Sendable () async throws -> [UInt8])
    async throws -> URL
  {
    if let known = unpacked[hash] { return known }
    if let running = inFlight[hash] { return try await running.value }
    let target = folder.appendingPathComponent("code/\(hash)")
    let task = Task { [python] () throws -> URL in
      if FileManager.default.fileExists(atPath: target.appendingPathComponent(".complete").path) {
        return target
      }
      let bytes = try await load()
      let actual = Hex.string(SHA256.hash(data: bytes))
      guard actual == hash else {
        throw LambdaServiceError.code(
          "the code of \(what) has SHA-256 \(actual), but its deployed hash is \(hash)")
      }
      try? FileManager.default.removeItem(at: target)
      try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
      let zip = target.appendingPathComponent(".code.zip")
      try Data(bytes).write(to: zip)
      let result = try ProcessRunner.run(
        [python, "-m", "zipfile", "-e", zip.path, target.path])
      guard result.succeeded else {
        throw LambdaServiceError.code(
          "cannot unpack the code of \(what): \(result.lastErrorLine)")
      }
      try FileManager.default.removeItem(at: zip)
      try Data().write(to: target.appendingPathComponent(".complete"))
      return target
    }
    inFlight[hash] = task
    defer { inFlight[hash] = nil }
    let url = try await task.value
    unpacked[hash] = url
    return url
  }

  /// `requirements` installed for the host under `lambda/<kind>/<sha256>`, once.
  func install(requirements: URL, into kind: String) async throws -> URL {
    let data = try Data(contentsOf: requirements)
    let key = Hex.string(SHA256.hash(data: data))
    let target = folder.appendingPathComponent("\(kind)/\(key)")
    if FileManager.default.fileExists(atPath: target.appendingPathComponent(".complete").path) {
      return target
    }
    if let running = inFlight["pip:" + key] { return try await running.value }
    let task = Task { [python] () throws -> URL in
      try? FileManager.default.removeItem(at: target)
      try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
      let result = try ProcessRunner.run([
        python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "--no-compile",
        "--target", target.path, "-r", requirements.path,
      ])
      guard result.succeeded else {
        throw LambdaServiceError.runner(
          "pip could not install \(requirements.lastPathComponent) for the host: "
            + result.lastErrorLine)
      }
      try Data().write(to: target.appendingPathComponent(".complete"))
      return target
    }
    inFlight["pip:" + key] = task
    defer { inFlight["pip:" + key] = nil }
    return try await task.value
  }

  /// The hex form of a base64 SHA-256 (`CodeSha256`).
  static func hex(base64: String) throws -> String {
    guard let data = Data(base64Encoded: base64), data.count == 32 else {
      throw LambdaServiceError.code("CodeSha256 '\(base64)' is not a base64 SHA-256")
    }
    return data.map { String(format: "%02x", $0) }.joined()
  }
}
