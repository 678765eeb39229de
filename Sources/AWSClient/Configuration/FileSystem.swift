import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The files the client reads (`~/.aws/config`, `~/.aws/credentials`, token files) and writes
/// (the refreshed SSO token under `~/.aws/sso/cache`), as a value, so tests can provide them.
///
/// ```swift
/// let files = FileSystem.inMemory(["/home/t/.aws/config": "[profile dev]\nregion = eu-west-1\n"])
/// let live = FileSystem.live  // the real disk
/// ```
public struct FileSystem: Sendable {
  /// Returns the contents of the file at `path`, or nil when it does not exist or cannot be read.
  public var readFile: @Sendable (_ path: String) -> String?
  /// Replaces the file at `path` atomically, readable by its owner only, creating its folder.
  public var writeFile: @Sendable (_ path: String, _ contents: Data) throws -> Void
  /// The home directory to use when the environment has no `HOME`.
  public var homeDirectory: String?

  /// Creates a file system from closures; without `writeFile` it is read-only.
  public init(
    homeDirectory: String?, readFile: @escaping @Sendable (_ path: String) -> String?,
    writeFile: @escaping @Sendable (_ path: String, _ contents: Data) throws -> Void = { path, _ in
      throw AWSClientError.invalidConfiguration(
        "cannot write \(path): the file system is read-only")
    }
  ) {
    self.homeDirectory = homeDirectory
    self.readFile = readFile
    self.writeFile = writeFile
  }

  /// The real file system.
  public static var live: FileSystem {
    FileSystem(
      homeDirectory: NSHomeDirectory(),
      readFile: { path in try? String(contentsOfFile: path, encoding: .utf8) },
      writeFile: { path, contents in try writeAtomically(path, contents) })
  }

  /// Files held in memory, keyed by absolute path; writes stay in memory too.
  public static func inMemory(_ files: [String: String], homeDirectory: String = "/home/test")
    -> FileSystem
  {
    let store = InMemoryFiles(files)
    return FileSystem(
      homeDirectory: homeDirectory, readFile: { store.read($0) },
      writeFile: { path, contents in store.write(path, String(decoding: contents, as: UTF8.self)) })
  }

  /// The home directory as the AWS CLI finds it: `HOME` from `environment`, else this file
  /// system's.
  public func home(in environment: AWSEnvironment) -> String? {
    environment["HOME"] ?? homeDirectory
  }

  /// Expands a leading `~` to the home directory.
  public func expandingTilde(_ path: String, environment: AWSEnvironment = AWSEnvironment())
    -> String
  {
    guard path == "~" || path.hasPrefix("~/"), let home = home(in: environment) else { return path }
    return home + path.dropFirst()
  }

  private static func writeAtomically(_ path: String, _ contents: Data) throws {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent()
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      let temporary = folder.appendingPathComponent(
        ".\(url.lastPathComponent).\(UUID().uuidString)")
      guard
        FileManager.default.createFile(
          atPath: temporary.path, contents: contents, attributes: [.posixPermissions: 0o600])
      else {
        throw AWSClientError.invalidConfiguration("cannot write \(path)")
      }
      if rename(temporary.path, path) != 0 {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw AWSClientError.invalidConfiguration("cannot write \(path): \(reason)")
      }
    } catch let error as AWSClientError {
      throw error
    } catch {
      throw AWSClientError.invalidConfiguration(
        "cannot write \(path): \(error.localizedDescription)")
    }
  }
}

/// The storage behind ``FileSystem/inMemory(_:homeDirectory:)``.
final class InMemoryFiles: @unchecked Sendable {
  private let lock = NSLock()
  private var files: [String: String]

  init(_ files: [String: String]) { self.files = files }

  func read(_ path: String) -> String? { lock.withLock { files[path] } }

  func write(_ path: String, _ text: String) { lock.withLock { files[path] = text } }
}
