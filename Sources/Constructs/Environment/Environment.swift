/// One deployment environment (`dev`, `prod`): where it runs, how big it is, how it alarms.
///
/// Read from `stacks/environments/<name>.yaml` by ``EnvironmentLoader``; every field is checked
/// there, with the file and line of a bad value.
public struct Environment: Hashable, Sendable {
  /// The file's name without `.yaml`.
  public var name: String
  /// The 12-digit AWS account.
  public var account: String
  /// The AWS region.
  public var region: String
  /// The prefix of every physical name (`facestack-dev`): lowercase letters, digits, dashes.
  public var namePrefix: String
  /// The prefix with underscores for its dashes (`facestack_dev`), for names that take no dash
  /// (a Glue database's). Character by character: Foundation's `replacingOccurrences` scans
  /// every protocol conformance of the process on first use (issue 20).
  public var underscoredNamePrefix: String { String(namePrefix.map { $0 == "-" ? "_" : $0 }) }
  /// Tags on every taggable resource.
  public var tags: [String: String]
  /// Where alarm notifications are emailed.
  public var alarmEmail: String
  /// Days CloudWatch keeps logs.
  public var logRetentionDays: Int
  /// Protect data: table deletion protection, stack termination protection.
  public var protectData: Bool
  /// Recognition settings passed to the functions.
  public var recognition: Recognition
  /// Lambda sizing, by function name (`detect`, `store`, `enroll`).
  public var functions: [String: FunctionSizing]
  /// The EC2 recognition fleet.
  public var fleet: Fleet
  /// Which uploads the fleet's work queue receives; the others start the Lambda path.
  public var routing: Routing
  /// The fleet's work queue.
  public var queue: WorkQueue
  /// The network the fleet runs in.
  public var network: Network
  /// Alarm thresholds.
  public var alarms: Alarms
  /// Days enriched results are kept under `processed/` (0 keeps them forever).
  public var processedRetentionDays: Int
  /// How the environment runs on the local cloud (not part of the template).
  public var local: Local = Local()
  /// Encrypt the table, the log groups, the queues, the alarm topic and the functions'
  /// environment variables with a customer-managed KMS key the stack creates (rotated yearly,
  /// its policy naming each service that uses it), instead of AWS managed or owned keys.
  public var customerManagedKey = false

  /// The local cloud's settings of an environment (`local:` in its file).
  public struct Local: Hashable, Sendable {
    /// Local fleet instances per Auto Scaling group, each running the queue worker (0: the
    /// fleet does not run locally); `facestack local start --workers N` overrides it.
    public var workers: Int

    /// A value with every field.
    public init(workers: Int = 1) { self.workers = workers }
  }

  /// An environment with every field.
  public init(
    name: String,
    account: String,
    region: String,
    namePrefix: String,
    tags: [String: String],
    alarmEmail: String,
    logRetentionDays: Int,
    protectData: Bool,
    recognition: Recognition,
    functions: [String: FunctionSizing],
    fleet: Fleet,
    routing: Routing = .lambda,
    queue: WorkQueue = WorkQueue(visibilityTimeout: 180, maxReceiveCount: 5),
    network: Network,
    alarms: Alarms,
    processedRetentionDays: Int
  ) {
    self.name = name
    self.account = account
    self.region = region
    self.namePrefix = namePrefix
    self.tags = tags
    self.alarmEmail = alarmEmail
    self.logRetentionDays = logRetentionDays
    self.protectData = protectData
    self.recognition = recognition
    self.functions = functions
    self.fleet = fleet
    self.routing = routing
    self.queue = queue
    self.network = network
    self.alarms = alarms
    self.processedRetentionDays = processedRetentionDays
  }

  /// Rekognition settings.
  public struct Recognition: Hashable, Sendable {
    /// A value with every field.
    public init(faceMatchThreshold: Int, maxFaces: Int) {
      self.faceMatchThreshold = faceMatchThreshold
      self.maxFaces = maxFaces
    }

    /// `FaceMatchThreshold` of `SearchFacesByImage`, 0 to 100.
    public var faceMatchThreshold: Int
    /// Faces identified per image, 1 to 100.
    public var maxFaces: Int
  }

  /// One function's size.
  public struct FunctionSizing: Hashable, Sendable {
    /// A value with every field.
    public init(memorySize: Int, timeout: Int, reservedConcurrency: Int? = nil) {
      self.memorySize = memorySize
      self.timeout = timeout
      self.reservedConcurrency = reservedConcurrency
    }

