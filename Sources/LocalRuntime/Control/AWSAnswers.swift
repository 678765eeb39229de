import CloudFormation
import Foundation
import JSONPaths
import LocalHTTP

extension LocalRuntime {
  /// The operations the runtime answers for the gateway, after it authorized them:
  /// Step Functions' `StartExecution`, `DescribeExecution`, `ListExecutions`,
  /// `GetExecutionHistory` (JSON 1.0) and Lambda's `Invoke` (REST-JSON).
  public static let answeredOperations: Set<String> = [
    "states:StartExecution", "states:DescribeExecution", "states:ListExecutions",
    "states:GetExecutionHistory", "lambda:Invoke",
  ]

  /// Answers `operation` (`states:StartExecution`, `lambda:Invoke`) of an authorized request by
  /// `principal`, in the service's own protocol and error shapes.
  public func answer(operation: String, request: HTTPRequest, principal: String) async
    -> HTTPResponse
  {
    if operation == "lambda:Invoke" { return await invoke(request, principal: principal) }
    let body =
      (try? JSONDocument.parse(String(decoding: request.body, as: UTF8.self))) ?? .object([])
    do {
      let result: JSONDocument
      switch operation {
      case "states:StartExecution":
        guard let arn = body["stateMachineArn"]?.stringValue else {
          return Self.stepFunctionsError("ValidationException", "stateMachineArn is required")
        }
        let input = body["input"]?.stringValue ?? "{}"
        let started = try await executions.start(
          stateMachineArn: arn, name: body["name"]?.stringValue, input: input,
          source: "api \(principal)")
        result = .object([
          ("executionArn", .string(started.arn)),
          ("startDate", .number(ExecutionService.epoch(started.startDate))),
        ])
      case "states:DescribeExecution":
        result = try await executions.describe(body["executionArn"]?.stringValue ?? "")
      case "states:ListExecutions":
        result = await executions.list(
          stateMachineArn: body["stateMachineArn"]?.stringValue ?? "",
          status: body["statusFilter"]?.stringValue)
      case "states:GetExecutionHistory":
        result = try await executions.history(
          body["executionArn"]?.stringValue ?? "",
          reverse: body["reverseOrder"]?.boolValue ?? false)
      default:
        return Self.stepFunctionsError(
          "UnknownOperationException", "\(operation) is not answered here")
      }
      return HTTPResponse(
        status: 200, headers: [("Content-Type", "application/x-amz-json-1.0")],
        body: Array(result.compactText.utf8))
    } catch let error as StepFunctionsError {
      return Self.stepFunctionsError(error.awsError.code, error.description)
    } catch {
      return Self.stepFunctionsError("InternalFailure", "\(error)")
    }
  }

  /// Lambda's `Invoke`: `POST /2015-03-31/functions/NAME/invocations`, `X-Amz-Invocation-Type`
  /// `RequestResponse` (default), `Event` or `DryRun`.
  private func invoke(_ request: HTTPRequest, principal: String) async -> HTTPResponse {
    let parts = request.rawPath.split(separator: "/").map {
      String($0).removingPercentEncoding ?? String($0)
    }
    guard parts.count >= 4, parts[1] == "functions" else {
      return Self.lambdaError("ValidationException", 400, "not an Invoke path: \(request.rawPath)")
    }
    let function = parts[2]
    let type = request.header("X-Amz-Invocation-Type") ?? "RequestResponse"
    do {
      switch type {
      case "Event":
        let requestID = try await lambda.invokeAsync(
          function: function, payload: request.body, source: "api \(principal)")
        return HTTPResponse(status: 202, headers: [("x-amzn-RequestId", requestID)])
      case "DryRun":
        _ = try await lambda.configuration(function)
        return HTTPResponse(status: 204)
      default:
        let result = try await lambda.invoke(
          function: function, payload: request.body, source: "api \(principal)")
        var headers = [
          ("Content-Type", "application/json"), ("X-Amz-Executed-Version", "$LATEST"),
          ("x-amzn-RequestId", result.requestID),
        ]
        if let error = result.functionError { headers.append(("X-Amz-Function-Error", error)) }
        return HTTPResponse(status: 200, headers: headers, body: result.payload)
      }
    } catch let error as LambdaServiceError {
      return Self.lambdaError(error.awsError.code, error.awsError.status, error.description)
    } catch {
      return Self.lambdaError("ServiceException", 500, "\(error)")
    }
  }

  static func stepFunctionsError(_ code: String, _ message: String) -> HTTPResponse {
    let body = JSONDocument.object([("__type", .string(code)), ("message", .string(message))])
    return HTTPResponse(
      status: 400, headers: [("Content-Type", "application/x-amz-json-1.0")],
      body: Array(body.compactText.utf8))
  }

  static func lambdaError(_ code: String, _ status: Int, _ message: String) -> HTTPResponse {
    let body = JSONDocument.object([("Type", .string("User")), ("message", .string(message))])
    return HTTPResponse(
      status: status,
      headers: [("Content-Type", "application/json"), ("x-amzn-ErrorType", code)],
      body: Array(body.compactText.utf8))
  }
}
