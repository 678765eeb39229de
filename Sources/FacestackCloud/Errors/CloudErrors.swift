import AWSClient
import Deploy
import FacestackCore

extension FacestackError {
  /// Any error the commands that talk to AWS or the local cloud throw, sorted by kind: the
  /// deploy's own errors keep theirs, AWS client errors are AWS errors (missing credentials or
  /// region are input), a cancelled call is an AWS error; the rest as `from(_:)` sorts them.
  public static func from(cloud error: any Error) -> FacestackError {
    switch error {
    case let error as DeployError:
      switch error {
      case .refused(let message): return .failed(message)
      case .input(let message): return .input(message)
      case .aws(let message): return .aws(message)
      }
    case is AWSServiceError, is AWSClientError, is CancellationError:
      return from(cloud: DeployError.map(error) as any Error)
    default:
      return from(error)
    }
  }
}
