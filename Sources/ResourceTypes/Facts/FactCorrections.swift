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
  /// Sets `isStateful`.
  public var isStateful: Bool?
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
      isStateful: true,
      reason:
        "KMS key: the AWS::KMS::Key reference says a change to KeySpec, KeyUsage, MultiRegion or "
        + "Origin makes the update fail (no replacement, so no key is deleted by accident); the "
        + "schema lists none of them; a key's loss makes its data unreadable"),
    FactCorrection(
      typeName: "AWS::Rekognition::Collection", isStateful: true,
      reason: "Rekognition collection: replacing it loses every indexed face; schemas have no "
        + "notion of state"),
    FactCorrection(
      typeName: "AWS::S3::Bucket", isStateful: true,
      reason: "S3 bucket: holds objects; a replacement cannot delete a non-empty bucket"),
    FactCorrection(
      typeName: "AWS::DynamoDB::Table",
      createOnlyPaths: ["/properties/KeySchema"],
      isStateful: true,
      reason: "DynamoDB table: the AWS::DynamoDB::Table reference says KeySchema changes "
        + "require replacement (the schema says conditionally); a table holds items"),
    FactCorrection(
      typeName: "AWS::Logs::LogGroup", isStateful: true,
      reason: "log group: replacement deletes the stored log events"),
    FactCorrection(
      typeName: "AWS::SQS::Queue", isStateful: true,
      reason: "SQS queue: replacement drops the messages in flight"),
  ]

  /// These facts with the matching corrections applied.
  public func corrected() -> ResourceFacts {
    var facts = self
    for correction in Self.corrections where correction.typeName == typeName {
      for path in correction.immutablePaths where !facts.immutablePaths.contains(path) {
        facts.immutablePaths.append(path)
      }
      for path in correction.createOnlyPaths where !facts.createOnlyPaths.contains(path) {
        facts.createOnlyPaths.append(path)
        facts.conditionalCreateOnlyPaths.removeAll { $0 == path }
      }
      if let isStateful = correction.isStateful { facts.isStateful = isStateful }
      facts.corrections.append(correction.reason)
    }
    return facts
  }
}
