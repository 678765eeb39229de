import CloudFormation
import Constructs
import Foundation
import IAM
import Processes

/// An error facestack reports as one line, with the exit code its kind has (README, "Exit
/// codes").
///
/// ```swift
/// throw FacestackError.input("unknown environment 'staging'; known: dev, prod")
/// ```
public struct FacestackError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What the exit code says.
  public enum Kind: Int32, Sendable {
    /// A reported outcome that fails the run: changes with `--check`, findings, a refusal.
    case failed = 1
    /// A usage or input error: a file, an environment, an argument, the workspace.
    case input = 2
    /// AWS or the local emulator answered with an error, or could not be reached.
    case aws = 3
    /// A local program facestack runs (python3, pip, git) is missing or failed.
    case tool = 4
  }

  /// The one-line message, without the `error: ` prefix.
  public var message: String
  /// The kind, which decides the exit code.
  public var kind: Kind

  /// An error of `kind`.
  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  /// The process exit code.
  public var exitCode: Int32 { kind.rawValue }

  /// A usage or input error (exit 2).
  public static func input(_ message: String) -> FacestackError { FacestackError(.input, message) }
  /// An AWS or emulator error (exit 3).
  public static func aws(_ message: String) -> FacestackError { FacestackError(.aws, message) }
  /// A reported outcome that fails the run (exit 1).
  public static func failed(_ message: String) -> FacestackError {
    FacestackError(.failed, message)
  }
  /// A local tool failure (exit 4).
  public static func tool(_ message: String) -> FacestackError { FacestackError(.tool, message) }

  public var description: String { message }

  /// Any error thrown below the core, sorted by kind: a program that cannot run is a tool error,
  /// an unreadable template or policy is input. The deploy's and AWS's errors are sorted by
  /// `FacestackError.from(cloud:)`, in FacestackCloud (this module does not link AWS).
  public static func from(_ error: any Error) -> FacestackError {
    switch error {
    case let error as FacestackError: return error
    case let error as ProcessError: return .tool(error.description)
    case let error as GitError:
      switch error {
      case .unknownRevision, .notARepository: return .input(error.description)
      }
    case let error as PackagingError:
      if case .dependencies = error { return .tool(error.description) }
      return .input(error.description)
    case let error as TemplateSourceError: return .input(error.message)
    case let error as TemplateError: return .input(error.description)
    case let error as PolicyReadError: return .input(error.description)
    default:
      return .input(String(describing: error))
    }
  }
}
