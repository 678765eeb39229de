import Foundation

/// Reads AWS's error responses, whatever their shape:
/// - Query protocol: `<ErrorResponse><Error><Code/><Message/></Error><RequestId/></ErrorResponse>`;
/// - S3: `<Error><Code/><Message/><RequestId/></Error>`;
/// - EC2 style: `<Response><Errors><Error>...</Error></Errors><RequestID/></Response>`;
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
    let text = plainText(response.text)
    return AWSServiceError(
      service: service, operation: operation, code: codeForStatus(response.statusCode),
      message: text.isEmpty ? "http status \(response.statusCode)" : String(text.prefix(300)),
      requestID: headerRequestID, statusCode: response.statusCode)
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
