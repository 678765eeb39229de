import AWSClient
import CloudFormation
import FacestackCore
import Foundation

/// The JSON of the commands that operate a deployed stack (`status`, `outputs`, `events`,
/// `logs`; `drift` is ``Deploy/DriftRenderer``'s), in a stable shape documented in README.md
/// ("Operating"): keys in a fixed order and always present (null when unknown), timestamps in
/// ISO 8601 UTC with milliseconds, `schemaVersion` bumped on any incompatible change. `status`
/// and `outputs` print one document; `events` and `logs` print one object per line (JSON Lines),
/// so `--follow` streams.
public enum OperateJSON {
  /// The version of every shape here.
  public static let schemaVersion = 1

  /// `facestack status --format json`.
  public static func status(_ report: StackStatusReport) -> String {
    let stack = report.stack
    var stackMap = OrderedMap<Value>()
    stackMap["name"] = .string(stack.stackName)
    stackMap["id"] = .string(stack.stackID)
    stackMap["status"] = .string(stack.status.rawValue)
    stackMap["statusReason"] = optional(stack.statusReason)
    stackMap["createdAt"] = optional(stack.creationTime.map(timestamp))
    stackMap["lastUpdatedAt"] = optional(stack.lastUpdatedTime.map(timestamp))
    stackMap["terminationProtection"] = .bool(stack.terminationProtection)
    stackMap["resourceCount"] = .int(report.resourceCount)
    var root = OrderedMap<Value>()
    root["schemaVersion"] = .int(schemaVersion)
    root["environment"] = .string(report.environment)
    root["region"] = .string(report.region)
    root["local"] = .bool(report.localCloud != nil)
    root["stack"] = .map(stackMap)
    root["lastEvent"] = report.lastEvent.map(event) ?? .null
    root["drift"] =
      stack.driftInformation.map {
        ["status": .string($0.status.rawValue), "lastCheck": optional($0.lastCheck.map(timestamp))]
      } ?? .null
    root["outputs"] = outputsMap(stack.outputs)
    root["localCloud"] =
      report.localCloud.map { state in
        [
          "endpoint": .string(state.gatewayEndpoint.absoluteString),
          "region": .string(state.region), "account": .string(state.account),
          "startedAt": .string(state.startedAt), "emulatorPid": .int(Int(state.emulatorPid)),
          "serverPid": .int(Int(state.serverPid)),
        ]
      } ?? .null
    return document(.map(root))
  }

  /// `facestack outputs --format json`.
  public static func outputs(_ stack: Stack, environment: String) -> String {
    document(
      [
        "schemaVersion": .int(schemaVersion), "environment": .string(environment),
        "stack": .string(stack.stackName), "outputs": outputsMap(stack.outputs),
      ])
  }

  /// One line of `facestack events --format json`.
  public static func eventLine(_ stackEvent: StackEvent) -> String {
    TemplateWriter.compactJSON(event(stackEvent))
  }

  /// One line of `facestack logs --format json`.
  public static func logLine(_ logEvent: LogEvent, group: String) -> String {
    TemplateWriter.compactJSON(
      [
        "timestamp": .string(timestamp(logEvent.timestamp)), "logGroup": .string(group),
        "logStream": .string(logEvent.logStream), "eventId": .string(logEvent.eventID),
        "message": .string(logEvent.message.trimmingTrailingNewlines),
      ])
  }

  static func event(_ event: StackEvent) -> Value {
    [
      "timestamp": .string(timestamp(event.timestamp)), "status": .string(event.resourceStatus),
      "type": .string(event.resourceType), "logicalId": .string(event.logicalResourceID),
      "physicalId": optional(event.physicalResourceID),
      "reason": optional(
        event.resourceStatusReason),
      "failed": .bool(event.isFailure), "eventId": .string(event.eventID),
    ]
  }

  static func outputsMap(_ outputs: [StackOutput]) -> Value {
    .map(
      OrderedMap(
        outputs.sorted { $0.key < $1.key }.map { ($0.key, Value.string($0.value)) }))
  }

  static func optional(_ text: String?) -> Value { text.map(Value.string) ?? .null }

  static func document(_ value: Value) -> String {
    let text = TemplateWriter.json(value)
    return text.hasSuffix("\n") ? text : text + "\n"
  }

  /// `2026-12-05T08:01:02.123Z`.
  public static func timestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: date)
  }
}

extension String {
  var trimmingTrailingNewlines: String {
    var text = self
    while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
    return text
  }
}
