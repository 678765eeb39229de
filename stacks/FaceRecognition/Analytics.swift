import CloudFormation
import Constructs

/// The Glue table over `processed/` and the Athena workgroup with named queries (stub until the
/// analytics constructs land).
public struct Analytics {
  /// The workgroup's name.
  public let workGroupName: Value

  /// Analytics over the pipeline's results.
  public init(_ stack: Stack, _ id: String, pipeline: Pipeline, environment: Environment) {
    workGroupName = .string("\(environment.namePrefix)-analytics")
  }
}
