import CloudFormation
import Constructs

/// Alarms, the alarm topic and the dashboard (stub until the observability constructs land).
public struct Observability {
  /// The dashboard's name.
  public let dashboardName: Value

  /// Monitoring for the pipeline and the fleet.
  public init(
    _ stack: Stack, _ id: String, pipeline: Pipeline, fleet: RecognitionFleet,
    environment: Environment
  ) {
    dashboardName = .string("\(environment.namePrefix)-pipeline")
  }
}
