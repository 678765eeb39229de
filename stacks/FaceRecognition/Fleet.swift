import CloudFormation
import Constructs

/// The high-throughput path: an Auto Scaling group of arm64 instances running the recognition
/// service (`handlers/service`), which does detect + store like the Lambda path. Work reaches it
/// two ways:
///
/// - a work queue (SQS, encrypted, dead letters after `queue.maxReceiveCount` receives) fed by
///   an EventBridge rule with the uploads the environment's `routing` sends to the fleet
///   (`fleet`: `input/`; `split`: `batch/`; `lambda`: none), consumed by each instance's queue
///   worker (`service/worker.py`);
/// - an internal Application Load Balancer (port 80) in front of the service's port 8080, for the
///   synchronous `POST /recognize` API and the live view (`GET /live`); the group registers its
///   instances in the target group, whose health check is `GET /healthz`.
///
/// Its constructs sit under `Fleet`, so their logical IDs start with it (`FleetNetworkVpc`,
/// `FleetWorkQueue`, `FleetLoadBalancer`, `FleetGroup`).
///
/// Network: clients in the VPC reach the load balancer on port 80, the load balancer reaches the
/// instances on 8080, and nothing else gets in; the instances go out on HTTPS only.
///
/// Permissions: exactly the service's and the worker's boto3 calls, scoped like the Lambda path's
/// (objects are read under the prefixes routed to the fleet and `input/`, results written under
/// `processed/`), consuming the work queue, completing the group's lifecycle action, and reading
/// its package from the assets bucket.
///
/// Scaling: target tracking on the work queue's visible messages per in-service instance at
/// `fleet.backlogPerInstance` (the documented metric-math policy for queue-driven groups), and
/// on average CPU at `fleet.targetCpuPercent` for the synchronous API's load. Auto Scaling takes
/// the larger capacity of the two and scales in only when both allow it. On scale-in a
/// termination lifecycle hook holds the instance until its worker has drained.
public struct RecognitionFleet {
  /// The VPC and subnets.
  public let network: Network
  /// The instances' security group.
  public let securityGroup: SecurityGroup
  /// The instances' profile and role.
  public let profile: InstanceProfile
  /// The launch template.
  public let launchTemplate: LaunchTemplate
  /// The Auto Scaling group.
  public let group: AutoScalingGroup
  /// The work queue the instances' workers consume.
  public let workQueue: Queue
  /// Messages the workers could not process after `queue.maxReceiveCount` receives.
  public let workDeadLetters: Queue
  /// The rule that sends routed uploads to the work queue; `nil` when `routing` is `lambda`.
  public let uploadsRule: Rule?
  /// The internal load balancer.
  public let loadBalancer: LoadBalancer
  /// The target group the group's instances register in.
  public let targets: TargetGroup

  /// The port the service listens on (manifest.json `functions.service.port`).
  public static let servicePort = 8080
  /// The service's health check path.
  public static let healthPath = "/healthz"
  /// The load balancer's port.
  public static let listenerPort = 80
  /// The group's termination hook, which each instance's worker completes after draining.
  public static let lifecycleHookName = "drain-workers"
  /// Seconds a draining worker lets images in flight finish (`QUEUE_DRAIN_SECONDS`).
  public static let drainSeconds = 25
  /// The worker's long-poll wait (`QUEUE_WAIT_SECONDS`).
  public static let queueWaitSeconds = 20
  /// How long the termination hook waits for the worker: seeing the lifecycle state (5 s), the
  /// long poll under way, the drain, and a margin.
  public static let hookTimeout = 120
  /// The service's package: its sources, the systemd unit and `facecommon`.
  public static let asset = Asset(
    name: "service",
    sources: [
      .init(from: "\(FaceRecognitionStack.handlers)/service", to: ""),
      .init(from: "\(FaceRecognitionStack.handlers)/facecommon", to: "facecommon"),
    ])
  /// `handlers/service/requirements.txt`, pinned: the asset packager leaves a source folder's
  /// `requirements.txt` out of the zip, so user data writes it before `pip install -r` (a test
  /// checks that the two agree).
  public static let requirements = [
    "annotated-doc==0.0.7",
    "annotated-types==0.7.0",
    "anyio==4.16.0",
    "boto3==1.43.11",
    "botocore==1.43.11",
    "click==8.4.0",
    "fastapi==0.165.0",
    "h11==0.16.0",
    "idna==3.20",
    "jmespath==1.1.0",
    "opentelemetry-api==1.45.2",
    "pillow==12.0.0",
    "pydantic==2.13.4",
    "pydantic-core==2.46.4",
    "python-dateutil==2.9.0.post0",
    "s3transfer==0.17.0",
    "six==1.17.0",
    "starlette==1.10.0",
    "typing-extensions==4.16.0",
    "typing-inspection==0.4.2",
    "urllib3==2.7.0",
    "uvicorn==0.54.0",
  ]

