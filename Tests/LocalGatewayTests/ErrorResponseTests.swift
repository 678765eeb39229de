import Foundation
import LocalHTTP
import Testing

@testable import LocalGateway

/// AWS's error answers in every protocol the local cloud speaks, read back by botocore's own
/// response parsers: the code and message a boto3 caller sees.
@Suite(.enabled(if: hasBotocore)) struct ErrorResponseTests {
  struct Case: Encodable {
    var service: String
    var operation: String
    var protocolName: String?
    var status: Int
    var headers: [[String]]
    var body: String

    enum CodingKeys: String, CodingKey {
      case service, operation, status, headers, body
      case protocolName = "protocol"
    }
  }

  struct Parsed: Decodable {
    var code: String?
    var message: String?
  }

  @Test func botocoreReadsEveryProtocolsAccessDenied() throws {
    let message = "User: arn:aws:sts::123456789012:assumed-role/R/s is not authorized to perform: x"
    let table: [(model: String, operation: String, service: String, WireProtocol, String)] = [
      ("s3", "GetObject", "s3", .restXML, "AccessDenied"),
      ("sts", "GetCallerIdentity", "sts", .query, "AccessDenied"),
      ("sns", "Publish", "sns", .query, "AuthorizationError"),
      ("ec2", "DescribeInstances", "ec2", .ec2, "UnauthorizedOperation"),
      ("dynamodb", "Query", "dynamodb", .json, "AccessDeniedException"),
      ("sqs", "SendMessage", "sqs", .json, "AccessDenied"),
      ("lambda", "Invoke", "lambda", .restJSON, "AccessDeniedException"),
      ("cloudwatch", "PutMetricData", "monitoring", .rpcV2CBOR, "AccessDenied"),
    ]
    let cases = table.map { row in
      let response = ErrorResponse.accessDenied(
        message, service: row.service, wireProtocol: row.3, requestID: "REQ1")
      return Case(
        service: row.model, operation: row.operation, protocolName: row.3.rawValue,
        status: response.status, headers: response.headers.map { [$0.name, $0.value] },
        body: Data(response.body).base64EncodedString())
    }
    let output = try runPython(
      [fixtures.appendingPathComponent("parse_errors.py").path],
      input: try JSONEncoder().encode(cases))
    let parsed = try JSONDecoder().decode([Parsed].self, from: output)
    for (row, result) in zip(table, parsed) {
      #expect(result.code == row.4, "\(row.model)")
      #expect(result.message == message, "\(row.model)")
    }
    let expired = ErrorResponse.authentication(
      AuthenticationError(.expiredToken, "The security token included in the request is expired"),
      service: "sts", wireProtocol: .query, requestID: "R")
    let expiredCase = Case(
      service: "sts", operation: "GetCallerIdentity", protocolName: "query",
      status: expired.status, headers: expired.headers.map { [$0.name, $0.value] },
      body: Data(expired.body).base64EncodedString())
    let parsedExpired = try JSONDecoder().decode(
      [Parsed].self,
      from: try runPython(
        [fixtures.appendingPathComponent("parse_errors.py").path],
        input: try JSONEncoder().encode([expiredCase])))
    #expect(parsedExpired.first?.code == "ExpiredToken")
  }
}