    /// MB, 128 to 10,240.
    public var memorySize: Int
    /// Seconds, 1 to 900.
    public var timeout: Int
    /// Reserved concurrency; `nil` leaves the account's pool.
    public var reservedConcurrency: Int?
  }

  /// The Auto Scaling group's size, scaling targets and workers.
  public struct Fleet: Hashable, Sendable {
    /// A value with every field.
    public init(
      instanceType: String, minSize: Int, maxSize: Int, desiredCapacity: Int, targetCpuPercent: Int,
      backlogPerInstance: Int, workerConcurrency: Int = 8
    ) {
      self.instanceType = instanceType
      self.minSize = minSize
      self.maxSize = maxSize
      self.desiredCapacity = desiredCapacity
      self.targetCpuPercent = targetCpuPercent
      self.backlogPerInstance = backlogPerInstance
      self.workerConcurrency = workerConcurrency
    }

    /// An arm64 (Graviton) instance type such as `t4g.medium` or `c7g.large`.
    public var instanceType: String
    /// Minimum instances.
    public var minSize: Int
    /// Maximum instances.
    public var maxSize: Int
    /// Desired instances.
    public var desiredCapacity: Int
    /// Target average CPU, percent.
    public var targetCpuPercent: Int
    /// Target work-queue messages waiting per in-service instance (the backlog policy): the
    /// longest acceptable wait times the messages one instance settles per second.
    public var backlogPerInstance: Int
    /// Images each instance's queue worker processes at once (`QUEUE_CONCURRENCY`).
    public var workerConcurrency: Int
  }

  /// Which uploads go to the fleet's work queue. An object is never sent to both paths: the
  /// prefixes the two rules match are disjoint.
  public enum Routing: String, Hashable, Sendable, CaseIterable {
    /// `input/` starts the state machine; nothing feeds the queue (its workers idle).
    case lambda
    /// `input/` goes to the queue; nothing starts the state machine.
    case fleet
    /// `batch/` goes to the queue, `input/` starts the state machine.
    case split

    /// The prefix whose uploads start the state machine, if any.
    public var lambdaPrefix: String? { self == .fleet ? nil : "input/" }
    /// The prefix whose uploads go to the work queue, if any.
    public var fleetPrefix: String? {
      switch self {
      case .lambda: return nil
      case .fleet: return "input/"
      case .split: return "batch/"
      }
    }
  }

  /// The work queue's delivery settings.
  public struct WorkQueue: Hashable, Sendable {
    /// A value with every field.
    public init(visibilityTimeout: Int, maxReceiveCount: Int) {
      self.visibilityTimeout = visibilityTimeout
      self.maxReceiveCount = maxReceiveCount
    }

    /// Seconds a received message stays hidden; longer than the slowest image (the workers
    /// extend it while an image is processed, so it bounds how late a crashed worker's messages
    /// come back).
    public var visibilityTimeout: Int
    /// Receives before a message moves to the dead-letter queue.
    public var maxReceiveCount: Int
  }

  /// Either a VPC the stack creates, or existing subnets.
  public enum Network: Hashable, Sendable {
    /// A VPC with two public subnets.
    case create(cidr: String)
    /// Existing subnets in an existing VPC.
    case existing(vpcId: String, subnetIds: [String])
  }

  /// Alarm thresholds.
  public struct Alarms: Hashable, Sendable {
    /// A value with every field.
    public init(
      lambdaErrors: Int, lambdaThrottles: Int, stateMachineFailures: Int, fleetCpuPercent: Int,
      queueAgeSeconds: Int = 600
    ) {
      self.lambdaErrors = lambdaErrors
      self.lambdaThrottles = lambdaThrottles
      self.stateMachineFailures = stateMachineFailures
      self.fleetCpuPercent = fleetCpuPercent
      self.queueAgeSeconds = queueAgeSeconds
    }

    /// Function errors in 5 minutes.
    public var lambdaErrors: Int
    /// Function throttles in 5 minutes.
    public var lambdaThrottles: Int
    /// Failed, timed-out or aborted executions in 5 minutes.
    public var stateMachineFailures: Int
    /// Fleet CPU, percent, for 15 minutes.
    public var fleetCpuPercent: Int
    /// Age of the work queue's oldest message, seconds, for 5 minutes.
    public var queueAgeSeconds: Int
  }
}