  /// The fleet for `environment`.
  public init(_ stack: Stack, _ id: String, pipeline: Pipeline, environment: Environment) {
    let prefix = environment.namePrefix
    let fleet = Construct(stack, id)
    network = Network(fleet, "Network", choice: environment.network)
    let clients =
      network.cidr
      ?? stack.parameter(
        "FleetClientCidr",
        Parameter(
          type: .string,
          description: "the CIDR block allowed to call the recognition service (the VPC's)",
          allowedPattern: #"^(\d{1,3}\.){3}\d{1,3}/\d{1,2}$"#,
          constraintDescription: "an IPv4 CIDR block"))
    securityGroup = SecurityGroup(
      fleet, "SecurityGroup", vpcId: network.vpcId,
      description:
        "\(prefix) recognition service: port \(Self.servicePort) from its load balancer only")
    loadBalancer = LoadBalancer(
      fleet, "LoadBalancer", vpcId: network.vpcId, subnetIds: network.subnetIds,
      clients: clients,
      description:
        "\(prefix) recognition load balancer: port \(Self.listenerPort) from the VPC, out to the service only"
    )
    targets = TargetGroup(
      fleet, "Targets", vpcId: network.vpcId, port: Self.servicePort,
      healthCheck: .init(path: Self.healthPath))
    let listener = loadBalancer.listen(port: Self.listenerPort, forwardTo: targets)
    loadBalancer.connect(to: securityGroup, port: Self.servicePort)
    loadBalancer.acknowledge(
      .checkov("CKV_AWS_91"),
      reason:
        "internal load balancer with one target group: the recognition service logs every request it is sent (method, path, status, duration) as a JSON line"
    )
    for check in ["CKV_AWS_2", "CKV_AWS_103"] {
      listener.acknowledge(
        .checkov(check),
        reason:
          "plain HTTP inside the VPC: the load balancer is internal and admits only the VPC's CIDR; HTTPS needs a certificate for a private domain the environment does not have"
      )
    }

    workDeadLetters = Queue(
      fleet, "WorkDeadLetters", name: .string("\(prefix)-work-dead-letters"), key: pipeline.key)
    workQueue = Queue(
      fleet, "WorkQueue", name: .string("\(prefix)-work"),
      visibilityTimeout: environment.queue.visibilityTimeout,
      deadLetters: .init(
        queue: workDeadLetters, maxReceiveCount: environment.queue.maxReceiveCount),
      key: pipeline.key)
    if pipeline.key == nil {
      for queue in [workQueue, workDeadLetters] {
        queue.acknowledge(
          .checkov("CKV_AWS_27"),
          reason:
            "SQS-managed encryption: AWS managed encryption in this environment (customerManagedKey: false, no confidential data); environments with customerManagedKey: true use the stack's customer-managed key"
        )
      }
    }
    // The Lambda path's rule takes the other routed prefix (Pipeline): the two never overlap.
    if let routed = environment.routing.fleetPrefix {
      let rule = Rule(
        fleet, "Uploads", pattern: .objectCreated(in: pipeline.images, prefix: routed),
        description: "\(routed) uploads go to the recognition fleet's work queue",
        deadLetters: pipeline.deadLetters)
      rule.target(workQueue, input: Pipeline.executionInput)
      uploadsRule = rule
    } else {
      uploadsRule = nil
    }

    profile = InstanceProfile(
      fleet, "Profile", description: "\(prefix) recognition service instances")
    let role = profile.role
    let groupName = "\(prefix)-recognition"
    // Exactly the service's and the worker's boto3 calls (manifest.json functions.service).
    pipeline.images.grant([.getObject, .getObjectVersion], prefix: Pipeline.inputPrefix, to: role)
    if environment.routing == .split {
      pipeline.images.grant(
        [.getObject, .getObjectVersion], prefix: Pipeline.batchPrefix, to: role)
    }
    role.allow(["rekognition:DetectFaces"], on: [.any])  // supports no resource scoping
    pipeline.faces.grant([.searchFacesByImage], to: role)
    pipeline.results.grant([.query, .batchWriteItem], to: role)
    // The live view (service/live.py): newest results by minute, from the index only.
    pipeline.results.grant([.query], index: Pipeline.processedTimeIndex, to: role)
    pipeline.images.grant([.putObject], prefix: Pipeline.processedPrefix, to: role)
    workQueue.grantConsume(to: role)

    let groupID = LogicalID.make(path: Construct.path(of: "Group", in: fleet))
    launchTemplate = LaunchTemplate(
      fleet, "LaunchTemplate",
      options: .init(
        name: "\(prefix)-recognition", instanceType: environment.fleet.instanceType,
        profile: profile, securityGroups: [securityGroup],
        userData: Self.userData(
          environment: Self.serviceEnvironment(
            pipeline: pipeline, queue: workQueue, groupName: groupName, environment: environment),
          signal: groupID),
        asset: Self.asset))

    var groupOptions = AutoScalingGroup.Options(
      launchTemplate: launchTemplate, subnetIds: network.subnetIds,
      minSize: environment.fleet.minSize, maxSize: environment.fleet.maxSize,
      desiredCapacity: environment.fleet.desiredCapacity)
    // Named, so that the instances' role and user data can name the group (a reference would be
    // a cycle: the group depends on the launch template, which depends on the role).
    groupOptions.name = groupName
    group = AutoScalingGroup(fleet, "Group", options: groupOptions)
    group.attach(targets)
    group.addTerminationHook(Self.lifecycleHookName, heartbeatTimeout: Self.hookTimeout)
    group.grantCompleteLifecycleAction(to: role)
    group.scaleOnBacklog(of: workQueue, perInstance: environment.fleet.backlogPerInstance)
    group.scaleOnCpu(targetPercent: environment.fleet.targetCpuPercent)
  }

