import CloudFormation
import EventPatterns
import Foundation
import JSONPaths

/// EventBridge's rule delivery, locally: the only deliverer for the deployed rules (the
/// emulator's own delivery is off). Each event that reaches a bus — an S3 notification of the
/// emulator's buckets, `PutEvents` — is matched against every enabled rule of the bus as the
/// emulator holds them now, each target's input is rendered (input transformer, `Input`,
/// `InputPath`), and it is delivered under the permissions AWS would check:
///
/// - a state machine: `states:StartExecution` by the target's role (which EventBridge must be
///   trusted to assume, `aws:SourceArn` the rule);
/// - a function: asynchronous invoke, allowed by the function's resource policy for
///   `events.amazonaws.com` from the rule;
/// - a queue: `SendMessage`, allowed by the queue's policy for `events.amazonaws.com` from the
///   rule.
///
/// A delivery that fails is retried as the target's `RetryPolicy` says (only for transient
/// errors), then sent to its dead-letter queue when it has one.
actor RuleDelivery {
  let emulator: EmulatorAPI
  let executions: ExecutionService
  let lambda: LambdaService
  let authorizer: any RuntimeAuthorizer
  let events: RuntimeEvents
  let account: String

  private var patterns: [String: EventPattern] = [:]
  private(set) var routed = 0

  init(
    emulator: EmulatorAPI, executions: ExecutionService, lambda: LambdaService,
    authorizer: any RuntimeAuthorizer, events: RuntimeEvents, account: String
  ) {
    self.emulator = emulator
    self.executions = executions
    self.lambda = lambda
    self.authorizer = authorizer
    self.events = events
    self.account = account
  }

  /// A rule of a bus, and its targets, as the emulator holds them.
  struct DeployedRule: Sendable {
    var name: String
    var arn: String
    var pattern: String
    var targets: [JSONDocument]
  }

  /// Routes one event of `bus`.
  func route(_ event: JSONDocument, bus: String) async {
    routed += 1
    let eventID = event["id"]?.stringValue ?? UUID().uuidString.lowercased()
    let detail = event["detail"]
    await events.record(
      .eventReceived(
        eventID: eventID, bus: bus, source: event["source"]?.stringValue ?? "",
        detailType: event["detail-type"]?.stringValue ?? "",
        bucket: detail?["bucket"]?["name"]?.stringValue,
        key: detail?["object"]?["key"]?.stringValue,
        versionID: detail?["object"]?["version-id"]?.stringValue))
    let rules: [DeployedRule]
    do {
      rules = try await deployedRules(bus: bus)
    } catch {
      await events.record(.warning("cannot read the rules of bus \(bus): \(error)"))
      return
    }
    for rule in rules {
      let pattern: EventPattern
      do {
        pattern = try compiled(rule.pattern)
      } catch {
        await events.record(
          .ruleNotMatched(
            eventID: eventID, rule: rule.arn, reason: "its pattern is invalid: \(error)"))
        continue
      }
      if let mismatch = pattern.explain(event) {
        await events.record(
          .ruleNotMatched(eventID: eventID, rule: rule.arn, reason: mismatch.description))
        continue
      }
      await events.record(.ruleMatched(eventID: eventID, rule: rule.arn))
      for target in rule.targets {
        await deliver(event, eventID: eventID, rule: rule, target: target)
      }
    }
  }

  private func compiled(_ text: String) throws -> EventPattern {
    if let known = patterns[text] { return known }
    let pattern = try EventPattern.parse(text)
    patterns[text] = pattern
    return pattern
  }

  /// The enabled rules of `bus` with an event pattern, and their targets.
  func deployedRules(bus: String) async throws -> [DeployedRule] {
    var rules: [DeployedRule] = []
    var token: String?
    repeat {
      var body: [String: Any] = ["EventBusName": bus]
      if let token { body["NextToken"] = token }
      let page = try await emulator.json("events", target: "AWSEvents.ListRules", body: body)
      for rule in page["Rules"] as? [[String: Any]] ?? [] {
        guard rule["State"] as? String == "ENABLED", let pattern = rule["EventPattern"] as? String,
          let name = rule["Name"] as? String, let arn = rule["Arn"] as? String
        else { continue }
        let targets = try await emulator.json(
          "events", target: "AWSEvents.ListTargetsByRule",
          body: ["Rule": name, "EventBusName": bus])
        let documents = try (targets["Targets"] as? [[String: Any]] ?? []).map {
          try JSONDocument.parse(
            String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self))
        }
        rules.append(DeployedRule(name: name, arn: arn, pattern: pattern, targets: documents))
      }
      token = page["NextToken"] as? String
    } while token != nil
    return rules
  }

  // MARK: - Delivery

  private func deliver(
    _ event: JSONDocument, eventID: String, rule: DeployedRule, target: JSONDocument
  ) async {
    let targetArn = target["Arn"]?.stringValue ?? ""
    let input: String
    do {
      input = try TargetInput(target: target).render(
        event: event,
        rule: RuleContext(
          ruleArn: rule.arn, ruleName: rule.name,
          ingestionTime: event["time"]?.stringValue ?? RuntimeRecord.timestamp(Date())))
    } catch {
      await failed(
        event, eventID: eventID, rule: rule, target: target, reason: "\(error)", transient: false)
      return
    }
    let retry = target["RetryPolicy"]
    let attempts = 1 + (retry?["MaximumRetryAttempts"].flatMap { Int($0.numberText ?? "") } ?? 185)
    let maximumAge =
      retry?["MaximumEventAgeInSeconds"].flatMap { Double($0.numberText ?? "") } ?? 86_400
    let first = Date()
    var attempt = 0
    while true {
      attempt += 1
      switch await deliverOnce(input, eventID: eventID, rule: rule, target: target) {
      case .delivered(let result):
        await events.record(
          .delivered(eventID: eventID, rule: rule.arn, target: targetArn, result: result))
        return
      case .failed(let reason, let transient):
        let tooOld = Date().timeIntervalSince(first) > maximumAge
        guard transient, attempt < attempts, !tooOld else {
          await failed(
            event, eventID: eventID, rule: rule, target: target, reason: reason,
            transient: transient)
          return
        }
        // EventBridge backs off exponentially with jitter; locally, from one second.
        let delay = min(60.0, pow(2.0, Double(attempt - 1))) * Double.random(in: 0.5...1)
        try? await Task.sleep(nanoseconds: UInt64(delay * 1e9))
      }
    }
  }

  private enum Outcome {
    case delivered(String)
    case failed(String, transient: Bool)
  }

  private func deliverOnce(
    _ input: String, eventID: String, rule: DeployedRule, target: JSONDocument
  ) async -> Outcome {
    let arn = target["Arn"]?.stringValue ?? ""
    let parts = arn.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    let service = parts.count > 2 ? parts[2] : ""
    switch service {
    case "states":
      guard let role = target["RoleArn"]?.stringValue else {
        return .failed("a state machine target needs a role", transient: false)
      }
      let trust = await authorizer.mayAssume(
        role: role, service: "events.amazonaws.com", sourceArn: rule.arn, sourceAccount: account)
      guard trust.allowed else { return .failed(trust.explanation, transient: false) }
      let decision = await authorizer.authorize(
        principal: role, action: "states:StartExecution", resource: arn, sourceArn: nil,
        sourceAccount: nil)
      guard decision.allowed else { return .failed(decision.explanation, transient: false) }
      do {
        let started = try await executions.start(
          stateMachineArn: arn, name: nil, input: input, source: "rule \(rule.arn) event \(eventID)"
        )
        return .delivered(started.arn)
      } catch let error as StepFunctionsError {
        return .failed(error.description, transient: false)
      } catch {
        return .failed("\(error)", transient: true)
      }
    case "lambda":
      let decision = await authorizer.authorize(
        principal: "events.amazonaws.com", action: "lambda:InvokeFunction", resource: arn,
        sourceArn: rule.arn, sourceAccount: account)
      guard decision.allowed else { return .failed(decision.explanation, transient: false) }
      do {
        let requestID = try await lambda.invokeAsync(
          function: arn, payload: Array(input.utf8), source: "rule \(rule.arn) event \(eventID)")
        return .delivered(requestID)
      } catch let error as LambdaServiceError {
        return .failed(error.description, transient: error.awsError.status >= 500)
      } catch {
        return .failed("\(error)", transient: true)
      }
    case "sqs":
      return await sendToQueue(
        arn, body: input, sourceArn: rule.arn,
        group: target["SqsParameters"]?["MessageGroupId"]?.stringValue)
    default:
      return .failed(
        "targets of \(service.isEmpty ? arn : service) are not delivered locally", transient: false)
    }
  }

  /// `SendMessage` to the queue `arn` as EventBridge, allowed by the queue's policy.
  private func sendToQueue(_ arn: String, body: String, sourceArn: String, group: String?) async
    -> Outcome
  {
    let decision = await authorizer.authorize(
      principal: "events.amazonaws.com", action: "sqs:SendMessage", resource: arn,
      sourceArn: sourceArn, sourceAccount: account)
    guard decision.allowed else { return .failed(decision.explanation, transient: false) }
    guard let name = arn.split(separator: ":").last else {
      return .failed("not a queue ARN: \(arn)", transient: false)
    }
    do {
      let url = try await emulator.json(
        "sqs", target: "AmazonSQS.GetQueueUrl", body: ["QueueName": String(name)], version: "1.0")
      var message: [String: Any] = ["QueueUrl": url["QueueUrl"] ?? "", "MessageBody": body]
      if let group { message["MessageGroupId"] = group }
      let sent = try await emulator.json(
        "sqs", target: "AmazonSQS.SendMessage", body: message, version: "1.0")
      return .delivered(sent["MessageId"] as? String ?? "")
    } catch let error as EmulatorError {
      return .failed(error.description, transient: (error.status ?? 500) >= 500)
    } catch {
      return .failed("\(error)", transient: true)
    }
  }

  private func failed(
    _ event: JSONDocument, eventID: String, rule: DeployedRule, target: JSONDocument,
    reason: String, transient: Bool
  ) async {
    let targetArn = target["Arn"]?.stringValue ?? ""
    let deadLetter = target["DeadLetterConfig"]?["Arn"]?.stringValue
    await events.record(
      .deliveryFailed(
        eventID: eventID, rule: rule.arn, target: targetArn, reason: reason, deadLetter: deadLetter)
    )
    guard let deadLetter else { return }
    // The event itself goes to the dead-letter queue, as EventBridge sends it, with the error
    // in message attributes (here: the message's own text stays the event).
    let outcome = await sendToQueue(
      deadLetter, body: event.compactText, sourceArn: rule.arn, group: nil)
    if case .failed(let why, _) = outcome {
      await events.record(
        .warning("the dead-letter queue \(deadLetter) of \(rule.arn) refused the event: \(why)"))
    }
  }
}

extension JSONDocument {
  /// A number's text, when this is a number.
  var numberText: String? {
    if case .number(let text) = self { return text }
    return nil
  }
}
