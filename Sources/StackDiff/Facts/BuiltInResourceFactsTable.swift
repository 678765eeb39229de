extension BuiltInResourceFacts {
  /// The facts of the pipeline's types, from the cfn-lint 1.58.0 us-east-1 provider schemas (see
  /// ``BuiltInResourceFacts``).
  // Extracted from the schemas by a one-off script; re-extract rather than edit by hand.
  static let table: [String: TypeFacts] = [
    "AWS::Athena::NamedQuery": TypeFacts(
      createOnly: [
        "/properties/Name",
        "/properties/Database",
        "/properties/Description",
        "/properties/QueryString",
        "/properties/WorkGroup",
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/NamedQueryId"
      ],
      isStateful: false
    ),
    "AWS::Athena::WorkGroup": TypeFacts(
      createOnly: [
        "/properties/Name"
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/Tags"
      ],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/Name"
      ],
      isStateful: false
    ),
    "AWS::AutoScaling::AutoScalingGroup": TypeFacts(
      createOnly: [
        "/properties/InstanceId",
        "/properties/AutoScalingGroupName",
      ],
      conditionallyCreateOnly: [
        "/properties/LaunchConfigurationName",
        "/properties/VPCZoneIdentifier",
        "/properties/LaunchTemplate",
        "/properties/MixedInstancesPolicy",
      ],
      unorderedLists: [
        "/properties/AvailabilityZoneIds",
        "/properties/AvailabilityZones",
        "/properties/LifecycleHookSpecificationList",
        "/properties/MetricsCollection/*/Metrics",
        "/properties/MixedInstancesPolicy/LaunchTemplate/Overrides/*/InstanceRequirements/AcceleratorManufacturers",
        "/properties/MixedInstancesPolicy/LaunchTemplate/Overrides/*/InstanceRequirements/AcceleratorNames",
        "/properties/MixedInstancesPolicy/LaunchTemplate/Overrides/*/InstanceRequirements/AcceleratorTypes",
        "/properties/MixedInstancesPolicy/LaunchTemplate/Overrides/*/InstanceRequirements/CpuManufacturers",
        "/properties/MixedInstancesPolicy/LaunchTemplate/Overrides/*/InstanceRequirements/InstanceGenerations",
        "/properties/MixedInstancesPolicy/LaunchTemplate/Overrides/*/InstanceRequirements/LocalStorageTypes",
        "/properties/NotificationConfiguration/NotificationTypes",
        "/properties/NotificationConfigurations/*/NotificationTypes",
        "/properties/Tags",
        "/properties/TargetGroupARNs",
        "/properties/TrafficSources",
        "/properties/VPCZoneIdentifier",
      ],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/AutoScalingGroupName"
      ],
      isStateful: false
    ),
    "AWS::AutoScaling::ScalingPolicy": TypeFacts(
      createOnly: [
        "/properties/AutoScalingGroupName"
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/PredictiveScalingConfiguration/MetricSpecifications",
        "/properties/PredictiveScalingConfiguration/MetricSpecifications/*/CustomizedCapacityMetricSpecification/MetricDataQueries",
        "/properties/PredictiveScalingConfiguration/MetricSpecifications/*/CustomizedCapacityMetricSpecification/MetricDataQueries/*/MetricStat/Metric/Dimensions",
        "/properties/PredictiveScalingConfiguration/MetricSpecifications/*/CustomizedLoadMetricSpecification/MetricDataQueries",
        "/properties/PredictiveScalingConfiguration/MetricSpecifications/*/CustomizedLoadMetricSpecification/MetricDataQueries/*/MetricStat/Metric/Dimensions",
        "/properties/PredictiveScalingConfiguration/MetricSpecifications/*/CustomizedScalingMetricSpecification/MetricDataQueries",
        "/properties/PredictiveScalingConfiguration/MetricSpecifications/*/CustomizedScalingMetricSpecification/MetricDataQueries/*/MetricStat/Metric/Dimensions",
        "/properties/StepAdjustments",
        "/properties/TargetTrackingConfiguration/CustomizedMetricSpecification/Dimensions",
        "/properties/TargetTrackingConfiguration/CustomizedMetricSpecification/Metrics",
        "/properties/TargetTrackingConfiguration/CustomizedMetricSpecification/Metrics/*/MetricStat/Metric/Dimensions",
      ],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/Arn"
      ],
      isStateful: false
    ),
    "AWS::CloudWatch::Alarm": TypeFacts(
      createOnly: [
        "/properties/AlarmName"
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/ActionConfiguration/AlarmTagsPropagation/ExcludedTagKeys",
        "/properties/ActionConfiguration/AlarmTagsPropagation/IncludedTagKeys",
        "/properties/Dimensions",
        "/properties/Metrics/*/MetricStat/Metric/Dimensions",
      ],
      jsonDocuments: [
        "/properties/EvaluationWindow/SlidingWindow"
      ],
      primaryIdentifier: [
        "/properties/AlarmName"
      ],
      isStateful: false
    ),
    "AWS::CloudWatch::Dashboard": TypeFacts(
      createOnly: [
        "/properties/DashboardName"
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/Tags"
      ],
      jsonDocuments: [
        "/properties/DashboardBody"
      ],
      primaryIdentifier: [
        "/properties/DashboardName"
      ],
      isStateful: false
    ),
    "AWS::DynamoDB::Table": TypeFacts(
      createOnly: [
        "/properties/TableName",
        "/properties/ImportSourceSpecification",
      ],
      conditionallyCreateOnly: [
        "/properties/KeySchema"
      ],
      unorderedLists: [
        "/properties/StreamSpecification/Tags",
        "/properties/VectorIndexes",
        "/properties/VectorIndexes/*/SearchSchema",
      ],
      jsonDocuments: [
        "/properties/ResourcePolicy/PolicyDocument",
        "/properties/StreamSpecification/ResourcePolicy/PolicyDocument",
      ],
      primaryIdentifier: [
        "/properties/TableName"
      ],
      isStateful: true
    ),
    "AWS::EC2::InternetGateway": TypeFacts(
      createOnly: [],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/Tags"
      ],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/InternetGatewayId"
      ],
      isStateful: false
    ),
    "AWS::EC2::LaunchTemplate": TypeFacts(
      createOnly: [
        "/properties/LaunchTemplateName"
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/LaunchTemplateId"
      ],
      isStateful: false
    ),
    "AWS::EC2::Route": TypeFacts(
      createOnly: [
        "/properties/RouteTableId",
        "/properties/DestinationCidrBlock",
        "/properties/DestinationIpv6CidrBlock",
        "/properties/DestinationPrefixListId",
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/RouteTableId",
        "/properties/CidrBlock",
      ],
      isStateful: false
    ),
    "AWS::EC2::RouteTable": TypeFacts(
      createOnly: [
        "/properties/VpcId"
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/Tags"
      ],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/RouteTableId"
      ],
      isStateful: false
    ),
    "AWS::EC2::SecurityGroup": TypeFacts(
      createOnly: [
        "/properties/GroupDescription",
        "/properties/GroupName",
        "/properties/VpcId",
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/SecurityGroupEgress",
        "/properties/SecurityGroupIngress",
        "/properties/Tags",
      ],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/Id"
      ],
      isStateful: false
    ),
    "AWS::EC2::Subnet": TypeFacts(
      createOnly: [
        "/properties/VpcId",
        "/properties/AvailabilityZone",
        "/properties/AvailabilityZoneId",
        "/properties/CidrBlock",
        "/properties/OutpostArn",
        "/properties/Ipv6Native",
        "/properties/Ipv4IpamPoolId",
        "/properties/Ipv4NetmaskLength",
        "/properties/Ipv6IpamPoolId",
        "/properties/Ipv6NetmaskLength",
      ],
      conditionallyCreateOnly: [
        "/properties/Ipv6CidrBlock"
      ],
      unorderedLists: [],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/SubnetId"
      ],
      isStateful: false
    ),
    "AWS::EC2::SubnetRouteTableAssociation": TypeFacts(
      createOnly: [
        "/properties/SubnetId",
        "/properties/RouteTableId",
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/Id"
      ],
      isStateful: false
    ),
    "AWS::EC2::VPC": TypeFacts(
      createOnly: [
        "/properties/CidrBlock",
        "/properties/Ipv4IpamPoolId",
        "/properties/Ipv4NetmaskLength",
        "/properties/VpcEncryptionControl",
      ],
      conditionallyCreateOnly: [
        "/properties/InstanceTenancy"
      ],
      unorderedLists: [
        "/properties/CidrBlockAssociations",
        "/properties/Ipv6CidrBlocks",
        "/properties/Tags",
      ],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/VpcId"
      ],
      isStateful: false
    ),
    "AWS::EC2::VPCEndpoint": TypeFacts(
      createOnly: [
        "/properties/ServiceName",
        "/properties/VpcEndpointType",
        "/properties/VpcId",
        "/properties/ServiceNetworkArn",
        "/properties/ResourceConfigurationArn",
        "/properties/ServiceRegion",
        "/properties/DnsOptions/PrivateDnsPreference",
        "/properties/DnsOptions/PrivateDnsSpecifiedDomains",
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/DnsEntries",
        "/properties/NetworkInterfaceIds",
        "/properties/RouteTableIds",
        "/properties/SecurityGroupIds",
        "/properties/SubnetIds",
        "/properties/Tags",
      ],
      jsonDocuments: [
        "/properties/PolicyDocument"
      ],
      primaryIdentifier: [
        "/properties/Id"
      ],
      isStateful: false
    ),
    "AWS::EC2::VPCGatewayAttachment": TypeFacts(
      createOnly: [
        "/properties/VpcId"
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/AttachmentType",
        "/properties/VpcId",
      ],
      isStateful: false
    ),
    "AWS::Events::Rule": TypeFacts(
      createOnly: [
        "/properties/Name"
      ],
      conditionallyCreateOnly: [
        "/properties/EventBusName"
      ],
      unorderedLists: [
        "/properties/Tags",
        "/properties/Targets",
      ],
      jsonDocuments: [
        "/properties/EventPattern",
        "/properties/Targets/*/Input",
      ],
      primaryIdentifier: [
        "/properties/Arn"
      ],
      isStateful: false
    ),
    "AWS::Glue::Database": TypeFacts(
      createOnly: [
        "/properties/DatabaseName"
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/DatabaseInput/CreateTableDefaultPermissions",
        "/properties/DatabaseInput/CreateTableDefaultPermissions/*/Permissions",
      ],
      jsonDocuments: [
        "/properties/DatabaseInput/Parameters"
      ],
      primaryIdentifier: [
        "/properties/DatabaseName"
      ],
      isStateful: true
    ),
    "AWS::Glue::Table": TypeFacts(
      createOnly: [
        "/properties/DatabaseName",
        "/properties/CatalogId",
        "/properties/TableInput/Name",
        "/properties/Name",
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/OpenTableFormatInput/IcebergInput/IcebergTableInput/PartitionSpec/Fields",
        "/properties/OpenTableFormatInput/IcebergInput/IcebergTableInput/Schema/Fields",
        "/properties/OpenTableFormatInput/IcebergInput/IcebergTableInput/Schema/IdentifierFieldIds",
        "/properties/OpenTableFormatInput/IcebergInput/IcebergTableInput/WriteOrder/Fields",
        "/properties/TableInput/PartitionKeys",
        "/properties/TableInput/StorageDescriptor/BucketColumns",
        "/properties/TableInput/StorageDescriptor/Columns",
        "/properties/TableInput/StorageDescriptor/SkewedInfo/SkewedColumnNames",
        "/properties/TableInput/StorageDescriptor/SkewedInfo/SkewedColumnValues",
        "/properties/TableInput/StorageDescriptor/SortColumns",
      ],
      jsonDocuments: [
        "/properties/TableInput/Parameters",
        "/properties/TableInput/StorageDescriptor/Parameters",
        "/properties/TableInput/StorageDescriptor/SerdeInfo/Parameters",
        "/properties/TableInput/StorageDescriptor/SkewedInfo/SkewedColumnValueLocationMaps",
      ],
      primaryIdentifier: [
        "/properties/CatalogId",
        "/properties/DatabaseName",
        "/properties/Name",
      ],
      isStateful: true
    ),
    "AWS::IAM::InstanceProfile": TypeFacts(
      createOnly: [
        "/properties/InstanceProfileName",
        "/properties/Path",
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/Roles"
      ],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/InstanceProfileName"
      ],
      isStateful: false
    ),
    "AWS::IAM::ManagedPolicy": TypeFacts(
      createOnly: [
        "/properties/ManagedPolicyName",
        "/properties/Description",
        "/properties/Path",
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/Groups",
        "/properties/Roles",
        "/properties/Users",
      ],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/PolicyArn"
      ],
      isStateful: false
    ),
    "AWS::IAM::Policy": TypeFacts(
      createOnly: [],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/Groups",
        "/properties/Roles",
        "/properties/Users",
      ],
      jsonDocuments: [
        "/properties/PolicyDocument"
      ],
      primaryIdentifier: [
        "/properties/Id"
      ],
      isStateful: false
    ),
    "AWS::IAM::Role": TypeFacts(
      createOnly: [
        "/properties/Path",
        "/properties/RoleName",
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/ManagedPolicyArns",
        "/properties/Policies",
        "/properties/Tags",
      ],
      jsonDocuments: [
        "/properties/AssumeRolePolicyDocument",
        "/properties/Policies/*/PolicyDocument",
      ],
      primaryIdentifier: [
        "/properties/RoleName"
      ],
      isStateful: false
    ),
    "AWS::KMS::Alias": TypeFacts(
      createOnly: [
        "/properties/AliasName"
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/AliasName"
      ],
      isStateful: false
    ),
    "AWS::KMS::Key": TypeFacts(
      createOnly: [],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/Tags"
      ],
      jsonDocuments: [
        "/properties/KeyPolicy"
      ],
      primaryIdentifier: [
        "/properties/KeyId"
      ],
      isStateful: true
    ),
    "AWS::Lambda::EventInvokeConfig": TypeFacts(
      createOnly: [
        "/properties/FunctionName",
        "/properties/Qualifier",
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/FunctionName",
        "/properties/Qualifier",
      ],
      isStateful: false
    ),
    "AWS::Lambda::Function": TypeFacts(
      createOnly: [
        "/properties/FunctionName",
        "/properties/PackageType",
        "/properties/TenancyConfig",
      ],
      conditionallyCreateOnly: [
        "/properties/DurableConfig"
      ],
      unorderedLists: [
        "/properties/Tags"
      ],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/FunctionName"
      ],
      isStateful: false
    ),
    "AWS::Lambda::Permission": TypeFacts(
      createOnly: [
        "/properties/FunctionName",
        "/properties/FunctionUrlAuthType",
        "/properties/InvokedViaFunctionUrl",
        "/properties/SourceAccount",
        "/properties/SourceArn",
        "/properties/Principal",
        "/properties/PrincipalOrgID",
        "/properties/Action",
        "/properties/EventSourceToken",
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/FunctionName",
        "/properties/Id",
      ],
      isStateful: false
    ),
    "AWS::Logs::LogGroup": TypeFacts(
      createOnly: [
        "/properties/LogGroupName"
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/FieldIndexPolicies",
        "/properties/Tags",
      ],
      jsonDocuments: [
        "/properties/DataProtectionPolicy",
        "/properties/FieldIndexPolicies/*",
        "/properties/ResourcePolicyDocument",
      ],
      primaryIdentifier: [
        "/properties/LogGroupName"
      ],
      isStateful: true
    ),
    "AWS::Rekognition::Collection": TypeFacts(
      createOnly: [
        "/properties/CollectionId"
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/Tags"
      ],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/CollectionId"
      ],
      isStateful: true
    ),
    "AWS::S3::Bucket": TypeFacts(
      createOnly: [
        "/properties/BucketName",
        "/properties/BucketNamePrefix",
        "/properties/BucketNamespace",
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/NotificationConfiguration/LambdaConfigurations/*/Filter/S3Key/Rules",
        "/properties/NotificationConfiguration/QueueConfigurations/*/Filter/S3Key/Rules",
        "/properties/NotificationConfiguration/TopicConfigurations/*/Filter/S3Key/Rules",
        "/properties/Tags",
      ],
      jsonDocuments: [
        "/properties/LoggingConfiguration/TargetObjectKeyFormat"
      ],
      primaryIdentifier: [
        "/properties/BucketName"
      ],
      isStateful: true
    ),
    "AWS::S3::BucketPolicy": TypeFacts(
      createOnly: [
        "/properties/Bucket"
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [],
      jsonDocuments: [
        "/properties/PolicyDocument"
      ],
      primaryIdentifier: [
        "/properties/Bucket"
      ],
      isStateful: false
    ),
    "AWS::SNS::Subscription": TypeFacts(
      createOnly: [
        "/properties/Endpoint",
        "/properties/Protocol",
        "/properties/TopicArn",
      ],
      conditionallyCreateOnly: [
        "/properties/Region"
      ],
      unorderedLists: [],
      jsonDocuments: [
        "/properties/DeliveryPolicy",
        "/properties/FilterPolicy",
        "/properties/RedrivePolicy",
        "/properties/ReplayPolicy",
      ],
      primaryIdentifier: [
        "/properties/Arn"
      ],
      isStateful: false
    ),
    "AWS::SNS::Topic": TypeFacts(
      createOnly: [
        "/properties/TopicName",
        "/properties/FifoTopic",
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/DeliveryStatusLogging",
        "/properties/Subscription",
        "/properties/Tags",
      ],
      jsonDocuments: [
        "/properties/ArchivePolicy",
        "/properties/DataProtectionPolicy",
      ],
      primaryIdentifier: [
        "/properties/TopicArn"
      ],
      isStateful: true
    ),
    "AWS::SQS::Queue": TypeFacts(
      createOnly: [
        "/properties/FifoQueue",
        "/properties/QueueName",
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/Tags"
      ],
      jsonDocuments: [
        "/properties/RedriveAllowPolicy",
        "/properties/RedrivePolicy",
      ],
      primaryIdentifier: [
        "/properties/QueueUrl"
      ],
      isStateful: true
    ),
    "AWS::SQS::QueuePolicy": TypeFacts(
      createOnly: [],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/Queues"
      ],
      jsonDocuments: [
        "/properties/PolicyDocument"
      ],
      primaryIdentifier: [
        "/properties/Id"
      ],
      isStateful: false
    ),
    "AWS::StepFunctions::StateMachine": TypeFacts(
      createOnly: [
        "/properties/StateMachineName",
        "/properties/StateMachineType",
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/LoggingConfiguration/Destinations",
        "/properties/Tags",
      ],
      jsonDocuments: [
        "/properties/Definition",
        "/properties/DefinitionString",
      ],
      primaryIdentifier: [
        "/properties/Arn"
      ],
      isStateful: false
    ),
    "AWS::EC2::SecurityGroupEgress": TypeFacts(
      createOnly: [
        "/properties/IpProtocol",
        "/properties/DestinationSecurityGroupId",
        "/properties/ToPort",
        "/properties/CidrIp",
        "/properties/FromPort",
        "/properties/GroupId",
        "/properties/CidrIpv6",
        "/properties/DestinationPrefixListId",
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/Id"
      ],
      isStateful: false
    ),
    "AWS::EC2::SecurityGroupIngress": TypeFacts(
      createOnly: [
        "/properties/GroupName",
        "/properties/IpProtocol",
        "/properties/SourceSecurityGroupId",
        "/properties/SourcePrefixListId",
        "/properties/ToPort",
        "/properties/CidrIp",
        "/properties/SourceSecurityGroupName",
        "/properties/SourceSecurityGroupOwnerId",
        "/properties/FromPort",
        "/properties/GroupId",
        "/properties/CidrIpv6",
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/Id"
      ],
      isStateful: false
    ),
    "AWS::Lambda::Alias": TypeFacts(
      createOnly: [
        "/properties/Name",
        "/properties/FunctionName",
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/RoutingConfig/AdditionalVersionWeights"
      ],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/AliasArn"
      ],
      isStateful: false
    ),
    "AWS::Lambda::Version": TypeFacts(
      createOnly: [
        "/properties/FunctionName",
        "/properties/Description",
        "/properties/CodeSha256",
        "/properties/ProvisionedConcurrencyConfig",
        "/properties/RuntimePolicy",
      ],
      conditionallyCreateOnly: [],
      unorderedLists: [],
      jsonDocuments: [],
      primaryIdentifier: [
        "/properties/FunctionArn"
      ],
      isStateful: false
    ),
    "AWS::SNS::TopicPolicy": TypeFacts(
      createOnly: [],
      conditionallyCreateOnly: [],
      unorderedLists: [
        "/properties/Topics"
      ],
      jsonDocuments: [
        "/properties/PolicyDocument"
      ],
      primaryIdentifier: [
        "/properties/Id"
      ],
      isStateful: false
    ),
  ]
}