  /// Every variable the service and its worker read (manifest.json
  /// `functions.service.environment`), and the SDK's region.
  static func serviceEnvironment(
    pipeline: Pipeline, queue: Queue, groupName: String, environment: Environment
  ) -> OrderedMap<Value> {
    [
      "AUTOSCALING_GROUP_NAME": .string(groupName),
      "AWS_DEFAULT_REGION": .ref(.region),
      "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://169.254.169.254",
      "AWS_REGION": .ref(.region),
      "COLLECTION_ID": .string(pipeline.faces.collectionId),
      "CROP_MARGIN": "0.25",
      "FACE_MATCH_THRESHOLD": .string(String(environment.recognition.faceMatchThreshold)),
      "LIFECYCLE_HOOK_NAME": .string(lifecycleHookName),
      "LOG_LEVEL": "INFO",
      "MAX_BATCH_SIZE": "25",
      "MAX_CONCURRENCY": "8",
      "MAX_FACES": .string(String(environment.recognition.maxFaces)),
      "MAX_IMAGE_BYTES": "15728640",
      "MAX_PENDING": "64",
      // Empty: EMF documents go to the journal; a CloudWatch agent with an EMF listener can
      // take them over (tcp://127.0.0.1:25888) once the fleet's metrics are needed.
      "METRICS_ENDPOINT": "",
      "OUTPUT_BUCKET": pipeline.images.name,
      "OUTPUT_PREFIX": .string(Pipeline.processedPrefix),
      "PIPELINE_NAME": .string(environment.namePrefix),
      "QUEUE_BATCH_SIZE": "10",
      "QUEUE_CONCURRENCY": .string(String(environment.fleet.workerConcurrency)),
      "QUEUE_DRAIN_SECONDS": .string(String(drainSeconds)),
      "QUEUE_URL": queue.url,
      "QUEUE_VISIBILITY_TIMEOUT": .string(String(environment.queue.visibilityTimeout)),
      "QUEUE_WAIT_SECONDS": .string(String(queueWaitSeconds)),
      "RESULT_TTL_DAYS": "0",
      "SERVICE_HOST": "0.0.0.0",
      "SERVICE_PORT": .string(String(servicePort)),
      "SERVICE_WORKERS": "0",
      "TABLE_NAME": pipeline.results.name,
    ]
  }

