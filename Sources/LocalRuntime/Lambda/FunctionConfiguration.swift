import Foundation

/// A deployed function as the emulator's `GetFunction` reports it: what the runner needs to
/// run it exactly as deployed.
public struct FunctionConfiguration: Sendable, Equatable {
  /// `FunctionName`.
  public var name: String
  /// `FunctionArn` (unqualified).
  public var arn: String
  /// `Runtime` (`python3.12`).
  public var runtime: String
  /// `Handler` (`app.handler`).
  public var handler: String
  /// `Role`: the execution role's ARN.
  public var role: String
  /// `Timeout`, seconds.
  public var timeout: Int
  /// `MemorySize`, MB.
  public var memorySize: Int
  /// `Environment.Variables`.
  public var environment: [String: String]
  /// `CodeSha256`, base64.
  public var codeSha256: String
  /// `Code.Location`: where the deployed zip is fetched from.
  public var codeLocation: String
  /// The log group: `LoggingConfig.LogGroup`, or `/aws/lambda/<name>`.
  public var logGroup: String
  /// `LoggingConfig.LogFormat`: `Text` or `JSON`.
  public var logFormat: String
  /// `Concurrency.ReservedConcurrentExecutions`.
  public var reservedConcurrency: Int?
  /// `DeadLetterConfig.TargetArn`.
  public var deadLetterTarget: String?

  /// What makes two execution environments interchangeable: a change to any of these (in the
  /// emulator) takes effect on the next invocation, in a new environment.
  public var revision: String {
    [
      runtime, handler, role, String(timeout), String(memorySize), codeSha256, logGroup, logFormat,
      environment.keys.sorted().map { "\($0)=\(environment[$0] ?? "")" }.joined(separator: "\u{1}"),
    ].joined(separator: "\u{0}")
  }

  /// Reads `GetFunction`'s response.
  init(getFunction response: [String: Any]) throws {
    guard let configuration = response["Configuration"] as? [String: Any],
      let name = configuration["FunctionName"] as? String,
      let arn = configuration["FunctionArn"] as? String
    else { throw LambdaServiceError.unreadableConfiguration }
    self.name = name
    self.arn = arn
    runtime = configuration["Runtime"] as? String ?? ""
    handler = configuration["Handler"] as? String ?? ""
    role = configuration["Role"] as? String ?? ""
    timeout = configuration["Timeout"] as? Int ?? 3
    memorySize = configuration["MemorySize"] as? Int ?? 128
    environment =
      ((configuration["Environment"] as? [String: Any])?["Variables"] as? [String: String]) ?? [:]
    codeSha256 = configuration["CodeSha256"] as? String ?? ""
    codeLocation = (response["Code"] as? [String: Any])?["Location"] as? String ?? ""
    let logging = configuration["LoggingConfig"] as? [String: Any]
    logGroup = logging?["LogGroup"] as? String ?? "/aws/lambda/\(name)"
    logFormat = logging?["LogFormat"] as? String ?? "Text"
    reservedConcurrency =
      (response["Concurrency"] as? [String: Any])?["ReservedConcurrentExecutions"] as? Int
    deadLetterTarget =
      (configuration["DeadLetterConfig"] as? [String: Any])?["TargetArn"] as? String
  }
}

/// A function's asynchronous invocation settings (`GetFunctionEventInvokeConfig`), with
/// Lambda's defaults when none is set.
public struct EventInvokeSettings: Sendable, Equatable {
  /// Retries after a function error: 0 to 2 (default 2).
  public var maximumRetryAttempts: Int = 2
  /// How long an event may wait, seconds (default 6 hours).
  public var maximumEventAgeSeconds: Int = 21_600
  /// Where failed events go (`DestinationConfig.OnFailure.Destination`).
  public var onFailure: String?
  /// Where successful results go (`DestinationConfig.OnSuccess.Destination`).
  public var onSuccess: String?

  /// The defaults.
  public init() {}

  init(response: [String: Any]) {
    if let retries = response["MaximumRetryAttempts"] as? Int { maximumRetryAttempts = retries }
    if let age = response["MaximumEventAgeInSeconds"] as? Int { maximumEventAgeSeconds = age }
    let destinations = response["DestinationConfig"] as? [String: Any]
    onFailure = (destinations?["OnFailure"] as? [String: Any])?["Destination"] as? String
    onSuccess = (destinations?["OnSuccess"] as? [String: Any])?["Destination"] as? String
  }
}

/// The Lambda service's own errors, as Lambda names them.
public enum LambdaServiceError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No such function.
  case resourceNotFound(String)
  /// Reserved concurrency is used up.
  case tooManyRequests(String)
  /// The execution role cannot be assumed by Lambda (its trust policy).
  case roleNotAssumable(String)
  /// The deployed code cannot be fetched or does not match its `CodeSha256`.
  case code(String)
  /// `GetFunction` answered something unreadable.
  case unreadableConfiguration
  /// The local runner could not start the function's process.
  case runner(String)

  /// The error name (`ResourceNotFoundException`, ...) and the HTTP status Lambda uses.
  public var awsError: (code: String, status: Int) {
    switch self {
    case .resourceNotFound: return ("ResourceNotFoundException", 404)
    case .tooManyRequests: return ("TooManyRequestsException", 429)
    case .roleNotAssumable: return ("InvalidParameterValueException", 400)
    case .code: return ("ServiceException", 500)
    case .unreadableConfiguration, .runner: return ("ServiceException", 500)
    }
  }

  public var description: String {
    switch self {
    case .resourceNotFound(let message), .tooManyRequests(let message),
      .roleNotAssumable(let message), .code(let message), .runner(let message):
      return message
    case .unreadableConfiguration: return "the emulator's GetFunction answer is unreadable"
    }
  }
}
