import AWSClient
import Foundation
import IAM
import LocalHTTP
import NIOConcurrencyHelpers

/// The local cloud's IAM gateway: every request to the local cloud passes here. It verifies the
/// SigV4 signature with the credentials the emulator issued, decodes `aws-chunked` payloads,
/// maps the request to its IAM actions, resources and condition keys (``RequestMapper``),
/// evaluates them with IAM's evaluation core on the deployed policies (``Authorizer``), logs
/// each decision (``DecisionLog``), and then forwards the request to the emulator, hands it to
/// a registered ``GatewayBackend``, or answers AWS's error in the request's protocol.
///
/// ```swift
/// let emulator = HTTPClient(host: "127.0.0.1", port: emulatorPort)
/// let log = try DecisionLog(file: localFolder.appendingPathComponent("iam-log.jsonl"))
/// let gateway = try Gateway(emulator: emulator, log: log)
/// gateway.register(stepFunctions, service: "states", operations: ["StartExecution"])
/// let server = try await GatewayServer.start(gateway, port: 0, tls: try authority.serverContext())
/// ```
public final class Gateway: Sendable {
  /// The request map.
  public let mapper: RequestMapper
  /// Who each access key is.
  public let credentials: CredentialDirectory
  /// The deployed policies.
  public let policies: PolicyStore
  /// The evaluation and the log (the runtime calls it too).
  public let authorizer: Authorizer
  /// The decision log.
  public var log: DecisionLog { authorizer.log }
  private let emulator: HTTPClient
  private let verifier: SignatureVerifier
  private let now: @Sendable () -> Date
  private let backends = NIOLockedValueBox<[String: any GatewayBackend]>([:])

  /// A gateway in front of `emulator`. `policyCacheLifetime`: how long a policy read is kept
  /// when no write passes through the gateway (seconds). `now` is the clock of every check
  /// (the verifier's too, unless one is given).
  public init(
    emulator: HTTPClient, log: DecisionLog, mapper: RequestMapper? = nil,
    verifier: SignatureVerifier? = nil, policyCacheLifetime: TimeInterval = 5,
    credentialCacheLifetime: TimeInterval = 30, now: @escaping @Sendable () -> Date = { Date() }
  ) throws {
    self.emulator = emulator
    self.mapper = try mapper ?? RequestMapper()
    self.verifier = verifier ?? SignatureVerifier(now: now)
    self.now = now
    credentials = CredentialDirectory(
      emulator: emulator, cacheLifetime: credentialCacheLifetime, now: now)
    policies = PolicyStore(emulator: emulator, cacheLifetime: policyCacheLifetime, now: now)
    authorizer = Authorizer(policies: policies, log: log, now: now)
  }

  /// Routes `operations` of `service` (its signing name) to `backend` once authorized.
  public func register(_ backend: any GatewayBackend, service: String, operations: [String]) {
    backends.withLockedValue { table in
      for operation in operations { table["\(service):\(operation)"] = backend }
    }
  }

