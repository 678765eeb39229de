/// Where the provider schemas are wrong or silent about facts a diff relies on.
///
/// Each correction names its source. Add one when AWS's documentation (the "Update requires"
/// line of a property, or the service's behaviour) disagrees with the schema; remove it when a
/// refreshed schema states the fact itself (the corrections test notices a correction that has
/// become a no-op).
public struct FactCorrection: Hashable, Sendable {
  /// The type it applies to.
  public var typeName: String
  /// Paths whose change makes the update fail.
  public var immutablePaths: [String] = []
  /// Paths moved to create-only (from conditionally create-only, or from nothing).
  public var createOnlyPaths: [String] = []
  /// The properties that give the resource its custom physical name, when the schema's primary
  /// identifier does not (it is read-only, such as a queue's URL); replaces the derived ones.
  public var customNamePaths: [String]?
  /// Why, with the source.
  public var reason: String
}

extension ResourceFacts {
  /// The table of corrections, applied by `ResourceFacts.for(type:)` and `Type.facts`.
  public static let corrections: [FactCorrection] = [
    FactCorrection(
      typeName: "AWS::KMS::Key",
      immutablePaths: [
        "/properties/KeySpec", "/properties/KeyUsage", "/properties/MultiRegion",
        "/properties/Origin",
      ],
      reason:
        "KMS key: the AWS::KMS::Key reference says a change to KeySpec, KeyUsage, MultiRegion or "
        + "Origin makes the update fail (no replacement, so no key is deleted by accident); the "
        + "schema lists none of them"),
    FactCorrection(
      typeName: "AWS::DynamoDB::Table",
      createOnlyPaths: ["/properties/KeySchema"],
      reason: "DynamoDB table: the AWS::DynamoDB::Table reference says KeySchema changes "
        + "require replacement (the schema says conditionally)"),
    customName("AWS::SQS::Queue", "QueueName", "queue names are unique per account and region"),
    customName("AWS::SNS::Topic", "TopicName", "topic names are unique per account and region"),
    customName(
      "AWS::EC2::SecurityGroup", "GroupName", "group names are unique in their VPC"),
    customName(
      "AWS::EC2::LaunchTemplate", "LaunchTemplateName",
      "launch template names are unique per account and region"),
    customName(
      "AWS::StepFunctions::StateMachine", "StateMachineName",
      "state machine names are unique per account and region"),
    customName("AWS::Events::Rule", "Name", "rule names are unique on their event bus"),
    customName(
      "AWS::IAM::ManagedPolicy", "ManagedPolicyName",
      "managed policy names are unique in the account"),
  ]

  /// A type whose physical name is a property other than its (read-only) primary identifier.
  private static func customName(_ type: String, _ property: String, _ why: String)
    -> FactCorrection
  {
    FactCorrection(
      typeName: type, customNamePaths: ["/properties/\(property)"],
      reason: "\(type): CloudFormation creates a replacement before it deletes the old resource, "
        + "so with \(property) set the two collide (\(why)); the schema's primary identifier is "
        + "read-only, so the name cannot be derived from it")
  }

  /// These facts with the matching corrections applied.
  public func corrected() -> ResourceFacts {
    var facts = self
    facts.isStateful = StatefulTypes.contains(typeName)
    for correction in Self.corrections where correction.typeName == typeName {
      for path in correction.immutablePaths where !facts.immutablePaths.contains(path) {
        facts.immutablePaths.append(path)
      }
      for path in correction.createOnlyPaths where !facts.createOnlyPaths.contains(path) {
        facts.createOnlyPaths.append(path)
        facts.conditionalCreateOnlyPaths.removeAll { $0 == path }
      }
      if let names = correction.customNamePaths { facts.customNamePaths = names }
      facts.corrections.append(correction.reason)
    }
    return facts
  }
}
