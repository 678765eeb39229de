import ArgumentParser
import FacestackCLI
import FacestackCloud
import FacestackCore
import Foundation
import LocalGateway

extension LocalCommand {
  /// `facestack local iam-log [--denied] [--follow] [--format text|json]`: the IAM gateway's
  /// decisions, one line each.
  struct IAMLog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "iam-log",
      abstract: "Show the IAM gateway's decisions: who did what on which resource, and why.",
      discussion: """
        Every call to the local cloud (a user's, a function's under its role, the state \
        machine's and the rules' roles, the fleet's, log delivery) is authorized against the \
        deployed policies and logged in .facestack/local/iam-log.jsonl. One line per action and \
        resource: time, ALLOW or DENY, principal, action, resource, and the statement that \
        decided (or the one missing), then the request id. --format json prints the records as \
        the file holds them (one JSON object per line).
        """)

    @Flag(help: "Only refused calls (implicit and explicit denies, unknown operations, bad keys).")
    var denied = false

    @Flag(help: "Keep printing new decisions as they are made (Ctrl-C ends).")
    var follow = false

    @Option(help: "text or json (JSON Lines).")
    var format: Format = .text

    func run() async throws {
      let file = try LocalCommand.cloud().decisionLog
      guard FileManager.default.fileExists(atPath: file.path) else {
        throw FacestackError.input(
          "no IAM decision log at \(file.path); start the local cloud with 'facestack local start'"
        )
      }
      let render = Renderer(format: format)
      do {
        let (records, offset) = try DecisionLogFile.read(file, deniedOnly: denied)
        for record in records { Console.out(try render(record)) }
        guard follow else { return }
        for try await record in DecisionLogFile.follow(file, from: offset, deniedOnly: denied) {
          Console.out(try render(record))
        }
      } catch let error as DecisionLogFileError {
        throw FacestackError.input(error.message)
      }
    }
  }

  /// One decision as a line of text or JSON.
  private struct Renderer {
    let format: Format
    private let encoder: JSONEncoder = {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
      return encoder
    }()

    init(format: Format) { self.format = format }

    func callAsFunction(_ record: DecisionRecord) throws -> String {
      guard format == .json else { return record.textLine }
      return String(decoding: try encoder.encode(record), as: UTF8.self)
    }
  }
}
