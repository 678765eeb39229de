import CloudFormation
import Constructs

/// The face-recognition pipeline: S3 uploads under `input/` start a Step Functions state machine
/// that runs detect (Rekognition `DetectFaces` + `SearchFacesByImage`) and store (DynamoDB +
/// enriched JSON under `processed/`); `enroll/` uploads add faces to the collection; an EC2 fleet
/// behind a work queue and an internal load balancer serves high-throughput recognition (which
/// uploads go to it is the environment's `routing`); CloudWatch watches it; Glue and Athena
/// query the results.
///
/// ```swift
/// let stack = FaceRecognitionStack.build(environment: try EnvironmentLoader.load(file: "stacks/environments/dev.yaml"))
/// let result = try Synthesizer(packager: packager).synthesize(stack)
/// ```
public enum FaceRecognitionStack {
  /// The stack's name, without the environment's prefix.
  public static let name = "FaceRecognition"
  /// The handlers' folder, relative to the repository's root.
  public static let handlers = "stacks/FaceRecognition/handlers"

  /// The stack's outputs that facestack's own commands read (`local upload`, `local results`).
  public enum Outputs {
    public static let imagesBucket = "ImagesBucketName"
    public static let resultsTable = "ResultsTableName"
    public static let stateMachine = "StateMachineArn"
  }

  /// The stack for `environment`.
  public static func build(environment: Environment) -> Stack {
    let stack = Stack(name: name, environment: environment)
    stack.templateDescription =
      "facestack face recognition pipeline (\(environment.name)): S3 uploads, Step Functions, Rekognition, DynamoDB, EC2 fleet, CloudWatch, Athena"
    stack.add(aspect: Tagging(tags: environment.tags))
    stack.add(aspect: SecureDefaults())
    let pipeline = Pipeline(stack, environment: environment)
    let fleet = RecognitionFleet(stack, "Fleet", pipeline: pipeline, environment: environment)
    let observability = Observability(
      stack, "Monitoring", pipeline: pipeline, fleet: fleet, environment: environment)
    let analytics = Analytics(stack, "Analytics", pipeline: pipeline, environment: environment)

    stack.output(
      Outputs.imagesBucket, pipeline.images.name,
      description: "upload images under input/, enrollment images under enroll/<ExternalImageId>/")
    stack.output(
      Outputs.resultsTable, pipeline.results.name, description: "one item per detected face")
    stack.output(
      Outputs.stateMachine, pipeline.stateMachine.arn.value,
      description: "the detect and store workflow")
    stack.output(
      "FaceCollectionId", .string(pipeline.faces.collectionId),
      description: "the Rekognition collection of enrolled faces")
    stack.output(
      "DashboardName", observability.dashboardName,
      description: "the pipeline's CloudWatch dashboard")
    stack.output(
      "AthenaWorkGroup", analytics.workGroupName, description: "query processed/ with Athena")
    stack.output(
      "LoadBalancerDnsName", fleet.loadBalancer.dnsName,
      description: "POST http://<name>/recognize from inside the VPC")
    stack.output(
      "WorkQueueUrl", fleet.workQueue.url,
      description: "the fleet's work queue (\(environment.routing.fleetPrefix ?? "no") uploads)")
    return stack
  }
}
