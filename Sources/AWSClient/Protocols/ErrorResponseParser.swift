import Foundation

/// Reads AWS's error responses, whatever their shape:
/// - Query protocol: `<ErrorResponse><Error><Code/><Message/></Error><RequestId/></ErrorResponse>`;
/// - S3: `<Error><Code/><Message/><RequestId/></Error>`;
/// - EC2 style: `<Response><Errors><Error>...</Error></Errors><RequestID/></Response>`;
/// - REST-JSON: `{"message": ...}` with an `x-amzn-ErrorType` header (the SSO portal, SSO-OIDC);
/// - no body at all (S3 `HEAD`): the code comes from the status (`NotFound`, `Forbidden`).
public enum ErrorResponseParser {
  /// The error that `response` carries.
  public static func serviceError(service: String, operation: String, response: HTTPResponse)
    -> AWSServiceError
  {
    let headerRequestID =
      response.header("x-amzn-requestid") ?? response.header("x-amz-request-id")
    if let tree = try? XMLTree.parse(response.body), let error = tree.first(named: "Error"),
      let code = error.string("Code"), !code.isEmpty
    {
      let requestID =
        error.string("RequestId") ?? tree.first(named: "RequestId")?.text
        ?? tree.first(named: "RequestID")?.text ?? headerRequestID
      return AWSServiceError(
        service: service, operation: operation, code: code,
        message: error.string("Message") ?? "", requestID: requestID,
        statusCode: response.statusCode)
    }
    if let error = jsonError(service: service, operation: operation, response: response) {
      return error
    }
    let text = plainText(response.text)
    return AWSServiceError(
      service: service, operation: operation, code: codeForStatus(response.statusCode),
      message: text.isEmpty ? "http status \(response.statusCode)" : String(text.prefix(300)),
      requestID: headerRequestID, statusCode: response.statusCode)
  }

  /// REST-JSON and JSON protocol errors (the SSO portal, SSO-OIDC): the code from
  /// `x-amzn-ErrorType`, `__type`, `code` or `error` (OAuth's form), shorn of any namespace
  /// (`com.amazonaws.sso#UnauthorizedException`) and suffix (`...:http://...`); the message
  /// from `message`, `Message` or `error_description`.
  static func jsonError(service: String, operation: String, response: HTTPResponse)
    -> AWSServiceError?
  {
    guard
      let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]
    else { return nil }
    let rawCode =
      response.header("x-amzn-errortype") ?? object["__type"] as? String
      ?? object["code"] as? String ?? object["error"] as? String
    guard var code = rawCode, !code.isEmpty else { return nil }
    if let colon = code.firstIndex(of: ":") { code = String(code[..<colon]) }
    if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
    let message =
      object["message"] as? String ?? object["Message"] as? String
      ?? object["error_description"] as? String ?? ""
    return AWSServiceError(
      service: service, operation: operation, code: code, message: message,
      requestID: response.header("x-amzn-requestid") ?? response.header("x-amz-request-id"),
      statusCode: response.statusCode)
  }

  /// The body as one line: HTML tags dropped (moto answers an unimplemented call with an HTML
  /// "500 Internal Server Error" page), whitespace collapsed.
  static func plainText(_ body: String) -> String {
    var text = ""
    var inTag = false
    for character in body {
      switch character {
      case "<": inTag = true
      case ">" where inTag: inTag = false; text.append(" ")
      default: if !inTag { text.append(character) }
      }
    }
    return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
  }

  static func codeForStatus(_ status: Int) -> String {
    switch status {
    case 301: return "PermanentRedirect"
    case 400: return "BadRequest"
    case 403: return "Forbidden"
    case 404: return "NotFound"
    case 429: return "TooManyRequestsException"
    case 503: return "ServiceUnavailable"
    default: return "HTTP\(status)"
    }
  }
}
