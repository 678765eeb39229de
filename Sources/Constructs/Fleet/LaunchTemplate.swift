import CloudFormation
import ResourceTypes

/// An EC2 launch template with the defaults a production fleet needs: Amazon Linux 2023 on
/// arm64 from its public SSM parameter, IMDSv2 required with a hop limit of 1 (containers and
/// forwarded traffic cannot reach the instance's credentials), an encrypted gp3 root volume,
/// detailed monitoring, an instance profile, security groups, and user data that may download a
/// packaged asset from the assets bucket.
///
/// ```swift
/// let template = LaunchTemplate(fleet, "LaunchTemplate", options: .init(
///   name: "facestack-dev-recognition", instanceType: "t4g.medium", profile: profile,
///   securityGroups: [group], userData: script, asset: serviceAsset))
/// ```
///
/// The user data is an `Fn::Sub` script; `${AssetKey}` in it becomes the asset's S3 key in the
/// bucket named by the `AssetsBucket` parameter, once the asset is packaged at synthesis.
public final class LaunchTemplate: Construct {
  /// What can be changed.
  public struct Options {
    /// The launch template's name.
    public var name: String
    /// An arm64 (Graviton) instance type.
    public var instanceType: String
    /// The public SSM parameter holding the AMI ID.
    public var imageParameter = LaunchTemplate.amazonLinux2023Arm64
    /// Size of the root volume, GiB (Amazon Linux 2023 needs at least 8).
    public var rootVolumeSize = 16
    /// Detailed (1-minute) CloudWatch monitoring.
    public var detailedMonitoring = true
    /// The instance profile.
    public var profile: InstanceProfile
    /// The security groups.
    public var securityGroups: [SecurityGroup]
    /// The user-data script, `Fn::Sub` syntax.
    public var userData: SubstitutionText
    /// A package the user data downloads from `s3://${AssetsBucket}/${AssetKey}`.
    public var asset: Asset?

    /// Options for a launch template.
    public init(
      name: String, instanceType: String, profile: InstanceProfile,
      securityGroups: [SecurityGroup], userData: SubstitutionText, asset: Asset? = nil
    ) {
      self.name = name
      self.instanceType = instanceType
      self.profile = profile
      self.securityGroups = securityGroups
      self.userData = userData
      self.asset = asset
    }
  }

  /// The public SSM parameter of the latest Amazon Linux 2023 arm64 AMI.
  public static let amazonLinux2023Arm64 =
    "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
  /// The root device of Amazon Linux 2023.
  public static let rootDevice = "/dev/xvda"
  /// The user-data variable that holds the asset's S3 key.
  public static let assetKeyVariable = "AssetKey"

  /// The `AWS::EC2::LaunchTemplate` resource.
  public let resource: CfnResource
  /// The options it was built with.
  public let options: Options
  /// The template parameter holding the AMI ID.
  public let imageParameterName: String

  /// A launch template.
  public init(
    _ scope: Construct, _ id: String, options: Options, file: String = #fileID, line: Int = #line
  ) {
    self.options = options
    imageParameterName = LogicalID.make(path: Construct.path(of: id, in: scope)) + "ImageId"
    var data = EC2LaunchTemplate.LaunchTemplateData(
      blockDeviceMappings: .literal([
        .literal(
          EC2LaunchTemplate.BlockDeviceMapping(
            deviceName: .literal(Self.rootDevice),
            ebs: .literal(
              EC2LaunchTemplate.Ebs(
                deleteOnTermination: true, encrypted: true,
                volumeSize: .literal(options.rootVolumeSize), volumeType: .literal(.gp3)))))
      ]),
      iamInstanceProfile: .literal(
        EC2LaunchTemplate.IamInstanceProfile(arn: .from(options.profile.arn))),
      imageId: .ref(imageParameterName),
      instanceType: .literal(options.instanceType),
      metadataOptions: .literal(
        EC2LaunchTemplate.MetadataOptions(
          httpEndpoint: .literal(.enabled), httpPutResponseHopLimit: 1,
          httpTokens: .literal(.required))),
      monitoring: .literal(
        EC2LaunchTemplate.Monitoring(enabled: .literal(options.detailedMonitoring))))
    data.securityGroupIds = .literal(options.securityGroups.map { .from($0.groupId) })
    // Instances get the environment's tags from the group (`PropagateAtLaunch`); volumes only
    // from here, and the Tagging aspect does not reach inside launch template data.
    let environmentTags = scope.stack.environment.tags.filter { $0.key != "Name" }
      .sorted { $0.key < $1.key }
    let nameTag = EC2LaunchTemplate.Tag(key: "Name", value: .literal(options.name))
    let volumeTags =
      [nameTag]
      + environmentTags.map {
        EC2LaunchTemplate.Tag(key: .literal($0.key), value: .literal($0.value))
      }
    data.tagSpecifications = .literal([
      .literal(
        EC2LaunchTemplate.TagSpecification(
          resourceType: "instance", tags: .literal([.literal(nameTag)]))),
      .literal(
        EC2LaunchTemplate.TagSpecification(
          resourceType: "volume", tags: .literal(volumeTags.map { .literal($0) }))),
    ])
    data.userData = .expression(.base64(options.userData.value))
    resource = CfnResource(
      detached: LogicalID.defaultChild,
      EC2LaunchTemplate(
        launchTemplateData: .literal(data), launchTemplateName: .literal(options.name)),
      file: file, line: line)
    super.init(scope, id, file: file, line: line)
    adopt(resource)
    resource.finisher = self
    _ = stack.parameter(
      imageParameterName,
      Parameter(
        type: .ssmValue(.aws(.imageId)),
        description:
          "the AMI of the fleet: Amazon Linux 2023 for arm64, from its public SSM parameter",
        defaultValue: .string(options.imageParameter)))
    if options.asset != nil {
      options.profile.role.allow(
        ["s3:GetObject"],
        on: [
          ARN(
            .sub("arn:${AWS::Partition}:s3:::${\(Synthesizer.assetsBucketParameter)}/assets/*"),
            resourceType: S3Bucket.typeName, subresource: "object")
        ], file: file, line: line)
    }
  }

  override var assets: [Asset] { options.asset.map { [$0] } ?? [] }
  public override var codeRunner: (Construct & CodeRunner)? { self }

  /// The launch template's ID.
  public var templateId: Value { resource.ref }
  /// The latest version's number, so that an Auto Scaling group rolls when the template changes.
  public var latestVersion: Value { resource.getAtt("LatestVersionNumber") }

  /// The launch template data, typed.
  public var data: EC2LaunchTemplate.LaunchTemplateData? {
    (resource.properties as? EC2LaunchTemplate)?.launchTemplateData.literal
  }
}

extension LaunchTemplate: ResourceFinishing {
  func finish(_ properties: any ResourceProperties, context: LoweringContext)
    -> any ResourceProperties
  {
    guard let asset = options.asset, let packaged = context.packaged[asset.name] else {
      return properties
    }
    var script = options.userData
    script.set(Self.assetKeyVariable, .string(packaged.key))
    return amend(properties, as: EC2LaunchTemplate.self) {
      guard var data = $0.launchTemplateData.literal else { return }
      data.userData = .expression(.base64(script.value))
      $0.launchTemplateData = .literal(data)
    }
  }
}

extension LaunchTemplate: CodeRunner {
  public var codeAsset: Asset? { options.asset }
  public var executionRole: Role { options.profile.role }
}
