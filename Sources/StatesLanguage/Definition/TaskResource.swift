/// What a Task state's `Resource` names, as far as the interpreter is concerned.
public enum TaskResource: Sendable, Equatable {
  /// `arn:aws:states:::lambda:invoke`, the optimized Lambda integration: `Parameters` give
  /// `FunctionName` and `Payload`; the result is Lambda's `Invoke` response
  /// (`{"ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"}`).
  case lambdaInvoke(arn: String)
  /// A Lambda function's ARN: the effective input is the event, the result is the function's
  /// return value.
  case lambdaFunction(arn: String)
  /// Anything else (other service integrations, `.sync` and `.waitForTaskToken` patterns,
  /// activities): parsed, but the execution fails with `States.Runtime` naming `feature`.
  case unsupported(arn: String, feature: String)

  /// The resource as written.
  public var arn: String {
    switch self {
    case .lambdaInvoke(let arn), .lambdaFunction(let arn), .unsupported(let arn, _): return arn
    }
  }

  /// Classifies a `Resource` ARN (any partition).
  public init(_ arn: String) {
    let parts = arn.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
      .map(String.init)
    guard parts.count >= 6, parts[0] == "arn" else {
      self = .unsupported(arn: arn, feature: "the resource '\(arn)', which is not an ARN")
      return
    }
    let service = parts[2]
    if service == "lambda", parts.count >= 7, parts[5] == "function" {
      self = .lambdaFunction(arn: arn)
      return
    }
    guard service == "states" else {
      self = .unsupported(arn: arn, feature: "the resource '\(arn)'")
      return
    }
    let integration = parts.dropFirst(5).joined(separator: ":")
    if parts[5] == "activity" {
      self = .unsupported(arn: arn, feature: "activities ('\(arn)')")
    } else if integration == "lambda:invoke" {
      self = .lambdaInvoke(arn: arn)
    } else if integration.hasSuffix(".waitForTaskToken") {
      self = .unsupported(
        arn: arn, feature: "the callback pattern ('\(integration)', .waitForTaskToken)")
    } else if integration.hasSuffix(".sync") || integration.contains(".sync:") {
      self = .unsupported(arn: arn, feature: "the run-a-job pattern ('\(integration)', .sync)")
    } else {
      self = .unsupported(arn: arn, feature: "the service integration '\(integration)'")
    }
  }

  /// The `resourceType` and `resource` of Step Functions' task history events
  /// (`lambda`, `invoke`).
  var integrationNames: (resourceType: String, resource: String)? {
    guard case .lambdaInvoke = self else { return nil }
    return ("lambda", "invoke")
  }
}