  /// Answers one request.
  public func handle(_ request: LocalHTTP.HTTPRequest) async -> LocalHTTP.HTTPResponse {
    let requestID = RequestID.make()
    let parts: SignatureParts?
    do {
      parts = try SignatureParts.parse(request)
    } catch {
      let service = Self.scopeService(request) ?? "s3"
      return refuse(error, request, service: service, accessKeyID: nil, requestID: requestID)
    }
    guard let parts else { return await anonymous(request, requestID: requestID) }
    let service = parts.service
    let issued: IssuedCredentials?
    do {
      issued = try await credentials.credentials(for: parts.accessKeyID)
    } catch {
      return internalFailure(error.message, request, service: service, requestID: requestID)
    }
    guard let issued else {
      let message =
        service == "s3"
        ? "The AWS Access Key Id you provided does not exist in our records."
        : "The security token included in the request is invalid."
      return refuse(
        AuthenticationError(.unknownAccessKey, message), request, service: service,
        accessKeyID: parts.accessKeyID, requestID: requestID)
    }
    var forwarded = request
    let verified: SignatureVerifier.Verified
    do {
      verified = try verifier.verify(request, parts, issued)
      if AWSChunkedDecoder.streamingPayloadHashes.contains(verified.payloadHash) {
        let decoded = try AWSChunkedDecoder.decode(
          request.body, payloadHash: verified.payloadHash, signer: verified.signer,
          seedSignature: parts.signature, date: parts.date)
        forwarded = Self.plain(request, decoded)
      }
    } catch {
      return refuse(
        error, request, service: service, accessKeyID: parts.accessKeyID, requestID: requestID)
    }
    let context = ARNContext(region: parts.region, account: issued.accountID)
    let mapped: MappedRequest
    do {
      mapped = try mapper.map(forwarded, service: service, context: context)
    } catch {
      return unmapped(
        error, request, principal: issued.principal, accessKeyID: parts.accessKeyID,
        service: service, requestID: requestID)
    }
    var keys = globalKeys(forwarded, region: parts.region)
    if issued.principal.kind == .assumedRole { keys["aws:MultiFactorAuthPresent"] = ["false"] }
    if service == "s3" {
      keys["s3:authType"] = [parts.form == .header ? "REST-HEADER" : "REST-QUERY-STRING"]
      keys["s3:signatureversion"] = ["AWS4-HMAC-SHA256"]
      keys["s3:signatureAge"] = [String(Int(max(0, now().timeIntervalSince(parts.date)) * 1000))]
    }
    let result = await authorizer.authorize(
      principal: issued.principal, authorizations: mapped.authorizations, globalKeys: keys,
      region: parts.region, sessionPolicy: issued.sessionPolicy, accessKeyID: parts.accessKeyID,
      requestID: requestID, service: service, operation: mapped.operation,
      prefix: mapped.prefix, source: .gateway)
    guard result.isAllowed else {
      // A policy that could not be read denies too (its message says why).
      return ErrorResponse.accessDenied(
        result.message ?? "Access Denied", service: service, wireProtocol: mapped.wireProtocol,
        requestID: requestID)
    }
    if let backend = backends.withLockedValue({ $0["\(service):\(mapped.operation)"] }) {
      return await backend.handle(
        AuthorizedRequest(
          http: forwarded, service: service, operation: mapped.operation,
          wireProtocol: mapped.wireProtocol, region: parts.region, account: issued.accountID,
          principal: issued.principal, credentials: issued, requestID: requestID,
          decisions: result.records))
    }
    let response = await forward(
      forwarded, service: service, wireProtocol: mapped.wireProtocol, requestID: requestID)
    invalidateAfter(service: service, mapped: mapped)
    return response
  }

  /// An unsigned request: anonymous for S3 (only a bucket policy naming `*` can allow),
  /// `MissingAuthenticationToken` for every other service.
  private func anonymous(_ request: LocalHTTP.HTTPRequest, requestID: String) async
    -> LocalHTTP.HTTPResponse
  {
    let looksLikeS3 =
      request.header("X-Amz-Target") == nil && QueryItems(request.rawQuery).first("Action") == nil
      && !(request.header("Content-Type") ?? "").hasPrefix("application/x-www-form-urlencoded")
    guard looksLikeS3 else {
      let service = Self.scopeService(request) ?? "sts"
      return refuse(
        AuthenticationError(.missingAuthenticationToken, "Missing Authentication Token"), request,
        service: service, accessKeyID: nil, requestID: requestID)
    }
    let mapped: MappedRequest
    do {
      mapped = try mapper.map(
        request, service: "s3", context: ARNContext(region: "us-east-1", account: ""))
    } catch {
      return unmapped(
        error, request, principal: .anonymous, accessKeyID: nil, service: "s3",
        requestID: requestID)
    }
    let result = await authorizer.authorize(
      principal: .anonymous, authorizations: mapped.authorizations,
      globalKeys: globalKeys(request, region: "us-east-1"), region: "us-east-1",
      sessionPolicy: nil, accessKeyID: nil, requestID: requestID, service: "s3",
      operation: mapped.operation, prefix: "s3", source: .gateway)
    guard result.isAllowed else {
      return ErrorResponse.accessDenied(
        "Access Denied", service: "s3", wireProtocol: .restXML, requestID: requestID)
    }
    return await forward(request, service: "s3", wireProtocol: .restXML, requestID: requestID)
  }

