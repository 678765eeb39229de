/// Why a request could not be mapped to IAM actions; the gateway denies it with this message
/// and logs it, never lets it through.
public enum RequestMappingError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The credential scope names a service the request map does not have.
  case unknownService(String)
  /// The request is no operation of the service the map knows (or one with no IAM action).
  case unknownOperation(service: String, operation: String?)
  /// The body cannot be read as the protocol says.
  case unreadableBody(String)

  /// One line, for the log and the `AccessDenied` message.
  public var description: String {
    switch self {
    case .unknownService(let service):
      return "the local gateway does not know the service '\(service)', so the request is denied"
    case .unknownOperation(let service, let operation?):
      return "the local gateway does not know the operation \(service):\(operation) (no IAM "
        + "action is mapped for it), so the request is denied"
    case .unknownOperation(let service, nil):
      return "the local gateway cannot tell which \(service) operation this request is, so it is "
        + "denied"
    case .unreadableBody(let reason):
      return reason
    }
  }
}
