import AWSClient
import CloudFormation
import Foundation

/// Outputs that the stack should have but does not report. moto 5.2 computes a stack's outputs
/// when the stack is created, and a change set's execution does not compute them again, so a
/// stack created through a change set (always, here) reports none. Outputs whose value is a
/// literal or a `Ref` are resolved from the stack's resources and parameters instead, as
/// CloudFormation would have.
public enum EmulatorOutputs {
  /// `reported` completed with the template's outputs that can be resolved, in template order.
  public static func complete(
    _ reported: [StackOutput], template: Template, resources: [StackResourceSummary],
    parameters: [StackParameter]
  ) -> [StackOutput] {
    let known = Set(reported.map(\.key))
    let physical = Dictionary(
      resources.compactMap { resource in
        resource.physicalResourceID.map { (resource.logicalResourceID, $0) }
      }, uniquingKeysWith: { first, _ in first })
    let parameterValues = Dictionary(
      parameters.compactMap { parameter in parameter.value.map { (parameter.key, $0) } },
      uniquingKeysWith: { first, _ in first })
    var outputs = reported
    for (key, output) in template.outputs where !known.contains(key) {
      let value: String?
      switch output.value {
      case .string(let text): value = text
      case .intrinsic(.ref(let name)): value = physical[name] ?? parameterValues[name]
      default: value = nil
      }
      if let value, !value.isEmpty {
        outputs.append(
          StackOutput(
            key: key, value: value, description: output.description,
            exportName: output.exportName?.stringValue))
      }
    }
    return outputs
  }
}
