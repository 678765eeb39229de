import CloudFormation
import Constructs

/// The high-throughput path: an Auto Scaling group of arm64 instances running the recognition
/// HTTP service (`handlers/service`), which does detect + store like the Lambda path, for
/// callers that send sustained traffic (`POST /recognize` on port 8080, from inside the VPC).
///
/// Its constructs sit under `Fleet`, so their logical IDs start with it (`FleetNetworkVpc`,
/// `FleetLaunchTemplate`, `FleetGroup`).
///
/// Permissions: exactly the service's boto3 calls, scoped like the Lambda path's (objects are
/// read under `input/` only, results written under `processed/`), plus reading its package from
/// the assets bucket.
///
/// Scaling: target tracking on average CPU at `fleet.targetCpuPercent`, and on pipeline
/// executions started per in-service instance and minute at `fleet.executionsPerInstance`. CPU
/// lags for this service: most of a request waits on Rekognition, DynamoDB and S3, so instances
/// fill their admission queues (503 + `Retry-After`) well before their CPUs are busy. Executions
/// started measure the arrival rate of images upstream of the fleet and scale out as soon as
/// traffic rises; Auto Scaling takes the larger capacity of the two policies, and scales in only
/// when both allow it.
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

  /// The port the service listens on (manifest.json `functions.service.port`).
  public static let servicePort = 8080
  /// The service's health check path.
  public static let healthPath = "/healthz"
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
    securityGroup = SecurityGroup(
      fleet, "SecurityGroup", vpcId: network.vpcId,
      description: "\(prefix) recognition service: port \(Self.servicePort) from the VPC only")
    let clients =
      network.cidr
      ?? stack.parameter(
        "FleetClientCidr",
        Parameter(
          type: .string,
          description: "the CIDR block allowed to call the recognition service (the VPC's)",
          allowedPattern: #"^(\d{1,3}\.){3}\d{1,3}/\d{1,2}$"#,
          constraintDescription: "an IPv4 CIDR block"))
    securityGroup.allowIngress(
      port: Self.servicePort, from: clients, description: "recognition service from the VPC")

    profile = InstanceProfile(
      fleet, "Profile", description: "\(prefix) recognition service instances")
    let role = profile.role
    // Exactly the service's boto3 calls (manifest.json functions.service.aws_calls).
    pipeline.images.grant([.getObject, .getObjectVersion], prefix: Pipeline.inputPrefix, to: role)
    role.allow(["rekognition:DetectFaces"], on: [.any])  // supports no resource scoping
    pipeline.faces.grant([.searchFacesByImage], to: role)
    pipeline.results.grant([.query, .batchWriteItem], to: role)
    pipeline.images.grant([.putObject], prefix: Pipeline.processedPrefix, to: role)

    let groupID = LogicalID.make(path: Construct.path(of: "Group", in: fleet))
    launchTemplate = LaunchTemplate(
      fleet, "LaunchTemplate",
      options: .init(
        name: "\(prefix)-recognition", instanceType: environment.fleet.instanceType,
        profile: profile, securityGroups: [securityGroup],
        userData: Self.userData(
          environment: Self.serviceEnvironment(pipeline: pipeline, environment: environment),
          signal: groupID),
        asset: Self.asset))

    group = AutoScalingGroup(
      fleet, "Group",
      options: .init(
        launchTemplate: launchTemplate, subnetIds: network.subnetIds,
        minSize: environment.fleet.minSize, maxSize: environment.fleet.maxSize,
        desiredCapacity: environment.fleet.desiredCapacity))
    group.scaleOnCpu(targetPercent: environment.fleet.targetCpuPercent)
    // The high-throughput signal (see the type's documentation).
    let started = pipeline.stateMachine.metricStarted().with(period: 60)
    group.scale(
      "ExecutionsTracking", tracking: "started / instances",
      label: "executions started per instance and minute",
      of: [("started", started), ("instances", group.metricInServiceInstances())],
      target: Double(environment.fleet.executionsPerInstance))
  }

  /// Every variable the service reads (manifest.json `functions.service.environment`).
  static func serviceEnvironment(pipeline: Pipeline, environment: Environment) -> OrderedMap<
    Value
  > {
    [
      "AWS_REGION": .ref(.region),
      "COLLECTION_ID": .string(pipeline.faces.collectionId),
      "CROP_MARGIN": "0.25",
      "FACE_MATCH_THRESHOLD": .string(String(environment.recognition.faceMatchThreshold)),
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
        systemctl daemon-reload
        systemctl enable --now facestack-recognition.service
        for attempt in $(seq 1 60); do
          if curl -fsS -o /dev/null http://127.0.0.1:\(servicePort)\(healthPath); then exit 0; fi
          sleep 5
        done
        exit 1

        """)
    return script
  }
}
