/// An error answered by an AWS service (or the emulator): AWS's code and message, the request
/// id, and the HTTP status.
///
/// `description` is one line: `cloudformation CreateChangeSet failed: ValidationError: Stack
/// [x] does not exist (http 400, request id 7f3c...)`.
public struct AWSServiceError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The service's signing name (`cloudformation`, `s3`).
  public var service: String
  /// The operation (`CreateChangeSet`, `PutObject`).
  public var operation: String
  /// AWS's error code (`ValidationError`, `AlreadyExistsException`, `NoSuchKey`,
  /// `SignatureDoesNotMatch`).
  public var code: String
  /// AWS's message.
  public var message: String
  /// The request id, from the body or the `x-amzn-RequestId` / `x-amz-request-id` header.
  public var requestID: String?
  /// The HTTP status code.
  public var statusCode: Int

  /// Creates an error.
  public init(
    service: String, operation: String, code: String, message: String, requestID: String?,
    statusCode: Int
  ) {
    self.service = service
    self.operation = operation
    self.code = code
    self.message = message
    self.requestID = requestID
    self.statusCode = statusCode
  }

  /// Throttling codes that AWS services return; retried with backoff.
  public static let throttlingCodes: Set<String> = [
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
    "TooManyRequestsException", "ProvisionedThroughputExceededException",
    "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
    "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
    "EC2ThrottledException",
  ]

  /// Transient codes that are not throttling but are worth another attempt.
  public static let transientCodes: Set<String> = [
    "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure",
    "ServiceUnavailable",
  ]

  /// True for throttling answers.
  public var isThrottling: Bool {
    Self.throttlingCodes.contains(code) || statusCode == 429
  }

  /// True when the request may succeed if sent again.
  public var isRetryable: Bool {
    isThrottling || Self.transientCodes.contains(code) || (500...599).contains(statusCode)
  }

  /// CloudFormation's answer for a stack that does not exist (`ValidationError`, "Stack with id
  /// NAME does not exist").
  public var isStackNotFound: Bool {
    code == "ValidationError" && message.contains("does not exist")
  }

  /// CloudFormation's answer to an update that changes nothing ("No updates are to be
  /// performed.").
  public var isNoUpdates: Bool {
    code == "ValidationError" && message.contains("No updates are to be performed")
  }

  /// The caller lacks a permission (`AccessDenied`, `AccessDeniedException`,
  /// `UnauthorizedOperation`) or its key is unknown or wrongly signed.
  public var isAuthorizationFailure: Bool {
    [
      "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "InvalidClientTokenId",
      "SignatureDoesNotMatch", "ExpiredToken", "InvalidAccessKeyId",
    ].contains(code)
  }

  public var description: String {
    var text = "\(service) \(operation) failed: \(code): \(message) (http \(statusCode)"
    if let requestID { text += ", request id \(requestID)" }
    return text + ")"
  }
}