  /// The global condition keys of a request.
  private func globalKeys(_ request: LocalHTTP.HTTPRequest, region: String) -> ContextKeys {
    var keys = ContextKeys.timeKeys(now())
    keys["aws:SecureTransport"] = [request.isSecure ? "true" : "false"]
    keys["aws:RequestedRegion"] = [region]
    keys["aws:ViaAWSService"] = ["false"]
    if let address = request.remoteAddress { keys["aws:SourceIp"] = [address] }
    if let agent = request.header("User-Agent") { keys["aws:UserAgent"] = [agent] }
    return keys
  }

  /// Forwards to the emulator and returns its answer (hop-by-hop headers dropped).
  private func forward(
    _ request: LocalHTTP.HTTPRequest, service: String, wireProtocol: WireProtocol,
    requestID: String
  ) async -> LocalHTTP.HTTPResponse {
    var headers = request.headers.filter { !Self.hopByHop.contains($0.name.lowercased()) }
    if let address = request.remoteAddress { headers.append(("X-Forwarded-For", address)) }
    do {
      var response = try await emulator.send(
        LocalHTTP.HTTPRequest(
          method: request.method, target: request.target, headers: headers, body: request.body,
          isSecure: request.isSecure, remoteAddress: request.remoteAddress),
        timeout: .seconds(900))
      // A HEAD answer keeps the emulator's Content-Length (the size a GET would have, which
      // HeadObject reports); otherwise the server sets it from the body.
      let keepLength = request.method == "HEAD"
      response.headers = response.headers.filter { header in
        let name = header.name.lowercased()
        return !Self.hopByHop.contains(name) || (keepLength && name == "content-length")
      }
      return response
    } catch {
      return internalFailure(
        "the emulator did not answer: \(error)", request, service: service,
        requestID: requestID, wireProtocol: wireProtocol)
    }
  }

  /// Drops cached policies (and credentials) after a request that may change them: an action
  /// of the permissions-management level (`iam:PutRolePolicy`, `s3:PutBucketPolicy`,
  /// `sqs:SetQueueAttributes`, `iam:DeleteAccessKey`, ...) or a CloudFormation write (a stack
  /// change creates and updates roles and resource policies inside the emulator). Object and
  /// item writes keep the cache.
  private func invalidateAfter(service: String, mapped: MappedRequest) {
    let changesPolicies = mapped.authorizations.contains { authorization in
      guard let action = mapper.catalog.action(authorization.action) else { return true }
      return action.accessLevel == .permissionsManagement
        || (action.service == "cloudformation" && action.accessLevel == .write)
    }
    guard changesPolicies else { return }
    policies.invalidate()
    credentials.invalidate()
  }

  private func refuse(
    _ error: AuthenticationError, _ request: LocalHTTP.HTTPRequest, service: String,
    accessKeyID: String?, requestID: String
  ) -> LocalHTTP.HTTPResponse {
    let wireProtocol = Self.requestProtocol(request, service: service, map: mapper.map)
    authorizer.refuse(
      principal: accessKeyID ?? "anonymous", principalType: nil, accessKeyID: accessKeyID,
      service: service, operation: nil, action: "\(service):*", outcome: .unauthenticated,
      reason: "\(error.code(forService: service).code): \(error.message)",
      message: error.message, requestID: requestID)
    return ErrorResponse.authentication(
      error, service: service, wireProtocol: wireProtocol, requestID: requestID)
  }

