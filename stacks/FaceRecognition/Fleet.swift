import CloudFormation
import Constructs

/// The high-throughput path: an Auto Scaling group of arm64 instances running the recognition
/// HTTP service (stub until the fleet constructs land).
public struct RecognitionFleet {
  /// The fleet for `environment`.
  public init(_ stack: Stack, _ id: String, pipeline: Pipeline, environment: Environment) {}
}
