/// How a service's requests and errors are written on the wire (botocore's protocol names).
public enum WireProtocol: String, Hashable, Sendable, Codable, CaseIterable {
  /// `X-Amz-Target: Prefix.Operation` and a JSON body (DynamoDB, SQS, KMS, Logs, ...).
  case json
  /// `Action=Operation` form parameters, XML answers (IAM, STS, SNS, CloudFormation, ...).
  case query
  /// EC2's variant of the query protocol.
  case ec2
  /// Method + path template, JSON bodies (Lambda, X-Ray).
  case restJSON = "rest-json"
  /// Method + path template, XML bodies (S3).
  case restXML = "rest-xml"
  /// `POST /service/NAME/operation/OPERATION` with a CBOR body (CloudWatch).
  case rpcV2CBOR = "smithy-rpc-v2-cbor"
}
