import CloudFormation
import Constructs

/// The event-driven core: the images bucket, the results table, the face collection, the
/// detect, store and enroll functions, the state machine and its rules: `enroll/` uploads
/// always, `input/` uploads unless the environment routes them to the fleet.
///
/// Its constructs sit directly under the stack, so their logical IDs stay short (`Images`,
/// `DetectRole`, `WorkflowLogs`).
public struct Pipeline {
  /// The customer-managed key of the table, the log groups, the queues, the alarm topic and the
  /// functions' environment variables, when the environment sets `customerManagedKey`.
  public let key: EncryptionKey?
  /// Uploads (`input/`, `enroll/`) and results (`processed/`).
  public let images: Bucket
  /// The images bucket's S3 server access logs (under `images/`), and nothing else.
  public let accessLogs: Bucket
  /// `FaceRecognitionResults`: one item per detected face.
  public let results: Table
  /// The enrolled faces.
  public let faces: FaceCollection
  /// Events and invocations that could not be delivered.
  public let deadLetters: Queue
  /// Detects and identifies faces.
  public let detect: Function
  /// Stores results.
  public let store: Function
  /// Enrolls faces.
  public let enroll: Function
  /// Detect, then store.
  public let stateMachine: StateMachine
  /// `input/` uploads start the state machine; `nil` when `routing` is `fleet`.
  public let inputRule: Rule?
  /// `enroll/` uploads invoke enroll.
  public let enrollRule: Rule

