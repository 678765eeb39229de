import CloudFormation
import Foundation
import JSONPaths
import LocalHTTP

extension LocalRuntime {
  /// The runtime port's routes: the event hook, the Lambda Runtime API, the control API.
  func handle(_ request: HTTPRequest) async -> HTTPResponse {
    let path = request.rawPath
    if path.hasPrefix("/2018-06-01/runtime/") { return await runtimeAPI(request) }
    switch (request.method, path) {
    case ("POST", "/events"): return await hook(request)
    case ("GET", "/_facestack/health"): return Self.json(["runtime": "ok"])
    case ("GET", "/_facestack/status"): return await status(format: Self.query(request, "format"))
    case ("GET", "/_facestack/records"):
      let since = Int(Self.query(request, "since") ?? "") ?? 0
      return Self.encoded(await events.since(since))
    case ("GET", "/_facestack/executions"):
      let summaries = await executions.summaries()
      if Self.query(request, "format") == "text" {
        let lines = summaries.map(\.text)
        return HTTPResponse(
          status: 200, contentType: "text/plain; charset=utf-8",
          text: lines.isEmpty ? "no executions yet\n" : lines.joined(separator: "\n") + "\n")
      }
      return Self.encoded(summaries)
    case ("GET", _) where path.hasPrefix("/_facestack/executions/"):
      let name = String(path.dropFirst("/_facestack/executions/".count)).removingPercentEncoding ?? ""
      do {
        if Self.query(request, "format") == "text" {
          return HTTPResponse(
            status: 200, contentType: "text/plain; charset=utf-8",
            text: try await executions.historyText(name))
        }
        return HTTPResponse(
          status: 200, headers: [("Content-Type", "application/json")],
          body: Array(
            try await executions.history(await executions.arn(named: name), reverse: false)
              .compactSortedText.utf8))
      } catch {
        return HTTPResponse(status: 404, contentType: "text/plain", text: "\(error)")
      }
    case ("GET", "/_facestack/trace"):
      guard let key = Self.query(request, "key") else {
        return HTTPResponse(status: 400, contentType: "text/plain", text: "key is required")
      }
      let trace = Trace(
        records: await events.since(0), bucket: Self.query(request, "bucket"), key: key)
      if Self.query(request, "format") == "text" {
        return HTTPResponse(status: 200, contentType: "text/plain; charset=utf-8", text: trace.text)
      }
      return Self.encoded(trace)
    default:
      return HTTPResponse(status: 404, contentType: "text/plain", text: "no route \(path)")
    }
  }

  /// `POST /events`: an event the emulator's hook hands over; routed in the background.
  private func hook(_ request: HTTPRequest) async -> HTTPResponse {
    guard let body = try? JSONDocument.parse(String(decoding: request.body, as: UTF8.self)),
      let event = body["event"]
    else {
      return HTTPResponse(
        status: 400, contentType: "text/plain", text: "expected {eventBusName, event}")
    }
    let bus = body["eventBusName"]?.stringValue ?? "default"
    let rules = self.rules
    Task { await rules.route(event, bus: bus) }
    return HTTPResponse(status: 202)
  }

