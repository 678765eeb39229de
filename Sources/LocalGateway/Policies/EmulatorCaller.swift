import AWSClient
import Foundation
import LocalHTTP

/// The gateway's own reads of the emulator (policies, trust documents): SigV4-signed like any
/// client's, since moto routes a request by its credential scope and picks the account from
/// the access key. The signature itself is not checked (moto runs without authorization);
/// signing with the caller's access key id makes moto answer in the caller's account.
struct EmulatorCaller: Sendable {
  let client: HTTPClient

  /// Sends a request to `service` in `region` as `accessKeyID`.
  func send(
    service: String, region: String, accessKeyID: String, method: String, path: String,
    query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = [],
    body: [UInt8] = []
  ) async throws -> LocalHTTP.HTTPResponse {
    let host = "\(client.host):\(client.port)"
    let signer = SigV4Signer(
      credentials: AWSCredentials(
        accessKeyID: accessKeyID, secretAccessKey: "facestack-gateway-reads-unverified"),
      region: region, service: service,
      options: service == "s3" ? .s3 : .standard)
    let signing = SigningRequest(
      method: method, path: path, query: query, headers: [("Host", host)] + headers,
      body: Data(body))
    let signature = signer.signHeaders(signing, date: Date())
    let encodedPath = PercentEncoding.encode(path, keepingSlash: true)
    let encodedQuery = query.map {
      PercentEncoding.encode($0.name) + "=" + PercentEncoding.encode($0.value)
    }.joined(separator: "&")
    let target = encodedQuery.isEmpty ? encodedPath : encodedPath + "?" + encodedQuery
    return try await client.send(
      LocalHTTP.HTTPRequest(
        method: method, target: target,
        headers: [("Host", host)] + headers + signature.headersToAdd, body: body),
      timeout: .seconds(30))
  }

  /// A query-protocol call (IAM, SNS): form body, XML answer below its root element.
  func query(
    service: String, region: String, accessKeyID: String, version: String,
    action: String, parameters: [(String, String)]
  ) async throws -> (status: Int, tree: InputNode) {
    let form = ([("Action", action), ("Version", version)] + parameters).map {
      PercentEncoding.encode($0.0) + "=" + PercentEncoding.encode($0.1)
    }.joined(separator: "&")
    let response = try await send(
      service: service, region: region, accessKeyID: accessKeyID, method: "POST", path: "/",
      headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
      body: Array(form.utf8))
    return (response.status, try XMLInput.parse(response.body))
  }

  /// A JSON-protocol call (SQS, KMS): `X-Amz-Target`, JSON in and out.
  func json(
    service: String, region: String, accessKeyID: String, target: String, version: String,
    body: String
  ) async throws -> (status: Int, tree: InputNode) {
    let response = try await send(
      service: service, region: region, accessKeyID: accessKeyID, method: "POST", path: "/",
      headers: [
        ("Content-Type", "application/x-amz-json-\(version)"), ("X-Amz-Target", target),
      ],
      body: Array(body.utf8))
    return (response.status, try BodyDecoding.decode(response.body, .json))
  }
}
