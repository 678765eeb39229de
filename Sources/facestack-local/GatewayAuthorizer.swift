import LocalGateway
import LocalRuntime

/// The runtime's questions (a service assuming a role, a role or service acting on a resource)
/// answered by the gateway's ``Authorizer``: the same evaluation core, the deployed policies,
/// the same decision log as every request through the gateway.
struct GatewayAuthorizer: RuntimeAuthorizer {
  let authorizer: Authorizer
  let region: String

  func mayAssume(role: String, service: String, sourceArn: String?, sourceAccount: String?)
    async -> AuthorizationDecision
  {
    let result = await authorizer.mayAssume(
      role: role, service: service, sourceArn: sourceArn, sourceAccount: sourceAccount,
      region: region)
    return AuthorizationDecision(allowed: result.isAllowed, explanation: result.explanation)
  }

  func authorize(
    principal: String, action: String, resource: String, sourceArn: String?,
    sourceAccount: String?
  ) async -> AuthorizationDecision {
    let result = await authorizer.authorize(
      principal: principal, action: action, resource: resource, sourceArn: sourceArn,
      sourceAccount: sourceAccount, region: region)
    return AuthorizationDecision(allowed: result.isAllowed, explanation: result.explanation)
  }
}
