import Foundation

/// One upload's whole story, from the runtime's records: the S3 event of the object, the rules
/// it matched and the ones it did not (with the field that failed), each delivery, the
/// executions it started and their states, every function invocation made for it (with its
/// duration and output), and the AWS calls those invocations made through the gateway — the
/// rows and objects they wrote — in time order.
struct Trace: Encodable {
  /// The object.
  var bucket: String?
  var key: String
  /// The records that belong to its story, oldest first.
  var timeline: [RuntimeRecord]

  init(records: [RuntimeRecord], bucket: String?, key: String) {
    self.bucket = bucket
    self.key = key
    var eventIDs: Set<String> = []
    for record in records {
      if case .eventReceived(let id, _, _, _, let objectBucket, let objectKey, _) = record.event,
        objectKey == key, bucket == nil || objectBucket == bucket
      {
        eventIDs.insert(id)
      }
    }
    var executions: Set<String> = []
    var requests: Set<String> = []
    for record in records {
      switch record.event {
      case .delivered(let id, _, _, let result) where eventIDs.contains(id):
        if result.contains(":execution:") {
          executions.insert(result)
        } else {
          requests.insert(result)
        }
      default: break
      }
    }
    // Invocations made by those executions, or delivered from those events.
    var environments: [(environment: String, from: Date, to: Date)] = []
    var started: [String: (environment: String, time: Date)] = [:]
    for record in records {
      switch record.event {
      case .invocationStarted(_, let requestID, let environment, _, let source):
        let fromExecution = executions.contains { source.contains($0 + " ") }
        let fromEvent = eventIDs.contains { source.hasSuffix("event \($0)") }
        if fromExecution || fromEvent || requests.contains(requestID) {
          requests.insert(requestID)
          started[requestID] = (environment, record.time)
        }
      case .invocationEnded(_, let requestID, let environment, _, _, _, _, _, _):
        if let start = started[requestID] {
          environments.append((environment, start.time, record.time))
        }
      default: break
      }
    }
    timeline = records.filter { record in
      switch record.event {
      case .eventReceived(let id, _, _, _, _, _, _), .ruleMatched(let id, _),
        .ruleNotMatched(let id, _, _), .delivered(let id, _, _, _),
        .deliveryFailed(let id, _, _, _, _):
        return eventIDs.contains(id)
      case .executionStarted(let arn, _, _, _), .stateEntered(let arn, _, _),
        .stateExited(let arn, _), .executionEnded(let arn, _, _, _):
        return executions.contains(arn)
      case .invocationStarted(_, let id, _, _, _), .invocationEnded(_, let id, _, _, _, _, _, _, _),
        .asyncFailure(_, let id, _, _, _, _):
        return requests.contains(id)
      case .awsCall(let principal, _, _, _, _):
        // A function's calls carry its environment's id in the role session's name.
        return environments.contains { window in
          principal.hasSuffix("-\(window.environment)") && record.time >= window.from
            && record.time <= window.to.addingTimeInterval(0.5)
        }
      default:
        return false
      }
    }
  }
}
