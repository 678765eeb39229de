/// The rule an event matched, for the predefined variables of input templates
/// (`<aws.events.rule-arn>`, `<aws.events.rule-name>`, `<aws.events.event.ingestion-time>`).
public struct RuleContext: Sendable, Equatable {
  /// The rule's ARN: `arn:aws:events:us-east-1:123456789012:rule/name` (or
  /// `rule/bus-name/name` on a custom bus).
  public var ruleArn: String
  /// The rule's name.
  public var ruleName: String
  /// When EventBridge received the event, ISO 8601 (`2024-05-01T12:00:00Z`).
  public var ingestionTime: String

  /// A context for one delivery.
  public init(ruleArn: String, ruleName: String, ingestionTime: String) {
    self.ruleArn = ruleArn
    self.ruleName = ruleName
    self.ingestionTime = ingestionTime
  }
}