  private func unmapped(
    _ error: RequestMappingError, _ request: LocalHTTP.HTTPRequest, principal: RequestPrincipal,
    accessKeyID: String?, service: String, requestID: String
  ) -> LocalHTTP.HTTPResponse {
    var operation: String?
    if case .unknownOperation(_, let name) = error { operation = name }
    let prefix = mapper.map.services[service]?.prefix ?? service
    let action = "\(prefix):\(operation ?? "?")"
    let message =
      "\(principal.messageName) is not authorized to perform: \(action) because \(error.description)"
    authorizer.refuse(
      principal: principal.arn, principalType: principal.kind.rawValue, accessKeyID: accessKeyID,
      service: service, operation: operation, action: action, outcome: .unmapped,
      reason: error.description, message: message, requestID: requestID)
    return ErrorResponse.accessDenied(
      message, service: service,
      wireProtocol: Self.requestProtocol(request, service: service, map: mapper.map),
      requestID: requestID)
  }

  private func internalFailure(
    _ message: String, _ request: LocalHTTP.HTTPRequest, service: String, requestID: String,
    wireProtocol: WireProtocol? = nil
  ) -> LocalHTTP.HTTPResponse {
    authorizer.refuse(
      principal: "unknown", principalType: nil, accessKeyID: nil, service: service,
      operation: nil, action: "\(service):*", outcome: .policyError, reason: message,
      message: message, requestID: requestID)
    return ErrorResponse.internalFailure(
      message, service: service,
      wireProtocol: wireProtocol
        ?? Self.requestProtocol(request, service: service, map: mapper.map),
      requestID: requestID)
  }

  /// The plain request of a decoded `aws-chunked` one: the payload as body, the trailing
  /// checksums as headers, the chunking headers gone.
  static func plain(_ request: LocalHTTP.HTTPRequest, _ decoded: AWSChunkedDecoder.Decoded)
    -> LocalHTTP.HTTPRequest
  {
    var result = request
    var headers: [(name: String, value: String)] = []
    for header in request.headers {
      switch header.name.lowercased() {
      case "x-amz-decoded-content-length", "x-amz-trailer", "content-length": continue
      case "x-amz-content-sha256": headers.append((header.name, SigV4Signer.unsignedPayload))
      case "content-encoding":
        let rest = header.value.split(separator: ",").map {
          $0.trimmingCharacters(in: .whitespaces)
        }.filter { $0 != "aws-chunked" && !$0.isEmpty }
        if !rest.isEmpty { headers.append((header.name, rest.joined(separator: ","))) }
      default: headers.append(header)
      }
    }
    headers += decoded.trailers
    result.headers = headers
    result.body = decoded.payload
    return result
  }

  /// The protocol a request is written in, from its headers, for error answers.
  static func requestProtocol(_ request: LocalHTTP.HTTPRequest, service: String, map: RequestMap)
    -> WireProtocol
  {
    if request.header("smithy-protocol") != nil { return .rpcV2CBOR }
    if request.header("X-Amz-Target") != nil { return .json }
    let protocols = map.services[service]?.protocols ?? []
    if let query = protocols.first(where: { $0 == .query || $0 == .ec2 }),
      QueryItems(request.rawQuery).first("Action") != nil
        || (request.header("Content-Type") ?? "").hasPrefix("application/x-www-form-urlencoded")
    {
      return query
    }
    return protocols.first ?? (service == "s3" ? .restXML : .query)
  }

  /// The service of the credential scope, read leniently (for errors before parsing succeeds).
  static func scopeService(_ request: LocalHTTP.HTTPRequest) -> String? {
    let credential =
      request.header("Authorization").flatMap { header -> String? in
        guard let range = header.range(of: "Credential=") else { return nil }
        return String(header[range.upperBound...].prefix { $0 != "," && $0 != " " })
      } ?? QueryItems(request.rawQuery).first("X-Amz-Credential")
    let parts = credential?.split(separator: "/") ?? []
    return parts.count >= 4 ? String(parts[3]) : nil
  }

  static let hopByHop: Set<String> = [
    "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te",
    "trailer", "content-length", "expect",
  ]
}
