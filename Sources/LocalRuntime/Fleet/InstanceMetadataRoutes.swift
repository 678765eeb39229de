import Foundation
import LocalHTTP

extension LocalRuntime {
  /// The instance metadata service of the local fleet's instances (IMDSv2), at
  /// `/_facestack/imds/<instance>/latest/...` (each instance's `AWS_EC2_METADATA_SERVICE_ENDPOINT`):
  /// a session token, the instance's id and region, its profile role's credentials (as the SDKs
  /// read them), and the Auto Scaling lifecycle state (`InService` while it runs).
  func instanceMetadata(_ request: HTTPRequest) async -> HTTPResponse {
    let parts = request.rawPath.split(separator: "/", omittingEmptySubsequences: true).map(
      String.init)
    // _facestack, imds, <instance>, latest, ...
    guard parts.count >= 4, parts[3] == "latest" else {
      return HTTPResponse(status: 404, contentType: "text/plain", text: "Not Found")
    }
    let instance = parts[2]
    guard await fleet.group(of: instance) != nil else {
      return HTTPResponse(status: 404, contentType: "text/plain", text: "Not Found")
    }
    let path = parts.dropFirst(4).joined(separator: "/")
    if request.method == "PUT", path == "api/token" {
      return HTTPResponse(
        status: 200, contentType: "text/plain", text: Self.metadataToken(for: instance))
    }
    // IMDSv2 only, as the fleet's launch template requires (HttpTokens: required).
    guard request.method == "GET",
      request.header("x-aws-ec2-metadata-token") == Self.metadataToken(for: instance)
    else {
      return HTTPResponse(status: 401, contentType: "text/plain", text: "Unauthorized")
    }
    switch path {
    case "meta-data/instance-id":
      return HTTPResponse(status: 200, contentType: "text/plain", text: instance)
    case "meta-data/placement/region":
      return HTTPResponse(
        status: 200, contentType: "text/plain", text: fleet.settings.endpoint.region)
    case "meta-data/autoscaling/target-lifecycle-state":
      return HTTPResponse(status: 200, contentType: "text/plain", text: "InService")
    case "meta-data/iam/security-credentials", "meta-data/iam/security-credentials/":
      guard let (role, _) = try? await fleet.credentials(instance: instance) else { break }
      return HTTPResponse(
        status: 200, contentType: "text/plain",
        text: role.split(separator: "/").last.map(String.init) ?? role)
    case _ where path.hasPrefix("meta-data/iam/security-credentials/"):
      do {
        let (_, session) = try await fleet.credentials(instance: instance)
        let formatter = ISO8601DateFormatter()
        return Self.json([
          "Code": "Success", "LastUpdated": formatter.string(from: Date()), "Type": "AWS-HMAC",
          "AccessKeyId": session.accessKeyID, "SecretAccessKey": session.secretAccessKey,
          "Token": session.sessionToken, "Expiration": formatter.string(from: session.expiration),
        ])
      } catch {
        return HTTPResponse(status: 404, contentType: "text/plain", text: "\(error)")
      }
    default:
      break
    }
    return HTTPResponse(status: 404, contentType: "text/plain", text: "Not Found")
  }

  /// The instance's session token (stable for the instance's life; loopback only).
  static func metadataToken(for instance: String) -> String { "facestack-imds-" + instance }
}
