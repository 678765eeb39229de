// The IAM gateway's added latency per request on loopback: the same boto3 calls made directly
// to the emulator (plain HTTP) and through the gateway (plain HTTP, and HTTPS with the local CA),
// p50/p90/p99 each. Run in release mode:
//
//   swift run -c release --static-swift-stdlib facestack-gateway-benchmark [ROUNDS]
//
// Starts the emulator (`python3 -m facestack_local.emulator`, moto 5.2.1 with the credentials
// route), an administrator made directly in it, the gateway in this process, and
// `client.py` beside this file as the caller.
import Foundation
import LocalGateway
import LocalHTTP

#if canImport(Glibc)
  import Glibc
#endif

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()
let rounds = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 300

/// Runs python3 and returns its stdout; exits on failure with its stderr.
func python(_ arguments: [String], environment: [String: String] = [:]) -> Data {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["python3"] + arguments
  process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  let output = Pipe()
  let errors = Pipe()
  process.standardOutput = output
  process.standardError = errors
  do {
    try process.run()
  } catch {
    FileHandle.standardError.write(Data("cannot run python3: \(error)\n".utf8))
    exit(1)
  }
  let data = output.fileHandleForReading.readDataToEndOfFile()
  let errorText = errors.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  guard process.terminationStatus == 0 else {
    FileHandle.standardError.write(errorText)
    exit(1)
  }
  return data
}

func freePort() -> Int {
  let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  defer { close(descriptor) }
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  _ = withUnsafePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
      bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
    }
  }
  var length = socklen_t(MemoryLayout<sockaddr_in>.size)
  _ = withUnsafeMutablePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
      getsockname(descriptor, $0, &length)
    }
  }
  return Int(UInt16(bigEndian: address.sin_port))
}

let port = freePort()
let state = FileManager.default.temporaryDirectory.appendingPathComponent(
  "facestack-gateway-bench-\(port)")
try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
let emulator = Process()
emulator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
emulator.arguments = [
  "python3", "-m", "facestack_local.emulator", "--host", "127.0.0.1", "--port", String(port),
  "--state-dir", state.path, "--log-level", "WARNING",
]
emulator.environment = ProcessInfo.processInfo.environment.merging(
  ["PYTHONPATH": root.appendingPathComponent("local").path]) { $1 }
try emulator.run()
defer {
  emulator.terminate()
  emulator.waitUntilExit()
  try? FileManager.default.removeItem(at: state)
}
let deadline = Date().addingTimeInterval(120)
while !FileManager.default.fileExists(atPath: state.appendingPathComponent("emulator.json").path) {
  guard emulator.isRunning, Date() < deadline else {
    FileHandle.standardError.write(Data("the emulator did not start\n".utf8))
    exit(1)
  }
  usleep(200_000)
}
let emulatorURL = "http://127.0.0.1:\(port)"
let keys = python(
  [
    "-c",
    """
    import json, sys, boto3
    kw = dict(endpoint_url=sys.argv[1], region_name="us-east-1",
              aws_access_key_id="setup", aws_secret_access_key="setup")
    iam = boto3.client("iam", **kw)
    iam.create_user(UserName="bench")
    iam.put_user_policy(UserName="bench", PolicyName="p", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    key = iam.create_access_key(UserName="bench")["AccessKey"]
    s3 = boto3.client("s3", **kw)
    s3.create_bucket(Bucket="bench")
    s3.put_object(Bucket="bench", Key="small.json", Body=b"{}")
    ddb = boto3.client("dynamodb", **kw)
    ddb.create_table(TableName="bench", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST")
    ddb.put_item(TableName="bench", Item={"id": {"S": "a"}})
    print(json.dumps([key["AccessKeyId"], key["SecretAccessKey"]]))
    """,
    emulatorURL,
  ])
let credentials = try JSONDecoder().decode([String].self, from: keys)
let authority = try CertificateAuthority.ensure(in: state.appendingPathComponent("tls"))
let log = try DecisionLog(file: state.appendingPathComponent("iam-log.jsonl"))
let gateway = try Gateway(emulator: HTTPClient(host: "127.0.0.1", port: port), log: log)
let tls = try await GatewayServer.start(gateway, tls: try authority.serverContext())
let plain = try await GatewayServer.start(gateway, tls: nil)
struct Target: Encodable {
  var name: String
  var endpoint: String
  var key: String
  var secret: String
  var verify: VerifyValue
}
enum VerifyValue: Encodable {
  case path(String)
  case off
  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .path(let path): try container.encode(path)
    case .off: try container.encode(false)
    }
  }
}
let targets = [
  Target(
    name: "emulator (HTTP)", endpoint: emulatorURL, key: credentials[0], secret: credentials[1],
    verify: .off),
  Target(
    name: "gateway (HTTP)", endpoint: "http://127.0.0.1:\(plain.port)", key: credentials[0],
    secret: credentials[1], verify: .off),
  Target(
    name: "gateway (HTTPS)", endpoint: "https://127.0.0.1:\(tls.port)", key: credentials[0],
    secret: credentials[1], verify: .path(authority.caCertificate.path)),
]
let output = python([
  root.appendingPathComponent("Benchmarks/gateway-benchmark/client.py").path, String(rounds),
  "30", String(decoding: try JSONEncoder().encode(targets), as: UTF8.self),
])
struct Row: Decodable {
  var target: String
  var call: String
  var p50: Double
  var p90: Double
  var p99: Double
}
let rows = try JSONDecoder().decode([Row].self, from: output)
func pad(_ text: String, _ width: Int) -> String {
  text + String(repeating: " ", count: max(0, width - text.count))
}
print("\(rounds) calls each after 30 warm-up calls, milliseconds (p50 / p90 / p99)")
print(pad("call", 36) + pad("emulator (HTTP)", 24) + pad("gateway (HTTP)", 24) + "gateway (HTTPS)")
var calls: [String] = []
for row in rows where !calls.contains(row.call) { calls.append(row.call) }
for call in calls {
  var line = pad(call, 36)
  for target in targets.map(\.name) {
    if let row = rows.first(where: { $0.call == call && $0.target == target }) {
      line += pad(String(format: "%.2f / %.2f / %.2f", row.p50, row.p90, row.p99), 24)
    }
  }
  print(line)
}
print("added at p50 (gateway HTTPS − emulator):")
for call in calls {
  guard let direct = rows.first(where: { $0.call == call && $0.target == targets[0].name }),
    let http = rows.first(where: { $0.call == call && $0.target == targets[1].name }),
    let https = rows.first(where: { $0.call == call && $0.target == targets[2].name })
  else { continue }
  print(
    "  " + pad(call, 34)
      + String(format: "%+.2f ms (HTTP %+.2f ms)", https.p50 - direct.p50, http.p50 - direct.p50))
}
print("decisions logged: \(log.lastSequence)")
await tls.shutdown()
await plain.shutdown()