  /// The install of handlers/README.md ("The recognition service"), then a health check whose
  /// outcome is signalled to CloudFormation for the group `signal` (creation and rolling
  /// updates wait for it).
  static func userData(environment: OrderedMap<Value>, signal groupID: String)
    -> SubstitutionText
  {
    let install = "/opt/facestack/service"
    var script = SubstitutionText()
    script.append(
      substitution: """
        #!/bin/bash
        # facestack recognition service (stacks/FaceRecognition/handlers/README.md)
        set -euo pipefail
        trap '/opt/aws/bin/cfn-signal --exit-code $? --stack ${AWS::StackName} --resource \(groupID) --region ${AWS::Region}' EXIT
        dnf install -y python3.11 python3.11-pip unzip aws-cfn-bootstrap
        id -u facestack >/dev/null 2>&1 || useradd --system --home-dir /opt/facestack --shell /sbin/nologin facestack
        mkdir -p \(install) /etc/facestack
        aws s3 cp --only-show-errors s3://${\(Synthesizer.assetsBucketParameter)}/${\(LaunchTemplate.assetKeyVariable)} /tmp/service.zip
        unzip -o -q /tmp/service.zip -d \(install)
        cat > \(install)/requirements.txt <<'REQUIREMENTS'

        """)
    script.append(literal: requirements.joined(separator: "\n") + "\nREQUIREMENTS\n")
    script.append(
      substitution: """
        python3.11 -m venv \(install)/venv
        \(install)/venv/bin/pip install --no-cache-dir -r \(install)/requirements.txt
        cat > /etc/facestack/service.env <<'ENVIRONMENT'

        """)
    for (name, value) in environment {
      script.append(literal: "\(name)=")
      script.append(value)
      script.append(literal: "\n")
    }
    script.append(
      substitution: """
        ENVIRONMENT
        chmod 0640 /etc/facestack/service.env
        chgrp facestack /etc/facestack/service.env
        install -m 0644 \(install)/facestack-recognition.service /etc/systemd/system/
        install -m 0644 \(install)/facestack-worker.service /etc/systemd/system/
        systemctl daemon-reload
        systemctl enable --now facestack-recognition.service
        systemctl enable --now facestack-worker.service
        for attempt in $(seq 1 60); do
          if curl -fsS -o /dev/null http://127.0.0.1:\(servicePort)\(healthPath); then exit 0; fi
          sleep 5
        done
        exit 1

        """)
    return script
  }
}
