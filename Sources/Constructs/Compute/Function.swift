import CloudFormation
import IAM
import ResourceTypes

/// A Python Lambda function with the defaults a production function needs: python3.12 on
/// arm64, its own log group with retention, JSON logs, X-Ray tracing, a role that may write only
/// its own logs, and code from a packaged asset in the assets bucket.
///
/// ```swift
/// let detect = Function(stack, "Detect", options: .init(
///   name: "\(prefix)-detect", asset: detectAsset, sizing: env.functions["detect"]!,
///   environment: ["COLLECTION_ID": .string(faces.collectionId)]))
/// ```
public final class Function: Construct {
  /// What can be changed.
  public struct Options {
    /// The function's name.
    public var name: String
    /// The handler, `module.function`.
    public var handler = "app.handler"
    /// The code.
    public var asset: Asset
    /// Memory, timeout and reserved concurrency.
    public var sizing: Environment.FunctionSizing
    /// Environment variables.
    public var environment: OrderedMap<Value>
    /// Days its logs are kept.
    public var logRetentionDays: Int
    /// X-Ray active tracing.
    public var tracing = true
    /// Where asynchronous invocations that fail every retry go.
    public var onFailure: Queue?
    /// Retries of asynchronous invocations, 0 to 2.
    public var asyncRetries = 2
    /// The customer-managed key encrypting the environment variables and the log group (the
    /// role may decrypt with it); `nil` keeps Lambda's and CloudWatch Logs' AWS managed keys.
    public var key: EncryptionKey?

    /// Options for a function.
    public init(
      name: String, asset: Asset, sizing: Environment.FunctionSizing,
      environment: OrderedMap<Value>,
      logRetentionDays: Int
    ) {
      self.name = name
      self.asset = asset
      self.sizing = sizing
      self.environment = environment
      self.logRetentionDays = logRetentionDays
    }
  }

  /// The `AWS::Lambda::Function` resource.
  public let resource: CfnResource
  /// The function's role.
  public var role: Role { child("Role") }
  /// The function's log group.
  public var logGroup: LogGroup { child("Logs") }
  /// The options it was built with.
  public let options: Options

  /// A function.
  public init(
    _ scope: Construct, _ id: String, options: Options, file: String = #fileID, line: Int = #line
  ) {
    self.options = options
    let path = Construct.path(of: id, in: scope)
    let roleID = LogicalID.make(path: path + ["Role"])
    let logsID = LogicalID.make(path: path + ["Logs"])
    var function = LambdaFunction(
      architectures: ["arm64"],
      code: .literal(LambdaFunction.Code()),
      environment: .literal(
        LambdaFunction.Environment(
          variables: .literal(
            Dictionary(
              uniqueKeysWithValues: options.environment.map { ($0.key, Field.literal($0.value)) })))
      ),
      functionName: .literal(options.name),
      handler: .literal(options.handler),
      loggingConfig: .literal(
        LambdaFunction.LoggingConfig(logFormat: "JSON", logGroup: .ref(logsID))),
      memorySize: .literal(options.sizing.memorySize),
      role: .getAtt(roleID, "Arn"),
      runtime: "python3.12",
      timeout: .literal(options.sizing.timeout))
    function.reservedConcurrentExecutions = options.sizing.reservedConcurrency.map { .literal($0) }
    function.kmsKeyArn = options.key.map { .from($0.arn.value) }
    if options.tracing {
      function.tracingConfig = .literal(LambdaFunction.TracingConfig(mode: "Active"))
    }
    resource = CfnResource(detached: LogicalID.defaultChild, function, file: file, line: line)
    super.init(scope, id, file: file, line: line)
    adopt(resource)
    resource.finisher = self
    let logGroup = LogGroup(
      self, "Logs", name: .string("/aws/lambda/\(options.name)"),
      retentionDays: options.logRetentionDays, key: options.key, file: file, line: line)
    let role = Role(
      self, "Role", assumedBy: "lambda.amazonaws.com",
      description: "execution role of \(options.name)", file: file, line: line)
    options.key?.grant(.decrypt, to: role, file: file, line: line)
    role.allow(
      ["logs:CreateLogStream", "logs:PutLogEvents"], on: [logGroup.streamsARN], file: file,
      line: line)
    if options.tracing {
      role.allow(
        ["xray:PutTelemetryRecords", "xray:PutTraceSegments"], on: [.any], file: file, line: line)
    }
    if let queue = options.onFailure {
      queue.grantSend(to: role, file: file, line: line)
      _ = CfnResource(
        self, "AsyncConfig",
        LambdaEventInvokeConfig(
          destinationConfig: .literal(
            LambdaEventInvokeConfig.DestinationConfig(
              onFailure: .literal(
                LambdaEventInvokeConfig.OnFailure(destination: .from(queue.arn.value))))),
          functionName: .from(resource.ref), maximumEventAgeInSeconds: 3_600,
          maximumRetryAttempts: .literal(options.asyncRetries), qualifier: "$LATEST"),
        file: file, line: line)
    }
  }

  override var assets: [Asset] { [options.asset] }
  public override var codeRunner: (Construct & CodeRunner)? { self }

  /// The function's ARN.
  public var arn: ARN { ARN(resource.getAtt("Arn"), resourceType: LambdaFunction.typeName) }
  /// The function's name (`Ref`).
  public var name: Value { resource.ref }

  /// Sets an environment variable.
  public func setEnvironment(_ name: String, _ value: Value) {
    resource.update(LambdaFunction.self) {
      var variables = $0.environment?.literal?.variables?.literal ?? [:]
      variables[name] = .literal(value)
      $0.environment = .literal(LambdaFunction.Environment(variables: .literal(variables)))
    }
  }

  /// The environment variables set on the function.
  public var environmentVariables: [String: Value] {
    guard let function = resource.properties as? LambdaFunction else { return [:] }
    return (function.environment?.literal?.variables?.literal ?? [:]).mapValues { $0.lowered() }
  }

  /// Grants invoking the function.
  public func grantInvoke(to role: Role, file: String = #fileID, line: Int = #line) {
    role.allow(["lambda:InvokeFunction"], on: [arn], file: file, line: line)
  }
}

extension Function: ResourceFinishing {
  func finish(_ properties: any ResourceProperties, context: LoweringContext)
    -> any ResourceProperties
  {
    guard let packaged = context.packaged[options.asset.name] else { return properties }
    return amend(properties, as: LambdaFunction.self) {
      $0.code = .literal(
        LambdaFunction.Code(
          s3Bucket: .from(context.assetsBucket), s3Key: .literal(packaged.key)))
    }
  }
}

/// A construct that runs packaged code under a role: a function, or a launch template's
/// instances. `facestack iam review` scans the code's boto3 calls against the role.
public protocol CodeRunner: AnyObject {
  /// The code.
  var codeAsset: Asset? { get }
  /// The role the code runs as.
  var executionRole: Role { get }
}

extension Function: CodeRunner {
  public var codeAsset: Asset? { options.asset }
  public var executionRole: Role { role }
}
