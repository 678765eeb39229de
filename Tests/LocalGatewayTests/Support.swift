import AWSClient
import Foundation
import IAM
import LocalHTTP
import Testing

@testable import LocalGateway

/// The package's root folder.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

/// This target's fixtures.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .appendingPathComponent("Fixtures")

/// Whether python3 with botocore is here (the boto3-signed fixtures need it).
let hasBotocore: Bool = {
  (try? runPython(["-c", "import botocore, boto3"], input: nil)) != nil
}()

/// Runs `python3 arguments` with `input` on stdin; its stdout, or an error with its stderr.
@discardableResult
func runPython(
  _ arguments: [String], input: Data?, environment: [String: String] = [:],
  timeout: TimeInterval = 300
) throws -> Data {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["python3"] + arguments
  var env = ProcessInfo.processInfo.environment
  for (key, value) in environment { env[key] = value }
  process.environment = env
  let stdin = Pipe()
  let stdout = Pipe()
  let stderr = Pipe()
  process.standardInput = stdin
  process.standardOutput = stdout
  process.standardError = stderr
  try process.run()
  if let input { stdin.fileHandleForWriting.write(input) }
  try stdin.fileHandleForWriting.close()
  let output = DispatchQueue.global()
  nonisolated(unsafe) var outData = Data()
  nonisolated(unsafe) var errData = Data()
  let group = DispatchGroup()
  group.enter()
  output.async {
    outData = stdout.fileHandleForReading.readDataToEndOfFile()
    group.leave()
  }
  group.enter()
  output.async {
    errData = stderr.fileHandleForReading.readDataToEndOfFile()
    group.leave()
  }
  if group.wait(timeout: .now() + timeout) == .timedOut {
    process.terminate()
    throw ScriptError(message: "python3 \(arguments.joined(separator: " ")) timed out")
  }
  process.waitUntilExit()
  guard process.terminationStatus == 0 else {
    throw ScriptError(
      message:
        "python3 \(arguments.first ?? "") exited \(process.terminationStatus): "
        + String(decoding: errData, as: UTF8.self))
  }
  return outData
}

/// A failed script.
struct ScriptError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}

/// One request built and signed by botocore.
struct SignedFixture: Decodable {
  var name: String
  var method: String
  var url: String
  var headers: [[String]]
  var body: String

  /// As the gateway's server would receive it (Host from the URL, HTTP chunking undone).
  func request(secure: Bool = true) -> LocalHTTP.HTTPRequest {
    let components = URLComponents(string: url)
    let host = (components?.host ?? "127.0.0.1") + (components?.port.map { ":\($0)" } ?? "")
    let target =
      (components?.percentEncodedPath ?? "/")
      + (components?.percentEncodedQuery.map { "?" + $0 } ?? "")
    var list: [(name: String, value: String)] = [("Host", host)]
    for pair in headers where pair.count == 2 && pair[0].lowercased() != "transfer-encoding" {
      list.append((pair[0], pair[1]))
    }
    return LocalHTTP.HTTPRequest(
      method: method, target: target, headers: list,
      body: Array(Data(base64Encoded: body) ?? Data()), isSecure: secure,
      remoteAddress: "127.0.0.1")
  }
}

/// A case for `sign_requests.py`.
struct SigningCase: Encodable, Sendable {
  var name: String
  var service: String
  var method_name: String
  var params: [String: JSONValue]
  var presign: Int?
  var region: String?
}

/// Any JSON value, for the cases' parameters.
enum JSONValue: Encodable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByBooleanLiteral
{
  case string(String)
  case int(Int)
  case bool(Bool)
  case list([JSONValue])
  case object([String: JSONValue])

  init(stringLiteral value: String) { self = .string(value) }
  init(integerLiteral value: Int) { self = .int(value) }
  init(booleanLiteral value: Bool) { self = .bool(value) }
  init(arrayLiteral elements: JSONValue...) { self = .list(elements) }
  init(dictionaryLiteral elements: (String, JSONValue)...) {
    self = .object(Dictionary(elements, uniquingKeysWith: { first, _ in first }))
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .string(let value): try container.encode(value)
    case .int(let value): try container.encode(value)
    case .bool(let value): try container.encode(value)
    case .list(let value): try container.encode(value)
    case .object(let value): try container.encode(value)
    }
  }
}

/// Requests signed by botocore for `cases`, with `credentials`.
func signWithBotocore(
  _ cases: [SigningCase], endpoint: String = "https://127.0.0.1:4443",
  accessKey: String = "AKIAGATEWAYTEST00001", secret: String = "gateway-test-secret",
  token: String? = nil
) async throws -> [String: SignedFixture] {
  let input = try JSONEncoder().encode(cases)
  // Off the concurrency pool: botocore's import takes seconds under load (runPythonDetached).
  let output = try await runPythonDetached(
    [fixtures.appendingPathComponent("sign_requests.py").path, endpoint, accessKey, secret]
      + (token.map { [$0] } ?? []),
    input: input)
  let list = try JSONDecoder().decode([SignedFixture].self, from: output)
  return Dictionary(list.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
}

/// The plain request of a captured one (an aws-chunked body decoded, as the gateway does).
func plainRequest(_ request: LocalHTTP.HTTPRequest) throws -> LocalHTTP.HTTPRequest {
  guard let hash = request.header("x-amz-content-sha256"),
    AWSChunkedDecoder.streamingPayloadHashes.contains(hash)
  else { return request }
  let decoded = try AWSChunkedDecoder.decode(
    request.body, payloadHash: hash,
    signer: SigV4Signer(
      credentials: AWSCredentials(accessKeyID: "x", secretAccessKey: "y"), region: "us-east-1",
      service: "s3"),
    seedSignature: "", date: Date())
  return Gateway.plain(request, decoded)
}
