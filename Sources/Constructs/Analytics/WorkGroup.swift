import CloudFormation
import ResourceTypes

/// An Athena workgroup whose settings users cannot override: results encrypted (SSE-S3) under
/// one S3 location, a per-query scan limit, CloudWatch metrics, and the current engine. Deleting
/// the stack deletes its saved queries too (`RecursiveDeleteOption`).
///
/// ```swift
/// let workGroup = WorkGroup(stack, "WorkGroup", options: .init(
///   name: "facestack-dev-analytics", resultsLocation: .sub("s3://${Images}/athena-results/")))
/// ```
public final class WorkGroup: Construct {
  /// What can be changed.
  public struct Options {
    /// The workgroup's name.
    public var name: String
    /// Where query results go (`s3://bucket/prefix/`).
    public var resultsLocation: Value
    /// Queries scanning more are cancelled (10 GB by default).
    public var bytesScannedCutoffPerQuery = 10_000_000_000
    /// Users cannot override these settings per query.
    public var enforceConfiguration = true
    /// A description.
    public var description: String?

    /// Options for a workgroup.
    public init(name: String, resultsLocation: Value, description: String? = nil) {
      self.name = name
      self.resultsLocation = resultsLocation
      self.description = description
    }
  }

  /// The `AWS::Athena::WorkGroup` resource.
  public let resource: CfnResource
  /// The options it was built with.
  public let options: Options

  /// A workgroup.
  public init(
    _ scope: Construct, _ id: String, options: Options, file: String = #fileID, line: Int = #line
  ) {
    self.options = options
    resource = CfnResource(
      detached: LogicalID.defaultChild,
      AthenaWorkGroup(
        description: options.description.map { .literal($0) }, name: .literal(options.name),
        recursiveDeleteOption: true, state: .literal(.enabled),
        workGroupConfiguration: .literal(
          AthenaWorkGroup.WorkGroupConfiguration(
            bytesScannedCutoffPerQuery: .literal(options.bytesScannedCutoffPerQuery),
            enforceWorkGroupConfiguration: .literal(options.enforceConfiguration),
            engineVersion: .literal(
              AthenaWorkGroup.EngineVersion(selectedEngineVersion: "AUTO")),
            publishCloudWatchMetricsEnabled: true,
            resultConfiguration: .literal(
              AthenaWorkGroup.ResultConfiguration(
                encryptionConfiguration: .literal(
                  AthenaWorkGroup.EncryptionConfiguration(encryptionOption: .literal(.sseS3))),
                outputLocation: .from(options.resultsLocation)))))),
      file: file, line: line)
    super.init(scope, id, file: file, line: line)
    adopt(resource)
  }

  /// The workgroup's name.
  public var name: String { options.name }
  /// The workgroup's name as a reference (`Ref`), which orders dependants after it.
  public var reference: Value { resource.ref }
}
