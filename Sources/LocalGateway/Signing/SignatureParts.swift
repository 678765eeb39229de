import Foundation
import LocalHTTP

/// The SigV4 parts of a request, from its `Authorization` header or its presigned query.
///
/// `AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/s3/aws4_request,
/// SignedHeaders=host;x-amz-date, Signature=…` or `?X-Amz-Algorithm=…&X-Amz-Credential=…`.
public struct SignatureParts: Hashable, Sendable {
  /// Where the signature travels.
  public enum Form: String, Hashable, Sendable {
    /// The `Authorization` header (`s3:authType` `REST-HEADER`).
    case header
    /// The query string of a presigned URL (`REST-QUERY-STRING`).
    case presigned
  }

  /// Header or query.
  public var form: Form
  /// The access key id.
  public var accessKeyID: String
  /// The day of the credential scope, `yyyyMMdd`.
  public var scopeDay: String
  /// The region of the credential scope.
  public var region: String
  /// The service (signing name) of the credential scope: `s3`, `states`, `monitoring`, ...
  public var service: String
  /// The signed header names, lowercase, in the order given.
  public var signedHeaders: [String]
  /// The hex signature.
  public var signature: String
  /// `X-Amz-Date` as sent.
  public var amzDate: String
  /// `X-Amz-Date` as a date.
  public var date: Date
  /// A presigned URL's validity in seconds.
  public var expires: Int?
  /// `X-Amz-Security-Token`, if sent.
  public var sessionToken: String?

  /// The parts of `request`, or nil when it carries no SigV4 signature at all.
  public static func parse(_ request: LocalHTTP.HTTPRequest) throws(AuthenticationError)
    -> SignatureParts?
  {
    let query = QueryItems(request.rawQuery)
    if request.header("Authorization")?.hasPrefix("AWS ") == true
      || (query.contains("AWSAccessKeyId") && query.contains("Signature"))
    {
      throw AuthenticationError(
        .incompleteSignature,
        "Signature Version 2 is not supported by the local gateway; sign with Signature Version "
          + "4 (boto3: Config(signature_version=\"s3v4\"))")
    }
    if let authorization = request.header("Authorization") {
      return try parseHeader(authorization, request)
    }
    if query.first("X-Amz-Algorithm") != nil || query.first("X-Amz-Credential") != nil {
      return try parsePresigned(query)
    }
    return nil
  }

  private static func parseHeader(_ value: String, _ request: HTTPRequest)
    throws(AuthenticationError) -> SignatureParts
  {
    guard value.hasPrefix("AWS4-HMAC-SHA256 ") else {
      throw AuthenticationError(
        .incompleteSignature,
        "Authorization header must use AWS4-HMAC-SHA256 (got '\(value.prefix(20))')")
    }
    var fields: [String: String] = [:]
    for part in value.dropFirst("AWS4-HMAC-SHA256 ".count).split(separator: ",") {
      let pair = part.trimmingCharacters(in: .whitespaces).split(
        separator: "=", maxSplits: 1)
      if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
    }
    for name in ["Credential", "SignedHeaders", "Signature"] where fields[name] == nil {
      throw AuthenticationError(
        .incompleteSignature,
        "Authorization header requires '\(name)' parameter. Authorization=\(redact(value))")
    }
    guard let amzDate = request.header("X-Amz-Date") else {
      throw AuthenticationError(
        .incompleteSignature,
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
    }
    return try make(
      form: .header, credential: fields["Credential"] ?? "",
      signedHeaders: fields["SignedHeaders"] ?? "", signature: fields["Signature"] ?? "",
      amzDate: amzDate, expires: nil, token: request.header("X-Amz-Security-Token"))
  }

  private static func parsePresigned(_ query: QueryItems) throws(AuthenticationError)
    -> SignatureParts
  {
    for name in [
      "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders",
      "X-Amz-Signature",
    ] where query.first(name) == nil {
      throw AuthenticationError(
        .incompleteSignature, "Query-string authentication requires the \(name) parameter")
    }
    guard query.first("X-Amz-Algorithm") == "AWS4-HMAC-SHA256" else {
      throw AuthenticationError(
        .incompleteSignature, "X-Amz-Algorithm only supports AWS4-HMAC-SHA256")
    }
    var expires: Int?
    if let text = query.first("X-Amz-Expires") {
      guard let value = Int(text), value >= 0, value <= 604_800 else {
        throw AuthenticationError(
          .incompleteSignature,
          "X-Amz-Expires must be between 0 and 604800 seconds, got '\(text)'")
      }
      expires = value
    }
    return try make(
      form: .presigned, credential: query.first("X-Amz-Credential") ?? "",
      signedHeaders: query.first("X-Amz-SignedHeaders") ?? "",
      signature: query.first("X-Amz-Signature") ?? "", amzDate: query.first("X-Amz-Date") ?? "",
      expires: expires, token: query.first("X-Amz-Security-Token"))
  }

  private static func make(
    form: Form, credential: String, signedHeaders: String, signature: String, amzDate: String,
    expires: Int?, token: String?
  ) throws(AuthenticationError) -> SignatureParts {
    let scope = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard scope.count == 5, scope[4] == "aws4_request", !scope[0].isEmpty else {
      throw AuthenticationError(
        .incompleteSignature,
        "Credential should be scoped to a valid region and service: 'AKID/yyyyMMdd/REGION/"
          + "SERVICE/aws4_request', got '\(redact(credential))'")
    }
    guard let date = parseAMZDate(amzDate) else {
      throw AuthenticationError(
        .incompleteSignature, "X-Amz-Date must be in the ISO8601 Long Format, got '\(amzDate)'")
    }
    guard scope[1] == String(amzDate.prefix(8)) else {
      throw AuthenticationError(
        .signatureDoesNotMatch,
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
          + "HTTP: '\(scope[1])' != '\(amzDate.prefix(8))', from '\(amzDate)'.")
    }
    return SignatureParts(
      form: form, accessKeyID: scope[0], scopeDay: scope[1], region: scope[2], service: scope[3],
      signedHeaders: signedHeaders.split(separator: ";").map { $0.lowercased() },
      signature: signature.lowercased(), amzDate: amzDate, date: date, expires: expires,
      sessionToken: token)
  }

  /// `yyyyMMdd'T'HHmmss'Z'` in UTC.
  static func parseAMZDate(_ text: String) -> Date? {
    let bytes = Array(text.utf8)
    guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z")
    else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for byte in bytes[range] {
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
      }
      return value
    }
    guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
      let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
      (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
    else { return nil }
    // Days since the epoch by the civil-from-days inverse (Howard Hinnant's algorithm).
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let monthIndex = month > 2 ? month - 3 : month + 9
    let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    let days = era * 146_097 + dayOfEra - 719_468
    return Date(
      timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3600 + minute * 60 + second))
  }

  private static func redact(_ text: String) -> String {
    guard let range = text.range(of: "Signature=") else { return text }
    return String(text[..<range.upperBound]) + "…"
  }
}
