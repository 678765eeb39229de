import AWSClient
import FaceRecognitionStack
import FacestackCore
import Foundation

/// An environment's deployed stack, on AWS or on the local cloud: its description (status,
/// outputs) and its resources, for the commands that operate it (`status`, `outputs`, `logs`,
/// `local upload`, `local results`).
///
/// ```swift
/// let deployed = try await DeployedStack.load(target)
/// let bucket = try deployed.output(FaceRecognitionStack.Outputs.imagesBucket)
/// let group = try await deployed.logGroup(ofFunction: "detect")
/// ```
public struct DeployedStack: Sendable {
  /// Where it is deployed.
  public var target: DeployTarget
  /// Its description.
  public var stack: Stack

  /// The environment's stack; an input error saying how to deploy it when there is none.
  public static func load(_ target: DeployTarget) async throws -> DeployedStack {
    let found: Stack?
    do {
      found = try await target.aws.cloudFormation.describeStack(named: target.stackName)
    } catch {
      throw FacestackError.from(cloud: error)
    }
    guard let stack = found, stack.status != .reviewInProgress else {
      throw FacestackError.input(
        "no deployed stack \(target.stackName) in \(target.aws.region)"
          + "\(target.local ? " on the local cloud" : ""); deploy it first with 'facestack deploy "
          + "--env \(target.environment.name)\(target.local ? " --local" : "")'")
    }
    return DeployedStack(target: target, stack: stack)
  }

  /// The output `key`'s value; an input error when the stack has no such output.
  public func output(_ key: String) throws -> String {
    guard let value = stack.outputValues[key] else {
      throw FacestackError.input(
        "the deployed stack \(stack.stackName) has no output \(key) (status \(stack.status)); "
          + "deploy the environment again")
    }
    return value
  }

  /// The stack's resources of `type`: logical id and physical id, sorted by logical id.
  public func resources(ofType type: String) async throws -> [(logicalID: String, name: String)] {
    let resources: [StackResourceSummary]
    do {
      resources = try await target.aws.cloudFormation.allStackResources(stackName: stack.stackID)
    } catch {
      throw FacestackError.from(cloud: error)
    }
    return resources.compactMap { resource in
      guard resource.resourceType == type, let name = resource.physicalResourceID else {
        return nil
      }
      return (resource.logicalResourceID, name)
    }.sorted { $0.logicalID < $1.logicalID }
  }

  /// The stack's Lambda functions: logical id and function name.
  public func functions() async throws -> [(logicalID: String, name: String)] {
    try await resources(ofType: "AWS::Lambda::Function")
  }

  /// The function `name` names: its function name, its logical id in any case (`detect`,
  /// `Detect`), or its name without the environment's prefix. An input error lists the stack's
  /// functions when none matches.
  public func function(named name: String) async throws -> String {
    let functions = try await functions()
    let prefix = target.environment.namePrefix + "-"
    if let match = functions.first(where: {
      $0.name == name || $0.logicalID.lowercased() == name.lowercased()
        || $0.name == prefix + name
    }) {
      return match.name
    }
    let known = functions.map { "\($0.logicalID.lowercased()) (\($0.name))" }
    throw FacestackError.input(
      "no function \(name) in \(stack.stackName); its functions: "
        + (known.isEmpty ? "none" : known.joined(separator: ", ")))
  }

  /// The log group of the function `name` names (Lambda's `/aws/lambda/<function name>`).
  public func logGroup(ofFunction name: String) async throws -> String {
    "/aws/lambda/" + (try await function(named: name))
  }
}