  /// The Lambda Runtime API, for the environment the `Facestack-Environment` header names.
  private func runtimeAPI(_ request: HTTPRequest) async -> HTTPResponse {
    guard let environment = request.header("Facestack-Environment") else {
      return HTTPResponse(status: 400, contentType: "text/plain", text: "no environment")
    }
    let parts = request.rawPath.split(separator: "/").map(String.init)
    // ["2018-06-01", "runtime", "invocation", "next"] / [..., "invocation", ID, "response"]
    let duration = request.header("Facestack-Duration-Ms").flatMap(Double.init)
    switch (request.method, parts.dropFirst(2).first, parts.last) {
    case ("GET", "invocation", "next"):
      guard let next = await lambda.next(environmentID: environment) else {
        return HTTPResponse(status: 410, contentType: "text/plain", text: "environment retired")
      }
      return HTTPResponse(
        status: 200,
        headers: [
          ("Lambda-Runtime-Aws-Request-Id", next.requestID),
          ("Lambda-Runtime-Deadline-Ms", String(next.deadlineMilliseconds)),
          ("Lambda-Runtime-Invoked-Function-Arn", next.functionArn),
          (
            "Lambda-Runtime-Trace-Id",
            "Root=1-\(UUID().uuidString.prefix(8).lowercased());Sampled=0"
          ),
          ("Content-Type", "application/json"),
        ], body: next.payload)
    case ("POST", "invocation", "response") where parts.count == 5:
      await lambda.respond(
        environmentID: environment, requestID: parts[3], body: request.body,
        handlerMilliseconds: duration)
      return HTTPResponse(status: 202)
    case ("POST", "invocation", "error") where parts.count == 5:
      await lambda.fail(
        environmentID: environment, requestID: parts[3], body: request.body,
        handlerMilliseconds: duration)
      return HTTPResponse(status: 202)
    case ("POST", "init", "error"):
      await lambda.initFailed(environmentID: environment, body: request.body)
      return HTTPResponse(status: 202)
    default:
      return HTTPResponse(status: 404, contentType: "text/plain", text: "no runtime route")
    }
  }

  private func status(format: String?) async -> HTTPResponse {
    let summaries = await executions.summaries()
    var byStatus: [String: Int] = [:]
    for summary in summaries { byStatus[summary.status, default: 0] += 1 }
    let status = RuntimeStatus(
      eventsRouted: await rules.routed, executions: byStatus,
      invocations: await lambda.snapshot(), warnings: await events.allWarnings)
    if format == "text" {
      return HTTPResponse(status: 200, contentType: "text/plain; charset=utf-8", text: status.text)
    }
    return Self.encoded(status)
  }

  static func query(_ request: HTTPRequest, _ name: String) -> String? {
    for pair in request.rawQuery.split(separator: "&") {
      let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
      if parts.first == name {
        return (parts.count > 1 ? parts[1] : "").replacingOccurrences(of: "+", with: " ")
          .removingPercentEncoding
      }
    }
    return nil
  }

  static func json(_ object: [String: Any]) -> HTTPResponse {
    let data =
      (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    return HTTPResponse(
      status: 200, headers: [("Content-Type", "application/json")], body: Array(data))
  }

  static func encoded(_ value: some Encodable) -> HTTPResponse {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.dateEncodingStrategy = .custom { date, encoder in
      var container = encoder.singleValueContainer()
      try container.encode(RuntimeRecord.timestamp(date))
    }
    guard let data = try? encoder.encode(value) else {
      return HTTPResponse(status: 500, contentType: "text/plain", text: "cannot encode")
    }
    return HTTPResponse(
      status: 200, headers: [("Content-Type", "application/json")], body: Array(data))
  }
}

/// What `facestack local status` shows of the runtime.
public struct RuntimeStatus: Sendable, Codable {
  /// Events routed through the rules.
  public var eventsRouted: Int
  /// Executions by status.
  public var executions: [String: Int]
  /// Function invocations.
  public var invocations: InvocationCounts
  /// Warnings, once each.
  public var warnings: [String]

  /// The counts as `local status` prints them.
  public var text: String {
    let byStatus = executions.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
    let calls = invocations
    var lines = [
      "events routed  \(eventsRouted)",
      "executions     \(byStatus.isEmpty ? "none" : byStatus.joined(separator: ", "))",
      "invocations    \(calls.invocations) (\(calls.coldStarts) cold, \(calls.functionErrors) "
        + "function errors, \(calls.throttled) throttled, \(calls.queued) queued, "
        + "\(calls.asyncFailed) failed every attempt); \(calls.environments) environments warm",
    ]
    lines += warnings.map { "warning: \($0)" }
    return lines.joined(separator: "\n") + "\n"
  }
}
