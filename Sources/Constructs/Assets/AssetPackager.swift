import CloudFormation
import Crypto
import Foundation
import Processes

/// Packages assets into `.facestack/assets/<sha256>.zip`: the source folders plus the pinned
/// dependencies installed for python3.12 on arm64, without caches or compiled files.
///
/// Unchanged inputs reuse the built zip: a manifest maps a fingerprint of the inputs (every
/// source file's path and bytes, the requirements) to the package. Dependencies are installed
/// once per requirements file into `.facestack/dependencies/<sha256>/` with
/// `pip install --platform manylinux2014_aarch64 --implementation cp --python-version 3.12
/// --only-binary=:all:`.
public struct AssetPackager: AssetPackaging {
  /// The repository's root; asset paths are relative to it.
  public var root: URL
  /// Where zips, the manifest and installed dependencies go (`.facestack`).
  public var workFolder: URL
  /// The Python interpreter that runs pip.
  public var python: String
  /// The files read from each source folder so far, shared by this packager's copies: the four
  /// assets of one synth all package `facecommon`, read once instead of four times (issue 20).
  private let folders = FolderContents()

  /// A packager for the checkout at `root`.
  public init(root: URL, workFolder: URL? = nil, python: String = "python3") {
    self.root = root
    self.workFolder = workFolder ?? root.appendingPathComponent(".facestack")
    self.python = python
  }

  /// Folders and files never packaged.
  static let excludedNames: Set<String> = [
    "__pycache__", ".pytest_cache", ".ruff_cache", "tests", ".DS_Store", "bin",
  ]

  struct Manifest: Codable {
    var packages: [String: PackagedAsset] = [:]
  }

  var assetsFolder: URL { workFolder.appendingPathComponent("assets") }
  var manifestURL: URL { assetsFolder.appendingPathComponent("manifest.json") }

  public func package(_ asset: Asset) throws -> PackagedAsset {
    let files = try sourceFiles(asset)
    let requirements =
      try asset.requirements.map { try Data(contentsOf: root.appendingPathComponent($0)) } ?? Data()
    var hasher = SHA256()
    hasher.update(data: Array("facestack-asset-v1\n".utf8))
    for entry in files {
      hasher.update(data: Array("\(entry.path)\n\(entry.contents.count)\n".utf8))
      hasher.update(data: entry.contents)
    }
    hasher.update(data: requirements)
    let fingerprint = Hex.string(hasher.finalize())

    var manifest = readManifest()
    if let cached = manifest.packages[fingerprint],
      FileManager.default.fileExists(
        atPath: assetsFolder.appendingPathComponent("\(cached.sha256).zip").path)
    {
      return cached
    }
    var entries = files
    if Self.hasRequirements(requirements) {
      entries += try dependencies(requirements: requirements)
    }
    do {
      try FileManager.default.createDirectory(at: assetsFolder, withIntermediateDirectories: true)
    } catch {
      throw PackagingError.writeFailed(
        path: assetsFolder.path, reason: (error as NSError).localizedDescription)
    }
    let packaged = try writeZip(entries, name: asset.name)
    manifest.packages[fingerprint] = packaged
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(manifest).write(to: manifestURL, options: .atomic)
    return packaged
  }

  /// Streams the zip of `entries` into the assets folder as `<sha256>.zip`, hashed as it is
  /// written: into a temporary file, renamed once complete, so no reader sees half a package
  /// and an error leaves nothing behind. A synth killed while writing leaves its temporary
  /// file, which the next package removes once it is ten minutes old (another synth of the
  /// checkout may be writing a newer one). (Built in memory and then copied for writing, the
  /// detect function's 20 MB package was most of a cold synth's page faults, issue 20.)
  func writeZip(_ entries: [ZipArchive.Entry], name: String) throws -> PackagedAsset {
    removeAbandonedTemporaries()
    let temporary = assetsFolder.appendingPathComponent(".\(UUID().uuidString).zip.tmp").path
    var hasher = SHA256()
    var size = 0
    do {
      let output = try FileBytes.Output(creating: temporary)
      try ZipArchive.write(entries) { bytes in
        hasher.update(bufferPointer: bytes)
        size += bytes.count
        try output.write(bytes)
      }
      try output.close()
    } catch {
      unlink(temporary)
      throw error
    }
    let sha = Hex.string(hasher.finalize())
    let path = assetsFolder.appendingPathComponent("\(sha).zip").path
    guard rename(temporary, path) == 0 else {
      let reason = FileBytes.errorText()
      unlink(temporary)
      throw PackagingError.writeFailed(path: path, reason: reason)
    }
    return PackagedAsset(name: name, sha256: sha, size: size)
  }

  /// Removes `.<uuid>.zip.tmp` files of the assets folder older than ten minutes.
  func removeAbandonedTemporaries() {
    let manager = FileManager.default
    let folder = assetsFolder.path
    guard let names = try? manager.contentsOfDirectory(atPath: folder) else { return }
    let cutoff = Date().addingTimeInterval(-600)
    for name in names where name.hasPrefix(".") && name.hasSuffix(".zip.tmp") {
      let path = folder + "/" + name
      if let modified = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
        modified < cutoff
      {
        try? manager.removeItem(atPath: path)
      }
    }
  }

