import AWSClient
import Foundation

/// A deploy that cannot go on, sorted by what the CLI's exit code must say: a refusal (1), bad
/// input (2), or an AWS or emulator problem (3). Each message is one lowercase line.
public enum DeployError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The deploy was refused (approval not given, termination protection, a stack that must be
  /// dealt with first).
  case refused(String)
  /// The user's input or the workspace is wrong (unknown environment, no bootstrap stack).
  case input(String)
  /// AWS or the emulator answered with an error, or could not be reached.
  case aws(String)

  public var description: String {
    switch self {
    case .refused(let message), .input(let message), .aws(let message): return message
    }
  }

  /// The process exit code DESIGN.md assigns: 1 refused, 2 input, 3 AWS or emulator.
  public var exitCode: Int32 {
    switch self {
    case .refused: return 1
    case .input: return 2
    case .aws: return 3
    }
  }

  /// Maps any error thrown by the AWS client (or by deploy itself) to a ``DeployError``:
  /// AWS's answers and the client's own failures are `.aws` with their one-line message;
  /// missing credentials or region are `.input`, because the user fixes them.
  public static func map(_ error: any Error) -> DeployError {
    switch error {
    case let error as DeployError:
      return error
    case let error as AWSServiceError:
      return .aws(error.description)
    case let error as AWSClientError:
      switch error {
      case .missingCredentials, .profileNotFound, .missingRegion, .invalidConfiguration,
        .credentialSource:
        return .input(error.description)
      default:
        return .aws(error.description)
      }
    case is CancellationError:
      return .aws("cancelled")
    default:
      return .aws(String(describing: error))
    }
  }
}
