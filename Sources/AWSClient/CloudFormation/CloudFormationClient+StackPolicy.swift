import Foundation

extension CloudFormationClient {
  /// `GetStackPolicy` through `sender`: the stack policy body, or nil when the stack has none
  /// (`StackPolicyBody` absent or empty).
  static func getStackPolicyCall(_ sender: SignedRequestSender)
    -> @Sendable (String) async throws -> String?
  {
    let service = AWSService.cloudFormation
    let version = service.apiVersion ?? "2010-05-15"
    return { stackName in
      var parameters = QueryParameters(action: "GetStackPolicy", version: version)
      parameters.add("StackName", stackName)
      let result = try await sender.query(service, parameters)
      guard let body = result.string("StackPolicyBody"), !body.isEmpty else { return nil }
      return body
    }
  }
}
