import Foundation

/// Environment variables as a value, so configuration can be resolved in tests without touching
/// the real process environment.
public struct AWSEnvironment: Sendable, Equatable, CustomStringConvertible,
  CustomDebugStringConvertible, CustomReflectable
{
  /// The variables, by name.
  public var variables: [String: String]

  /// Creates an environment from explicit variables.
  public init(_ variables: [String: String] = [:]) {
    self.variables = variables
  }

  /// The current process's environment.
  public static var process: AWSEnvironment {
    AWSEnvironment(ProcessInfo.processInfo.environment)
  }

  /// Names of the `AWS_*` variables only: values may be secrets, and the rest is none of the
  /// client's business.
  public var description: String {
    let names = variables.keys.filter { $0.hasPrefix("AWS_") }.sorted()
    return "AWSEnvironment(" + names.joined(separator: ", ") + ")"
  }

  public var debugDescription: String { description }

  public var customMirror: Mirror {
    Mirror(self, children: ["variables": description], displayStyle: .struct)
  }

  /// The value of `name`, or nil when unset or empty (the AWS CLI treats empty as unset).
  public subscript(_ name: String) -> String? {
    guard let value = variables[name], !value.isEmpty else { return nil }
    return value
  }
}

/// Read access to files as a value, so the shared config files can be provided by tests.
public struct FileSystem: Sendable {
  /// Returns the contents of the file at `path`, or nil when it does not exist or cannot be read.
  public var readFile: @Sendable (_ path: String) -> String?
  /// The user's home directory, where `~/.aws` lives.
  public var homeDirectory: String?

  /// Creates a file system from closures.
  public init(homeDirectory: String?, readFile: @escaping @Sendable (_ path: String) -> String?) {
    self.homeDirectory = homeDirectory
    self.readFile = readFile
  }

  /// The real file system.
  public static var live: FileSystem {
    FileSystem(homeDirectory: NSHomeDirectory()) { path in
      try? String(contentsOfFile: path, encoding: .utf8)
    }
  }

  /// Files held in memory, keyed by absolute path.
  public static func inMemory(_ files: [String: String], homeDirectory: String = "/home/test")
    -> FileSystem
  {
    FileSystem(homeDirectory: homeDirectory) { files[$0] }
  }

  /// Expands a leading `~` to the home directory.
  public func expandingTilde(_ path: String) -> String {
    guard path.hasPrefix("~"), let home = homeDirectory else { return path }
    return home + path.dropFirst()
  }
}