  /// The manifest, read with CloudFormation's JSON reader (`JSONDecoder` cost a synth more than
  /// the rest of a cached package, issue 20); empty when missing or unreadable, which only
  /// costs a rebuild. Entries that do not read are skipped the same way.
  func readManifest() -> Manifest {
    guard let bytes = FileManager.default.contents(atPath: manifestURL.path),
      let packages = (try? JSONDocument.parse(bytes: Array(bytes)))?["packages"]?.members
    else { return Manifest() }
    var manifest = Manifest()
    for (fingerprint, entry) in packages {
      guard let name = entry["name"]?.stringValue, let sha256 = entry["sha256"]?.stringValue,
        case .number(let text)? = entry["size"], let size = Int(text)
      else { continue }
      manifest.packages[fingerprint] = PackagedAsset(name: name, sha256: sha256, size: size)
    }
    return manifest
  }

  /// The source files of `asset`, with their paths inside the zip.
  func sourceFiles(_ asset: Asset) throws -> [ZipArchive.Entry] {
    var entries: [ZipArchive.Entry] = []
    // Paths as strings: building a URL per file cost more than reading the file (issue 20).
    let rootPath = root.path
    for source in asset.sources {
      let folder = rootPath + "/" + source.from
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory),
        isDirectory.boolValue
      else {
        throw PackagingError.missingSource(asset: asset.name, folder: source.from)
      }
      for file in try folders.files(in: folder, reading: readFiles) {
        let path = source.to.isEmpty ? file.path : source.to + "/" + file.path
        entries.append(ZipArchive.Entry(path: path, contents: file.contents))
      }
    }
    return entries
  }

  /// Every file under `folder` with its bytes, by relative path, sorted.
  private func readFiles(_ folder: String) throws -> [ZipArchive.Entry] {
    try files(underPath: folder).map { relative in
      ZipArchive.Entry(path: relative, contents: try FileBytes.read(folder + "/" + relative))
    }
  }

  /// Regular files under `folder`, relative, sorted, without excluded names or compiled files.
  /// A function's `requirements.txt` stays in: it documents the package and the EC2 service
  /// installs from it.
  func files(under folder: URL) throws -> [String] {
    try files(underPath: folder.path)
  }

  private func files(underPath folder: String) throws -> [String] {
    var result: [String] = []
    func walk(_ relative: String) throws {
      let path = relative.isEmpty ? folder : folder + "/" + relative
      for name in try FileManager.default.contentsOfDirectory(atPath: path).sorted() {
        if Self.excludedNames.contains(name) || name.hasSuffix(".pyc") || name.hasPrefix(".") {
          continue
        }
        if name == "RECORD", relative.hasSuffix(".dist-info") { continue }
        let child = relative.isEmpty ? name : relative + "/" + name
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: folder + "/" + child, isDirectory: &isDirectory)
        if isDirectory.boolValue {
          try walk(child)
        } else {
          result.append(child)
        }
      }
    }
    try walk("")
    return result
  }

  static func hasRequirements(_ data: Data) -> Bool {
    String(decoding: data, as: UTF8.self).split(separator: "\n").contains {
      let line = $0.trimmingCharacters(in: .whitespaces)
      return !line.isEmpty && !line.hasPrefix("#")
    }
  }

  /// The dependencies, installed once per requirements file.
  func dependencies(requirements: Data) throws -> [ZipArchive.Entry] {
    let key = Hex.string(
      SHA256.hash(data: Data("manylinux2014_aarch64 cp312\n".utf8) + requirements))
    let target = workFolder.appendingPathComponent("dependencies/\(key)")
    if !FileManager.default.fileExists(atPath: target.appendingPathComponent(".complete").path) {
      try? FileManager.default.removeItem(at: target)
      try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
      let requirementsFile = target.appendingPathComponent(".requirements.txt")
      try requirements.write(to: requirementsFile)
      let installed: ProcessResult
      do {
        installed = try ProcessRunner.run([
          python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet",
          "--no-compile", "--platform", "manylinux2014_aarch64", "--implementation", "cp",
          "--python-version", "3.12", "--only-binary=:all:", "--target", target.path, "-r",
          requirementsFile.path,
        ])
      } catch let error as ProcessError {
        throw PackagingError.dependencies(reason: error.description)
      }
      guard installed.succeeded else {
        throw PackagingError.dependencies(reason: installed.lastErrorLine)
      }
      try Data().write(to: target.appendingPathComponent(".complete"))
    }
    return try files(under: target).map {
      ZipArchive.Entry(path: $0, contents: try FileBytes.read(target.path + "/" + $0))
    }
  }
}

/// An asset that could not be packaged.
public enum PackagingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A source folder of the asset does not exist.
  case missingSource(asset: String, folder: String)
  /// pip could not run, or could not install the pinned dependencies for the Lambda platform.
  case dependencies(reason: String)
  /// The archive needs zip64, which the writer does not produce.
  case tooLarge(String)
  /// The package could not be written.
  case writeFailed(path: String, reason: String)

  public var description: String {
    switch self {
    case .missingSource(let asset, let folder):
      return "asset \(asset): source folder \(folder) does not exist"
    case .dependencies(let reason):
      return "pip could not install the dependencies for the Lambda platform: \(reason)"
    case .tooLarge(let what): return what
    case .writeFailed(let path, let reason): return "cannot write \(path): \(reason)"
    }
  }
}

/// Source folders read by one packager, by absolute path: each folder is listed and read once.
private final class FolderContents: @unchecked Sendable {
  private let lock = NSLock()
  private var read: [String: [ZipArchive.Entry]] = [:]

  /// The files of `folder` (paths relative to it), read by `reading` the first time.
  func files(
    in folder: String, reading: (String) throws -> [ZipArchive.Entry]
  ) throws -> [ZipArchive.Entry] {
    lock.lock()
    defer { lock.unlock() }
    if let files = read[folder] { return files }
    let files = try reading(folder)
    read[folder] = files
    return files
  }
}
