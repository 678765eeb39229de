import CloudFormation
import Foundation
import JSONPaths

/// A ``TaskInvoker`` for Step Functions' two Lambda forms, on top of a ``LambdaInvoker``:
/// - `arn:aws:states:::lambda:invoke`: `Parameters` carry `FunctionName`, `Payload`,
///   `Qualifier`; the result is Lambda's response as the optimized integration returns it
///   (`ExecutedVersion`, `Payload`, `SdkHttpMetadata`, `SdkResponseMetadata`, `StatusCode`);
/// - a function ARN as `Resource`: the effective input is the payload, the result the
///   function's return value.
/// A function error fails the task with the error document's `errorType` as the error
/// (`Lambda.Unknown` without one) and the document's text as the cause.
public struct LambdaTaskInvoker: TaskInvoker {
  let lambda: any LambdaInvoker
  let random: any RandomSource

  /// Lambda integrations over `lambda`; `random` makes request ids when `lambda` gives none.
  public init(lambda: any LambdaInvoker, random: any RandomSource = SystemRandomSource()) {
    self.lambda = lambda
    self.random = random
  }

  /// Invokes the function the resource and parameters name.
  public func invoke(resource: TaskResource, parameters: JSONDocument, context: TaskContext)
    async throws -> JSONDocument
  {
    switch resource {
    case .lambdaFunction(let arn):
      let result = try await lambda.invoke(
        functionName: arn, qualifier: nil, payload: parameters, context: context)
      return try Self.payload(of: result)
    case .lambdaInvoke:
      guard let functionName = parameters["FunctionName"]?.stringValue else {
        throw TaskFailure(
          error: StatesErrorName.runtime,
          cause: "The Parameters '\(parameters.compactText)' could not be used to start the Task: "
            + "[The field \"FunctionName\" is required]")
      }
      var result = try await lambda.invoke(
        functionName: functionName, qualifier: parameters["Qualifier"]?.stringValue,
        payload: parameters["Payload"] ?? .object([]), context: context)
      let payload = try Self.payload(of: result)
      if result.requestId == nil { result.requestId = await random.uuid() }
      return Self.response(result, payload: payload, date: await context.clock.now())
    case .unsupported(_, let feature):
      throw TaskFailure(error: StatesErrorName.runtime, cause: "\(feature) is not supported")
    }
  }

  /// The parsed payload, or the function's error as a ``TaskFailure``.
  static func payload(of result: LambdaInvocationResult) throws -> JSONDocument {
    let document = JSONDocument.parseValue(result.payload)
    if result.functionError != nil {
      let errorType = document?["errorType"]?.stringValue ?? "Lambda.Unknown"
      throw TaskFailure(error: errorType, cause: result.payload)
    }
    return document ?? .string(result.payload)
  }

  /// The optimized integration's result: Lambda's `Invoke` response as the AWS SDK for Java
  /// describes it.
  static func response(_ result: LambdaInvocationResult, payload: JSONDocument, date: Date)
    -> JSONDocument
  {
    let requestId = result.requestId ?? ""
    let length = String(result.payload.utf8.count)
    let httpDate = HTTPDate.format(date)
    let traceId =
      "Root=1-\(String(Int(date.timeIntervalSince1970), radix: 16))-"
      + "\(requestId.replacingOccurrences(of: "-", with: "").prefix(24));Sampled=0"
    let headers: [(String, String)] = [
      ("X-Amz-Executed-Version", result.executedVersion), ("x-amzn-Remapped-Content-Length", "0"),
      ("Connection", "keep-alive"), ("x-amzn-RequestId", requestId), ("Content-Length", length),
      ("Date", httpDate), ("X-Amzn-Trace-Id", traceId), ("Content-Type", "application/json"),
    ]
    let sorted = headers.sorted { $0.0.lowercased() < $1.0.lowercased() }
    return .object([
      ("ExecutedVersion", .string(result.executedVersion)),
      ("Payload", payload),
      (
        "SdkHttpMetadata",
        .object([
          ("AllHttpHeaders", .object(headers.map { ($0.0, .array([.string($0.1)])) })),
          ("HttpHeaders", .object(sorted.map { ($0.0, .string($0.1)) })),
          ("HttpStatusCode", .integer(200)),
        ])
      ),
      ("SdkResponseMetadata", .object([("RequestId", .string(requestId))])),
      ("StatusCode", .integer(200)),
    ])
  }
}

/// `Date` header values (RFC 7231 IMF-fixdate).
enum HTTPDate {
  static func format(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
    return formatter.string(from: date)
  }
}
