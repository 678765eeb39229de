import Foundation

/// Reads CloudFormation's XML answers into the typed values.
enum CloudFormationDecoding {
  static func stack(_ node: XMLTree) throws -> Stack {
    Stack(
      stackID: try node.required("StackId", operation: "DescribeStacks"),
      stackName: try node.required("StackName", operation: "DescribeStacks"),
      status: StackStatus(rawValue: try node.required("StackStatus", operation: "DescribeStacks")),
      statusReason: node.string("StackStatusReason"),
      description: node.string("Description"),
      creationTime: node.date("CreationTime"),
      lastUpdatedTime: node.date("LastUpdatedTime"),
      parameters: node.members("Parameters").map(parameter),
      outputs: node.members("Outputs").map {
        StackOutput(
          key: $0.string("OutputKey") ?? "", value: $0.string("OutputValue") ?? "",
          description: $0.string("Description"), exportName: $0.string("ExportName"))
      },
      tags: node.members("Tags").map {
        Tag(key: $0.string("Key") ?? "", value: $0.string("Value") ?? "")
      },
      capabilities: node.members("Capabilities").map { Capability(rawValue: $0.text) },
      terminationProtection: node.bool("EnableTerminationProtection") ?? false,
      changeSetID: node.string("ChangeSetId"),
      driftInformation: node.child("DriftInformation").flatMap { drift in
        drift.string("StackDriftStatus").map {
          StackDriftInformation(
            status: StackDriftStatus(rawValue: $0), lastCheck: drift.date("LastCheckTimestamp"))
        }
      })
  }

  static func parameter(_ node: XMLTree) -> StackParameter {
    StackParameter(
      key: node.string("ParameterKey") ?? "", value: node.string("ParameterValue"),
      usePreviousValue: node.bool("UsePreviousValue") ?? false)
  }

  static func changeSet(_ node: XMLTree) throws -> ChangeSetDescription {
    let operation = "DescribeChangeSet"
    return ChangeSetDescription(
      changeSetID: try node.required("ChangeSetId", operation: operation),
      changeSetName: node.string("ChangeSetName") ?? "",
      stackID: node.string("StackId") ?? "",
      stackName: node.string("StackName") ?? "",
      status: ChangeSetStatus(rawValue: try node.required("Status", operation: operation)),
      statusReason: node.string("StatusReason"),
      executionStatus: node.string("ExecutionStatus").map(ExecutionStatus.init(rawValue:)),
      creationTime: node.date("CreationTime"),
      parameters: node.members("Parameters").map(parameter),
      capabilities: node.members("Capabilities").map { Capability(rawValue: $0.text) },
      changes: node.members("Changes").compactMap { $0.child("ResourceChange") }.map(
        resourceChange),
      nextToken: node.string("NextToken").flatMap { $0.isEmpty ? nil : $0 })
  }

  static func resourceChange(_ node: XMLTree) -> ResourceChange {
    ResourceChange(
      action: node.string("Action") ?? "",
      logicalResourceID: node.string("LogicalResourceId") ?? "",
      physicalResourceID: node.string("PhysicalResourceId"),
      resourceType: node.string("ResourceType") ?? "",
      replacement: node.string("Replacement"),
      scope: node.members("Scope").map(\.text),
      details: node.members("Details").map { detail in
        let target = detail.child("Target")
        return ResourceChangeDetail(
          attribute: target?.string("Attribute"), name: target?.string("Name"),
          requiresRecreation: target?.string("RequiresRecreation"),
          evaluation: detail.string("Evaluation"), changeSource: detail.string("ChangeSource"),
          causingEntity: detail.string("CausingEntity"))
      })
  }

  static func event(_ node: XMLTree) throws -> StackEvent {
    let operation = "DescribeStackEvents"
    let timestampText = try node.required("Timestamp", operation: operation)
    guard let timestamp = AWSTimestamp.parseISO8601(timestampText) else {
      throw AWSClientError.malformedResponse(
        operation: operation, reason: "timestamp \"\(timestampText)\" is not iso 8601")
    }
    return StackEvent(
      eventID: try node.required("EventId", operation: operation),
      stackID: node.string("StackId") ?? "",
      stackName: node.string("StackName") ?? "",
      logicalResourceID: node.string("LogicalResourceId") ?? "",
      physicalResourceID: node.string("PhysicalResourceId"),
      resourceType: node.string("ResourceType") ?? "",
      timestamp: timestamp,
      resourceStatus: node.string("ResourceStatus") ?? "",
      resourceStatusReason: node.string("ResourceStatusReason"),
      clientRequestToken: node.string("ClientRequestToken"))
  }

  static func resource(_ node: XMLTree) throws -> StackResourceSummary {
    StackResourceSummary(
      logicalResourceID: try node.required("LogicalResourceId", operation: "ListStackResources"),
      physicalResourceID: node.string("PhysicalResourceId"),
      resourceType: node.string("ResourceType") ?? "",
      resourceStatus: node.string("ResourceStatus") ?? "",
      resourceStatusReason: node.string("ResourceStatusReason"),
      lastUpdatedTimestamp: node.date("LastUpdatedTimestamp"))
  }

  static func validation(_ node: XMLTree) -> TemplateValidation {
    TemplateValidation(
      parameters: node.members("Parameters").map {
        TemplateParameter(
          key: $0.string("ParameterKey") ?? "", defaultValue: $0.string("DefaultValue"),
          noEcho: $0.bool("NoEcho") ?? false, description: $0.string("Description"))
      },
      description: node.string("Description"),
      capabilities: node.members("Capabilities").map { Capability(rawValue: $0.text) },
      capabilitiesReason: node.string("CapabilitiesReason"))
  }
}