  /// The index of a person's sightings by time.
  public static let sightingsIndex = "person-timestamp-index"
  /// The index of enrollments, rejections and failures by time.
  public static let listingIndex = "listing-timestamp-index"
  /// The index of every pipeline result by the time it was stored, partitioned by the minute
  /// (`processed_minute`, written by store and the fleet): the live view reads one minute's
  /// partition at a time, newest first, so its reads are bounded Queries that spread over
  /// partitions as time passes, never a Scan or one hot partition.
  public static let processedTimeIndex = "processed-time-index"
  /// The prefix of uploaded images.
  public static let inputPrefix = "input/"
  /// The prefix of bulk uploads, which routing `split` sends to the fleet.
  public static let batchPrefix = "batch/"
  /// The prefix of enrollment images (`enroll/<ExternalImageId>/<file>`).
  public static let enrollPrefix = "enroll/"
  /// The prefix of enriched results.
  public static let processedPrefix = "processed/"
  /// The prefix of the images bucket's access logs in the access-log bucket.
  public static let accessLogsPrefix = "images/"
  /// The embedded-metric namespace the handlers publish to.
  public static let metricsNamespace = "Facestack/FaceRecognition"
  /// An S3 `Object Created` event as the execution input the handlers take (handlers/README.md,
  /// "State machine contract"): the state machine's and the fleet's work queue's.
  public static let executionInput = InputTransformer(
    paths: [
      "bucket": "$.detail.bucket.name", "key": "$.detail.object.key",
      "version_id": "$.detail.object.version-id",
    ],
    template: #"{"bucket": <bucket>, "key": <key>, "version_id": <version_id>}"#)

  /// The pipeline for `environment`.
  public init(_ stack: Construct, environment: Environment) {
    let prefix = environment.namePrefix
    let handlers = FaceRecognitionStack.handlers

    let key =
      environment.customerManagedKey
      ? EncryptionKey(
        stack, "DataKey", alias: prefix,
        description:
          "\(prefix): the results table, log groups, queues, alarm topic and function environments")
      : nil
    self.key = key

    var bucketOptions = Bucket.Options(name: .string("\(prefix)-images-\(environment.account)"))
    bucketOptions.noncurrentVersionDays = 30
    images = Bucket(stack, "Images", options: bucketOptions)
    if environment.processedRetentionDays > 0 {
      images.expire(prefix: Self.processedPrefix, afterDays: environment.processedRetentionDays)
    }
    // Who read or wrote which image, kept as long as the logs (S3 server access logging; log
    // delivery supports SSE-S3 only, so this bucket keeps the S3-managed key).
    var logOptions = Bucket.Options(
      name: .string("\(prefix)-access-logs-\(environment.account)"))
    logOptions.eventBridge = false
    logOptions.noncurrentVersionDays = 1
    accessLogs = Bucket(stack, "AccessLogs", options: logOptions)
    accessLogs.expire(prefix: Self.accessLogsPrefix, afterDays: environment.logRetentionDays)
    images.logAccess(to: accessLogs, prefix: Self.accessLogsPrefix)
    accessLogs.acknowledge(
      .checkov("CKV_AWS_18"),
      reason:
        "the access-log bucket itself: logging its accesses would need another log bucket, and its only writer is S3's log delivery"
    )

    var tableOptions = Table.Options(
      name: .string("\(prefix)-FaceRecognitionResults"), partitionKey: .init("image_id", .string),
      sortKey: .init("record_id", .string))
    tableOptions.deletionProtection = environment.protectData
    tableOptions.timeToLiveAttribute = "expires_at"
    results = Table(stack, "Results", options: tableOptions, key: key)
    results.addIndex(
      Self.sightingsIndex, partitionKey: .init("person_id", .string),
      sortKey: .init("timestamp", .string))
    results.addIndex(
      Self.listingIndex, partitionKey: .init("listing", .string),
      sortKey: .init("timestamp", .string))
    results.addIndex(
      Self.processedTimeIndex, partitionKey: .init("processed_minute", .string),
      sortKey: .init("processed_at", .string))

    faces = FaceCollection(stack, "Faces", collectionId: "\(prefix)-faces")
    deadLetters = Queue(stack, "DeadLetters", name: .string("\(prefix)-dead-letters"), key: key)

    func asset(_ name: String) -> Asset {
      Asset(
        name: name,
        sources: [
          .init(from: "\(handlers)/\(name)", to: ""),
          .init(from: "\(handlers)/facecommon", to: "facecommon"),
        ],
        requirements: "\(handlers)/\(name)/requirements.txt")
    }
    func sizing(_ name: String) -> Environment.FunctionSizing {
      environment.functions[name]
        ?? Environment.FunctionSizing(memorySize: 256, timeout: 30, reservedConcurrency: nil)
    }
    let common: OrderedMap<Value> = ["LOG_LEVEL": "INFO", "PIPELINE_NAME": .string(prefix)]
    func options(_ name: String, environment variables: OrderedMap<Value>) -> Function.Options {
      var options = Function.Options(
        name: "\(prefix)-\(name)", asset: asset(name), sizing: sizing(name),
        environment: variables, logRetentionDays: environment.logRetentionDays)
      options.key = key
      return options
    }
    let maxImageBytes: Value = "15728640"

    var detectEnvironment = common
    detectEnvironment["COLLECTION_ID"] = .string(faces.collectionId)
    detectEnvironment["FACE_MATCH_THRESHOLD"] = .string(
      String(environment.recognition.faceMatchThreshold))
    detectEnvironment["MAX_FACES"] = .string(String(environment.recognition.maxFaces))
    detectEnvironment["CROP_MARGIN"] = "0.25"
    detectEnvironment["MAX_IMAGE_BYTES"] = maxImageBytes
    detect = Function(stack, "Detect", options: options("detect", environment: detectEnvironment))

    var storeEnvironment = common
    storeEnvironment["TABLE_NAME"] = results.name
    storeEnvironment["OUTPUT_BUCKET"] = images.name
    storeEnvironment["OUTPUT_PREFIX"] = .string(Self.processedPrefix)
    storeEnvironment["RESULT_TTL_DAYS"] = "0"
    store = Function(stack, "Store", options: options("store", environment: storeEnvironment))

    var enrollEnvironment = common
    enrollEnvironment["COLLECTION_ID"] = .string(faces.collectionId)
    enrollEnvironment["TABLE_NAME"] = results.name
    enrollEnvironment["MAX_IMAGE_BYTES"] = maxImageBytes
    var enrollOptions = options("enroll", environment: enrollEnvironment)
    enrollOptions.onFailure = deadLetters
    enroll = Function(stack, "Enroll", options: enrollOptions)

    // Least privilege, call by call (facestack iam review checks these against the handlers).
    images.grant([.getObject, .getObjectVersion], prefix: Self.inputPrefix, to: detect.role)
    detect.role.allow(["rekognition:DetectFaces"], on: [.any])  // supports no resource scoping
    faces.grant([.searchFacesByImage], to: detect.role)

    results.grant([.query, .batchWriteItem], to: store.role)
    images.grant([.putObject], prefix: Self.processedPrefix, to: store.role)

    images.grant([.getObject, .getObjectVersion], prefix: Self.enrollPrefix, to: enroll.role)
    results.grant([.getItem, .putItem], to: enroll.role)
    faces.grant([.indexFaces, .deleteFaces], to: enroll.role)

    stateMachine = StateMachine(
      stack, "Workflow", name: "\(prefix)-pipeline",
      definition: Self.definition(detect: detect, store: store),
      functions: [detect, store], logRetentionDays: environment.logRetentionDays, key: key)

    // The fleet's rule takes the other routed prefix (RecognitionFleet): the two never overlap.
    if let prefix = environment.routing.lambdaPrefix {
      let rule = Rule(
        stack, "InputUploads", pattern: .objectCreated(in: images, prefix: prefix),
        description: "\(prefix) uploads start the face recognition workflow",
        deadLetters: deadLetters)
      rule.target(stateMachine, input: Self.executionInput)
      inputRule = rule
    } else {
      inputRule = nil
    }

    enrollRule = Rule(
      stack, "EnrollUploads", pattern: .objectCreated(in: images, prefix: Self.enrollPrefix),
      description: "enroll/ uploads add a face to the collection", deadLetters: deadLetters)
    enrollRule.target(enroll)
    acknowledgeScannerChoices()
  }

  /// The checkov findings that are choices, each with its reason (README.md, "Security
  /// scanners", lists them from the templates).
  func acknowledgeScannerChoices() {
    for function in [detect, store, enroll] {
      function.acknowledge(
        .checkov("CKV_AWS_117"),
        reason:
          "calls only public AWS APIs (S3, Rekognition, DynamoDB) and reaches nothing inside a VPC; a VPC would add NAT or interface endpoints and cold-start cost for no isolation"
      )
    }
    for function in [detect, store] {
      function.acknowledge(
        .checkov("CKV_AWS_116"),
        reason:
          "invoked synchronously by the state machine, which retries and records every failure (Catch to RecordFailure); a dead-letter queue applies to asynchronous invocations only"
      )
    }
    enroll.acknowledge(
      .checkov("CKV_AWS_116"),
      reason:
        "asynchronous failures go to the DeadLetters queue through an on-failure destination (EnrollAsyncConfig), which replaces a dead-letter queue and which checkov does not read"
    )
    guard key == nil else { return }
    let reason =
      "AWS managed encryption in this environment (customerManagedKey: false, no confidential data); environments with customerManagedKey: true use the stack's customer-managed key"
    results.acknowledge(.checkov("CKV_AWS_119"), reason: reason)
    deadLetters.acknowledge(.checkov("CKV_AWS_27"), reason: "SQS-managed encryption: " + reason)
    for function in [detect, store, enroll] {
      function.acknowledge(.checkov("CKV_AWS_173"), reason: reason)
      function.logGroup.acknowledge(.checkov("CKV_AWS_158"), reason: reason)
    }
    stateMachine.logGroup.acknowledge(.checkov("CKV_AWS_158"), reason: reason)
  }

  /// Detect, then store; rejections and failures are stored too, so they can be queried.
  static func definition(detect: Function, store: Function) -> StateMachineDefinition {
    let lambdaErrors = [
      "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException",
    ]
    // A burst beyond the functions' reserved concurrency is throttled, not broken: it waits its
    // turn (up to about two minutes) instead of failing after three quick tries. Measured on
    // the local cloud: 40 uploads at once with a reserved concurrency of 5 and the console's
    // default retrier (3 attempts in about 7 s) stored 30 of them as failures.
    let throttled = Retrier(
      errors: ["Lambda.TooManyRequestsException"], intervalSeconds: 1, maxAttempts: 10,
      maxDelaySeconds: 20)
    let storeRetry = [
      Retrier(
        errors: ["DynamoDBThrottled", "DynamoDBUnavailable", "S3Unavailable"], intervalSeconds: 1,
        maxAttempts: 6, maxDelaySeconds: 30),
      Retrier(errors: lambdaErrors, intervalSeconds: 1, maxAttempts: 3),
      throttled,
    ]
    return StateMachineDefinition(
      comment:
        "facestack face recognition: detect, then store (rejections and failures are stored too)",
      startAt: "Detect",
      states: [
        (
          "Detect",
          .task(
            TaskState(
              resource: detect.invokeTarget(payload: [
                "input.$": "$", "execution_id.$": "$$.Execution.Id",
              ]),
              next: "Rejected?",
              retry: [
                Retrier(
                  errors: ["RekognitionThrottled", "RekognitionUnavailable", "S3Unavailable"],
                  maxAttempts: 6, maxDelaySeconds: 60),
                Retrier(errors: lambdaErrors, intervalSeconds: 1, maxAttempts: 3),
                throttled,
              ],
              catch: [
                Catcher(errors: ["States.ALL"], resultPath: "$.failure", next: "RecordFailure")
              ]))
        ),
        (
          "Rejected?",
          .choice(
            ChoiceState(
              choices: [(.stringEquals("$.status", "REJECTED"), "RecordRejection")],
              defaultNext: "Store"))
        ),
        ("Store", .task(TaskState(resource: store.invokeTarget(), retry: storeRetry))),
        ("RecordRejection", .task(TaskState(resource: store.invokeTarget(), retry: storeRetry))),
        (
          "RecordFailure",
          .task(
            TaskState(
              resource: store.invokeTarget(payload: [
                "input.$": "$", "execution_id.$": "$$.Execution.Id",
              ]),
              next: "Failed", retry: storeRetry,
              catch: [
                Catcher(errors: ["States.ALL"], resultPath: "$.record_failure", next: "Failed")
              ]))
        ),
        (
          "Failed",
          .fail(
            FailState(
              error: "ImageProcessingFailed",
              cause: "detect failed; the failure is recorded in the results table"))
        ),
      ])
  }
}
