import FacestackCore
import Foundation
import LocalHTTP

/// One request to a local cloud process on loopback (the runtime's control API, the emulator's
/// health), plain HTTP and never through a proxy, on LocalHTTP's client rather than Foundation's
/// `URLSession`, which would link libcurl into every facestack command (issue 20).
enum LoopbackHTTP {
  /// The status and body of `method url`; throws when nothing answers within `timeout` seconds.
  static func send(_ url: URL, method: String = "GET", body: Data? = nil, timeout: Int64)
    async throws -> (status: Int, body: Data)
  {
    guard let host = url.host,
      let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
    else { throw FacestackError.input("\(url.absoluteString) is not a local address") }
    var target = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
    if let query = components.percentEncodedQuery { target += "?" + query }
    let client = HTTPClient(host: host, port: url.port ?? 80)
    do {
      let response = try await client.send(
        HTTPRequest(method: method, target: target, body: Array(body ?? Data())),
        timeout: .seconds(timeout))
      await client.shutdown()
      return (response.status, Data(response.body))
    } catch {
      await client.shutdown()
      throw error
    }
  }
}
