import CloudFormation
import Foundation
import Processes

/// One side of a diff: where its template comes from.
///
/// `facestack diff` takes two sources: files (`--from/--to`), a git revision (`--base`), a
/// synthesized environment (`ENV_A ENV_B`, `--env`) or the deployed stack (`--deployed`).
///
/// ```swift
/// let old = try GitRevisionTemplateSource(environment: "prod", revision: "main").load()
/// let new = try FileTemplateSource(path: "templates/prod/FaceRecognition.yaml").load()
/// ```
public protocol TemplateSource: Sendable {
  /// How reports name this side: a path, `main:templates/prod/FaceRecognition.yaml`, `prod`.
  var label: String { get }
  /// The environment's name prefix when the source knows it (for `--normalize-names`).
  var namePrefix: String? { get }
  /// Reads the template; a ``TemplateSourceError`` or ``FacestackError`` says what went wrong in
  /// one line.
  func load() async throws -> Template
}

extension TemplateSource {
  public var namePrefix: String? { nil }
}

/// A template that could not be loaded: one line naming the file or revision.
public struct TemplateSourceError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The message, lowercase, without a final period.
  public var message: String

  /// An error with `message`.
  public init(_ message: String) { self.message = message }

  public var description: String { message }
}

/// A template file, YAML or JSON.
public struct FileTemplateSource: TemplateSource {
  /// The file's path.
  public var path: String

  /// The file at `path`.
  public init(path: String) { self.path = path }

  public var label: String { path }

  public func load() async throws -> Template {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw TemplateSourceError("\(path): no such file")
    }
    if isDirectory.boolValue {
      throw TemplateSourceError("\(path): is a directory, expected a template file")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw TemplateSourceError("\(path): cannot read the file")
    }
    return try TemplateSourceError.reading { try TemplateReader.read(Array(data), file: path) }
  }
}

extension TemplateSourceError {
  /// Runs `read`, turning a template reader's error into a source error.
  static func reading(_ read: () throws -> Template) throws -> Template {
    do {
      return try read()
    } catch let error as TemplateError {
      throw TemplateSourceError(error.description)
    }
  }
}

/// A template as committed at a git revision: `git show REF:PATH`.
///
/// ```swift
/// // The committed prod template on main, for `facestack diff --env prod --base main`.
/// let base = GitRevisionTemplateSource(environment: "prod", revision: "main")
/// let template = try await base.load()
/// ```
public struct GitRevisionTemplateSource: TemplateSource {
  /// A branch, tag, commit or any revision git understands (`main`, `HEAD~1`, `v1.2`).
  public var revision: String
  /// The file's path from the repository's root.
  public var path: String
  /// A folder inside the repository's working tree.
  public var repository: String

  /// `path` at `revision` in the repository that contains `repository`.
  public init(revision: String, path: String, repository: String = ".") {
    self.revision = revision
    self.path = path
    self.repository = repository
  }

  /// An environment's committed template, `templates/<environment>/FaceRecognition.yaml`.
  public init(
    environment: String, revision: String, repository: String = ".",
    stack: String = "FaceRecognition"
  ) {
    self.init(
      revision: revision, path: "templates/\(environment)/\(stack).yaml", repository: repository)
  }

  public var label: String { "\(revision):\(path)" }

  public func load() async throws -> Template {
    let git = Git(repository: URL(fileURLWithPath: repository))
    guard try git.isRepository() else {
      throw TemplateSourceError("\(repository): not a git repository")
    }
    guard try git.hasRevision(revision) else {
      throw TemplateSourceError("unknown git revision '\(revision)' in \(repository)")
    }
    guard let bytes = try git.file(path, at: revision) else {
      throw TemplateSourceError("\(path) does not exist at git revision '\(revision)'")
    }
    return try TemplateSourceError.reading { try TemplateReader.read(bytes, file: label) }
  }
}
