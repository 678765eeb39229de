import CloudFormation
import Foundation

/// One side of a diff: where its template comes from.
///
/// `facestack diff` takes two sources: files (`--from/--to`), a git revision (`--base`), and,
/// once synthesis exists, a synthesized environment (`ENV_A ENV_B`, `--env`) or the deployed
/// stack (`--deployed`), which conform in their own modules.
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
  /// Reads the template; a ``TemplateSourceError`` says what went wrong in one line.
  func load() throws -> Template
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

  public func load() throws -> Template {
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
