import ArgumentParser
import Deploy
import FaceRecognitionStack
import FacestackCLI
import FacestackCloud
import FacestackCore
import Foundation

/// `facestack local ...`: the local cloud — the emulator with its face engine, the IAM gateway
/// and the runtime that runs the deployed pipeline — and what it ran.
struct LocalCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "local",
    abstract: "Run the deployed pipeline on this machine: the local cloud.",
    discussion: """
      'local start' starts the emulator (moto's server extended with a face engine) and \
      facestack-local (the IAM gateway every client calls over TLS, and the runtime that \
      delivers S3 events through the deployed rules, runs the state machine and the functions' \
      deployed code). Its state is in .facestack/local (FACESTACK_LOCAL_DIR overrides it); the \
      emulator's Python environment is installed there on first use. 'deploy --local' starts \
      it too. Commands that only read never start it. 'eval "$(facestack local env)"' points \
      the AWS CLI and boto3 at it.
      """,
    subcommands: [
      Start.self, Stop.self, Status.self, Env.self, Upload.self, Results.self, Executions.self,
      Execution.self, Logs.self, Trace.self, IAMLog.self, Live.self,
    ]
  )

  /// `text` or `json`.
  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

  /// The reporter that shows the local cloud's start-up steps on standard error.
  static var stepReporter: DeployReporter {
    DeployReporter { message in
      if case .step(let text) = message { Console.diagnostic(text) }
    }
  }

  static func cloud() throws -> LocalCloud { LocalCloud.of(try Workspace.locate()) }

  /// The environment's stack on the running local cloud.
  static func deployed(_ env: String) async throws -> DeployedStack {
    let target = try await DeployTarget(
      workspace: try Workspace.locate(), environment: env, local: true,
      reporter: stepReporter)
    return try await DeployedStack.load(target)
  }

  struct Start: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "start",
      abstract: "Start the local cloud (or show the running one).")

    @Option(
      help: """
        Seconds before an asynchronous invocation's first retry; the second waits twice as long \
        (Lambda's: 60).
        """)
    var asyncRetryDelay: Double = 60

    @Option(
      help: """
        Local fleet instances per Auto Scaling group, each running the queue worker (default: \
        each environment's local.workers); fixed while the local cloud runs.
        """)
    var workers: Int?

    func validate() throws {
      guard asyncRetryDelay >= 0, asyncRetryDelay <= 3600 else {
        throw ValidationError("--async-retry-delay must be between 0 and 3600 seconds")
      }
      if let workers, !(0...16).contains(workers) {
        throw ValidationError("--workers must be between 0 and 16, got \(workers)")
      }
    }

    func run() async throws {
      let cloud = try LocalCommand.cloud()
      let wasRunning = cloud.state() != nil
      let state = try await cloud.start(
        reporter: LocalCommand.stepReporter,
        options: LocalCloud.Options(asyncRetryDelay: asyncRetryDelay, workers: workers))
      if wasRunning, workers != nil || asyncRetryDelay != 60 {
        Console.diagnostic(
          "warning: the local cloud was already running; --workers and --async-retry-delay "
            + "apply when it starts ('facestack local stop' first)")
      }
      Console.out(
        "\(wasRunning ? "already running" : "started"): \(state.gatewayEndpoint.absoluteString) "
          + "(every service, \(state.region), account \(state.account))")
      Console.out("  use it:   eval \"$(facestack local env)\"   then the AWS CLI or boto3")
      Console.out("  deploy:   facestack deploy --env dev --local")
    }
  }

  struct Stop: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "stop",
      abstract: "Stop the local cloud (its state is in memory: a new start is empty).")

    func run() throws {
      Console.out(try LocalCommand.cloud().stop() ? "stopped" : "not running")
    }
  }

  struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "status",
      abstract: "Show the local cloud's processes and the runtime's counts.")

    @Option(help: "text or json.")
    var format: Format = .text

    func run() async throws {
      let cloud = try LocalCommand.cloud()
      guard let state = cloud.state() else {
        if format == .json {
          Console.out(#"{"running":false}"#)
        } else {
          Console.out("not running ('facestack local start' starts it)")
        }
        return
      }
      if format == .json {
        let counts = try await cloud.runtime(state, "_facestack/status")
        let health = try await cloud.emulatorHealth(state)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let stateJSON = String(decoding: try encoder.encode(state), as: UTF8.self)
        let runtimeJSON = String(decoding: counts, as: UTF8.self)
        let emulatorJSON = String(decoding: health.raw, as: UTF8.self)
        Console.out(
          #"{"running":true,"state":\#(stateJSON),"emulator":\#(emulatorJSON),"#
            + #""runtime":\#(runtimeJSON)}"#)
        return
      }
      let health = try await cloud.emulatorHealth(state).health
      let counts = try await cloud.runtime(state, "_facestack/status", query: ["format": "text"])
      Console.out("running since \(state.startedAt)")
      Console.out(
        "endpoint       \(state.gatewayEndpoint.absoluteString) (every service; \(state.region), "
          + "account \(state.account))")
      Console.out("CA bundle      \(state.caBundle)")
      Console.out(
        "emulator       pid \(state.emulatorPid), 127.0.0.1:\(state.emulatorPort) (moto "
          + "\(health.moto))")
      Console.out("face engine    \(Self.describe(health.faceEngine))")
      for collection in health.collections {
        Console.out(
          "collection     \(collection.id) (\(collection.faces) "
            + "face\(collection.faces == 1 ? "" : "s"), \(collection.region))")
      }
      Console.out(
        "facestack-local pid \(state.serverPid): gateway :\(state.gatewayPort), runtime "
          + ":\(state.runtimePort)")
      Console.out(String(decoding: counts, as: UTF8.self), terminator: "")
      for line in await LocalCommand.liveViewStatus(cloud, state) { Console.out(line) }
    }

    /// `ready (dlib 20.0.1.post1, ...)`, or the state and why; `--format json` has every model.
    static func describe(_ engine: EmulatorHealth.FaceEngine) -> String {
      let shown = ["dlib": "dlib", "faceRecognitionModels": "models", "emotions": "emotions"]
      let models = engine.models.sorted { $0.key < $1.key }.compactMap { key, value in
        shown[key].flatMap { name in value.map { "\(name) \($0)" } }
      }
      var line = engine.state
      if !models.isEmpty { line += " (" + models.joined(separator: ", ") + ")" }
      if let error = engine.error { line += ": " + error }
      return line
    }
  }

  struct Env: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "env",
      abstract: "Print the variables that point the AWS CLI and boto3 at the local cloud.",
      discussion: """
        eval "$(facestack local env)" sets AWS_ENDPOINT_URL (the gateway), the administrator's \
        access key, AWS_CA_BUNDLE (the local certificate authority) and the region, and unsets \
        AWS_PROFILE and AWS_SESSION_TOKEN.
        """)

    @Option(help: "sh (export lines) or json.")
    var format: EnvFormat = .sh

    enum EnvFormat: String, ExpressibleByArgument, CaseIterable { case sh, json }

    func run() throws {
      let cloud = try LocalCommand.cloud()
      let variables = try cloud.clientEnvironment(try cloud.running())
      switch format {
      case .sh:
        Console.out("unset AWS_PROFILE AWS_SESSION_TOKEN")
        for (name, value) in variables { Console.out("export \(name)=\(Self.quoted(value))") }
      case .json:
        let object = Dictionary(variables, uniquingKeysWith: { _, last in last })
        let data = try JSONSerialization.data(
          withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        Console.out(String(decoding: data, as: UTF8.self))
      }
    }

    /// Single-quoted for the shell.
    static func quoted(_ value: String) -> String {
      "'" + value.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
  }

  struct Upload: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "upload",
      abstract: "Upload images to the environment's bucket, as a camera would.",
      discussion: """
        Puts each FILE under input/ (the pipeline runs on it), under batch/ with --batch (the \
        fleet's work queue when the environment's routing is split), or under enroll/NAME/ with \
        --enroll (its face joins the collection as NAME). Every file is checked before the \
        first is sent. --wait prints each image's result rows once they are stored.
        """)

    @Argument(help: "Image files (JPEG or PNG).")
    var files: [String] = []

    @Option(help: "The environment.")
    var env = "dev"

    @Option(help: "Enroll the face as this person (Rekognition's ExternalImageId).")
    var enroll: String?

    @Flag(help: "Put the files under batch/ (the fleet's path with routing split).")
    var batch = false

    @Flag(help: "Do not send a file whose object already holds the same bytes.")
    var skipUnchanged = false

    @Flag(help: "Wait for each image's result rows and print them.")
    var wait = false

    @Option(help: "With --wait: seconds to wait at most.")
    var timeout: Double = 120

    func validate() throws {
      if files.isEmpty { throw ValidationError("give at least one image file") }
      if batch && enroll != nil { throw ValidationError("--batch and --enroll exclude each other") }
    }

    func run() async throws {
      let deployed = try await LocalCommand.deployed(env)
      let destination: ImageUpload.Destination =
        enroll.map { .enroll($0) } ?? (batch ? .batch : .input)
      let bucket = try deployed.output(FaceRecognitionStack.Outputs.imagesBucket)
      let upload = ImageUpload(aws: deployed.target.aws, bucket: bucket)
      let uploaded = try await upload.put(
        files, to: destination, skippingUnchanged: skipUnchanged)
      for item in uploaded {
        Console.out(
          item.sent
            ? "uploaded s3://\(bucket)/\(item.key)" : "unchanged s3://\(bucket)/\(item.key)")
      }
      guard wait else { return }
      let table = try deployed.output(FaceRecognitionStack.Outputs.resultsTable)
      let results = PipelineResults(aws: deployed.target.aws, table: table)
      for row in try await results.rows(of: uploaded, timeout: timeout) {
        Console.out("  " + row.text)
      }
    }
  }

  struct Results: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "results",
      abstract: "Show the newest result rows (faces, people, similarity, emotions).",
      discussion: """
        One row per face found, and one per image with no face, rejected, failed or enrolled, \
        oldest first. --format json prints each row's attributes as one JSON object per line.
        """)

    @Option(help: "The environment.")
    var env = "dev"

    @Option(help: "How many of the newest rows.")
    var limit = 20

    @Flag(help: "Keep printing new rows as they land (Ctrl-C ends).")
    var follow = false

    @Option(help: "text or json (JSON Lines).")
    var format: Format = .text

    func run() async throws {
      let deployed = try await LocalCommand.deployed(env)
      let table = try deployed.output(FaceRecognitionStack.Outputs.resultsTable)
      let results = PipelineResults(aws: deployed.target.aws, table: table)
      let format = format
      try await results.stream(newest: limit, follow: follow) { row in
        Console.out(format == .json ? row.json : row.text)
      }
    }
  }

  struct Executions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "executions",
      abstract: "List the state machine executions the runtime ran, newest first.")

    @Option(help: "text or json.")
    var format: Format = .text

    func run() async throws {
      let cloud = try LocalCommand.cloud()
      let data = try await cloud.runtime(
        try cloud.running(), "_facestack/executions",
        query: format == .text ? ["format": "text"] : [:])
      Console.out(String(decoding: data, as: UTF8.self), terminator: format == .text ? "" : "\n")
    }
  }

  struct Execution: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "execution",
      abstract: "Show one execution's history (by name or ARN).")

    @Argument(help: "The execution's name or ARN (from 'local executions').")
    var id: String

    @Option(help: "text, or json (GetExecutionHistory's answer).")
    var format: Format = .text

    func run() async throws {
      let cloud = try LocalCommand.cloud()
      let data = try await cloud.runtime(
        try cloud.running(), "_facestack/executions/\(id)",
        query: format == .text ? ["format": "text"] : [:])
      Console.out(String(decoding: data, as: UTF8.self), terminator: format == .text ? "" : "\n")
    }
  }

  struct Logs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "logs",
      abstract: "Show a function's logs on the local cloud ('facestack logs --local').")

    @OptionGroup var options: FunctionLogOptions

    @Option(help: "The environment.")
    var env = "dev"

    func run() async throws {
      try await options.print(
        target: try await DeployTarget(
          workspace: try Workspace.locate(), environment: env, local: true,
          reporter: LocalCommand.stepReporter))
    }
  }

  struct Trace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "trace",
      abstract: "Show one upload's story: event, rules, execution, invocations, calls.",
      discussion: """
        KEY is the object's key (input/photo.jpg) or an s3://bucket/key URL. The runtime keeps \
        its history in memory from 'local start'.
        """)

    @Argument(help: "The object's key, or s3://bucket/key.")
    var key: String

    @Option(help: "text or json.")
    var format: Format = .text

    func run() async throws {
      var query: [String: String] = [:]
      if key.hasPrefix("s3://") {
        let path = key.dropFirst("s3://".count)
        guard let slash = path.firstIndex(of: "/") else {
          throw FacestackError.input("\(key) is not an s3://bucket/key URL")
        }
        query["bucket"] = String(path[..<slash])
        query["key"] = String(path[path.index(after: slash)...])
      } else {
        query["key"] = key
      }
      if format == .text { query["format"] = "text" }
      let cloud = try LocalCommand.cloud()
      let data = try await cloud.runtime(try cloud.running(), "_facestack/trace", query: query)
      Console.out(String(decoding: data, as: UTF8.self), terminator: format == .text ? "" : "\n")
    }
  }
}
