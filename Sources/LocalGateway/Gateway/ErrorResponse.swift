import CloudFormation
import Foundation
import LocalHTTP

/// AWS's error answers, in the protocol the request used: S3's and the query protocols' XML,
/// EC2's `<Response><Errors>`, the JSON protocols' `__type`, REST-JSON's `x-amzn-ErrorType`,
/// and CloudWatch's CBOR.
///
/// ```swift
/// ErrorResponse.accessDenied(message, service: "s3", wireProtocol: .restXML, requestID: id)
/// ```
public enum ErrorResponse {
  /// `AccessDenied` (`AccessDeniedException`, `AuthorizationError` for SNS,
  /// `UnauthorizedOperation` for EC2) with `message`.
  public static func accessDenied(
    _ message: String, service: String, wireProtocol: WireProtocol, requestID: String
  ) -> LocalHTTP.HTTPResponse {
    let code: String
    let status: Int
    switch wireProtocol {
    case .restXML, .query:
      (code, status) = (service == "sns" ? "AuthorizationError" : "AccessDenied", 403)
    case .ec2: (code, status) = ("UnauthorizedOperation", 403)
    case .json:
      (code, status) =
        queryCompatible.contains(service) ? ("AccessDenied", 403) : ("AccessDeniedException", 400)
    case .restJSON: (code, status) = ("AccessDeniedException", 403)
    case .rpcV2CBOR: (code, status) = ("AccessDenied", 403)
    }
    return make(
      code: code, message: message, status: status, service: service,
      wireProtocol: wireProtocol, requestID: requestID)
  }

  /// An authentication error (`SignatureDoesNotMatch`, `InvalidClientTokenId`, ...).
  public static func authentication(
    _ error: AuthenticationError, service: String, wireProtocol: WireProtocol, requestID: String
  ) -> LocalHTTP.HTTPResponse {
    var (code, status) = error.code(forService: service)
    if error.kind == .expiredToken, wireProtocol != .json, service != "s3" {
      code = "ExpiredToken"
    }
    return make(
      code: code, message: error.message, status: status, service: service,
      wireProtocol: wireProtocol, requestID: requestID)
  }

  /// A failure of the local cloud itself (the emulator down): `InternalFailure`, 500.
  public static func internalFailure(
    _ message: String, service: String, wireProtocol: WireProtocol, requestID: String
  ) -> LocalHTTP.HTTPResponse {
    make(
      code: service == "s3" ? "InternalError" : "InternalFailure", message: message, status: 500,
      service: service, wireProtocol: wireProtocol, requestID: requestID)
  }

  /// JSON services whose errors keep their query-protocol codes (`x-amzn-query-error`).
  static let queryCompatible: Set<String> = ["sqs", "monitoring"]

  /// The protocol a service's errors are written in when the request's own is unknown.
  static func defaultProtocol(service: String, map: RequestMap?) -> WireProtocol {
    if service == "s3" { return .restXML }
    return map?.services[service]?.protocols.first ?? .query
  }

  /// An error answer.
  public static func make(
    code: String, message: String, status: Int, service: String, wireProtocol: WireProtocol,
    requestID: String
  ) -> LocalHTTP.HTTPResponse {
    let escaped = xmlEscape(message)
    switch wireProtocol {
    case .restXML:
      let body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>\(code)</Code>"
        + "<Message>\(escaped)</Message><RequestId>\(requestID)</RequestId>"
        + "<HostId>\(requestID)</HostId></Error>"
      return LocalHTTP.HTTPResponse(
        status: status,
        headers: [("Content-Type", "application/xml"), ("x-amz-request-id", requestID)],
        body: Array(body.utf8))
    case .query:
      let body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse><Error><Type>Sender</Type>"
        + "<Code>\(code)</Code><Message>\(escaped)</Message></Error>"
        + "<RequestId>\(requestID)</RequestId></ErrorResponse>"
      return LocalHTTP.HTTPResponse(
        status: status, headers: [("Content-Type", "text/xml"), ("x-amzn-RequestId", requestID)],
        body: Array(body.utf8))
    case .ec2:
      let body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>\(code)</Code>"
        + "<Message>\(escaped)</Message></Error></Errors><RequestID>\(requestID)</RequestID>"
        + "</Response>"
      return LocalHTTP.HTTPResponse(
        status: status, headers: [("Content-Type", "text/xml")], body: Array(body.utf8))
    case .json:
      var headers = [
        ("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-RequestId", requestID),
      ]
      if queryCompatible.contains(service) {
        headers.append(("x-amzn-query-error", "\(code);Sender"))
      }
      return LocalHTTP.HTTPResponse(
        status: status, headers: headers,
        body: Array(json(["__type": code, "message": message]).utf8))
    case .restJSON:
      return LocalHTTP.HTTPResponse(
        status: status,
        headers: [
          ("Content-Type", "application/json"), ("x-amzn-ErrorType", code),
          ("x-amzn-RequestId", requestID),
        ],
        body: Array(json(["Type": "User", "message": message]).utf8))
    case .rpcV2CBOR:
      return LocalHTTP.HTTPResponse(
        status: status,
        headers: [
          ("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor"),
          ("x-amzn-RequestId", requestID), ("x-amzn-query-error", "\(code);Sender"),
        ],
        body: cborMap(["__type": code, "message": message]))
    }
  }

  private static func xmlEscape(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      default: out.append(character)
      }
    }
    return out
  }

  private static func json(_ fields: [String: String]) -> String {
    var out = "{"
    for (index, key) in fields.keys.sorted().enumerated() {
      if index > 0 { out += "," }
      JSONDocument.writeString(key, to: &out)
      out += ":"
      JSONDocument.writeString(fields[key] ?? "", to: &out)
    }
    return out + "}"
  }

  /// A CBOR map of text strings.
  static func cborMap(_ fields: [String: String]) -> [UInt8] {
    func head(_ major: UInt8, _ length: Int) -> [UInt8] {
      switch length {
      case 0..<24: return [major << 5 | UInt8(length)]
      case 24..<256: return [major << 5 | 24, UInt8(length)]
      case 256..<65_536: return [major << 5 | 25, UInt8(length >> 8), UInt8(length & 0xFF)]
      default:
        return [major << 5 | 26]
          + (0..<4).map { UInt8(truncatingIfNeeded: length >> (24 - 8 * $0)) }
      }
    }
    var out = head(5, fields.count)
    for key in fields.keys.sorted() {
      for text in [key, fields[key] ?? ""] {
        let bytes = Array(text.utf8)
        out += head(3, bytes.count) + bytes
      }
    }
    return out
  }
}
