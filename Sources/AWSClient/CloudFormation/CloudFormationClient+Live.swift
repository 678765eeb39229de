import Foundation

extension CloudFormationClient {
  /// The client that calls CloudFormation's Query API (version 2010-05-15) through `sender`.
  public static func live(_ sender: SignedRequestSender) -> CloudFormationClient {
    let service = AWSService.cloudFormation
    let version = service.apiVersion ?? "2010-05-15"
    @Sendable func call(_ action: String, _ build: (inout QueryParameters) -> Void) async throws
      -> XMLTree
    {
      var parameters = QueryParameters(action: action, version: version)
      build(&parameters)
      return try await sender.query(service, parameters)
    }
    var client = CloudFormationClient(
      describeStacks: { stackName in
        var stacks: [Stack] = []
        var token: String?
        repeat {
          let result = try await call("DescribeStacks") {
            $0.add("StackName", stackName)
            $0.add("NextToken", token)
          }
          stacks += try result.members("Stacks").map(CloudFormationDecoding.stack)
          token = result.string("NextToken").flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return stacks
      },
      createChangeSet: { input in
        let result = try await call("CreateChangeSet") {
          CloudFormationEncoding.encode(input, into: &$0)
        }
        return CreateChangeSetOutput(
          changeSetID: try result.required("Id", operation: "CreateChangeSet"),
          stackID: result.string("StackId") ?? "")
      },
      describeChangeSet: { changeSetName, stackName, nextToken in
        let result = try await call("DescribeChangeSet") {
          $0.add("ChangeSetName", changeSetName)
          $0.add("StackName", stackName)
          $0.add("NextToken", nextToken)
        }
        return try CloudFormationDecoding.changeSet(result)
      },
      executeChangeSet: { input in
        _ = try await call("ExecuteChangeSet") {
          $0.add("ChangeSetName", input.changeSetName)
          $0.add("StackName", input.stackName)
          $0.add("ClientRequestToken", input.clientRequestToken)
          if input.disableRollback { $0.add("DisableRollback", true) }
        }
      },
      deleteChangeSet: { changeSetName, stackName in
        _ = try await call("DeleteChangeSet") {
          $0.add("ChangeSetName", changeSetName)
          $0.add("StackName", stackName)
        }
      },
      describeStackEvents: { stackName, nextToken in
        let result = try await call("DescribeStackEvents") {
          $0.add("StackName", stackName)
          $0.add("NextToken", nextToken)
        }
        return StackEventsPage(
          events: try result.members("StackEvents").map(CloudFormationDecoding.event),
          nextToken: result.string("NextToken").flatMap { $0.isEmpty ? nil : $0 })
      },
      getTemplate: { stackName, changeSetName, stage in
        let result = try await call("GetTemplate") {
          $0.add("StackName", stackName)
          $0.add("ChangeSetName", changeSetName)
          $0.add("TemplateStage", stage.rawValue)
        }
        return try result.required("TemplateBody", operation: "GetTemplate")
      },
      deleteStack: { stackName, retainResources in
        _ = try await call("DeleteStack") {
          $0.add("StackName", stackName)
          $0.addList("RetainResources", retainResources)
        }
      },
      updateTerminationProtection: { stackName, enabled in
        _ = try await call("UpdateTerminationProtection") {
          $0.add("EnableTerminationProtection", enabled)
          $0.add("StackName", stackName)
        }
      },
      setStackPolicy: { stackName, policyBody in
        _ = try await call("SetStackPolicy") {
          $0.add("StackName", stackName)
          $0.add("StackPolicyBody", policyBody)
        }
      },
      listStackResources: { stackName, nextToken in
        let result = try await call("ListStackResources") {
          $0.add("StackName", stackName)
          $0.add("NextToken", nextToken)
        }
        return StackResourcesPage(
          resources: try result.members("StackResourceSummaries").map(
            CloudFormationDecoding.resource),
          nextToken: result.string("NextToken").flatMap { $0.isEmpty ? nil : $0 })
      },
      validateTemplate: { template in
        let result = try await call("ValidateTemplate") {
          CloudFormationEncoding.encode(template, into: &$0)
        }
        return CloudFormationDecoding.validation(result)
      }
    )
    client.getStackPolicy = getStackPolicyCall(sender)
    client.detectStackDrift = detectStackDriftCall(sender)
    client.describeStackDriftDetectionStatus = describeStackDriftDetectionStatusCall(sender)
    client.describeStackResourceDrifts = describeStackResourceDriftsCall(sender)
    return client
  }
}

/// Form encoding of CloudFormation arguments.
enum CloudFormationEncoding {
  static func encode(_ template: TemplateSource, into parameters: inout QueryParameters) {
    switch template {
    case .body(let body): parameters.add("TemplateBody", body)
    case .url(let url): parameters.add("TemplateURL", url)
    }
  }

  static func encode(_ input: CreateChangeSetInput, into parameters: inout QueryParameters) {
    parameters.add("StackName", input.stackName)
    parameters.add("ChangeSetName", input.changeSetName)
    parameters.add("ChangeSetType", input.changeSetType.rawValue)
    encode(input.template, into: &parameters)
    parameters.addStructureList(
      "Parameters",
      input.parameters.map { parameter in
        [
          ("ParameterKey", parameter.key),
          ("ParameterValue", parameter.usePreviousValue ? nil : parameter.value),
          ("UsePreviousValue", parameter.usePreviousValue ? "true" : nil),
        ]
      })
    parameters.addList("Capabilities", input.capabilities.map(\.rawValue))
    parameters.addStructureList("Tags", input.tags.map { [("Key", $0.key), ("Value", $0.value)] })
    parameters.add("Description", input.description)
    parameters.add("RoleARN", input.roleARN)
    parameters.add("ClientToken", input.clientToken)
  }
}
