import ArgumentParser
import CloudFormation
import FacestackCore
import Foundation
import IAM

/// `facestack iam`: review IAM policies and compare them between revisions.
///
/// By default both subcommands review a fresh synth of `--env`; `--policies DIR` reads a folder
/// of policy files instead (one `<Role>.json` per role, optionally `<Role>.trust.json`; see
/// `RoleLoader`).
struct IAMCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "iam",
    abstract: "Review IAM policies and what a change does to them.",
    subcommands: [IAMReviewCommand.self, IAMDiffCommand.self]
  )
}

/// Options both `iam` subcommands take.
struct IAMInputOptions: ParsableArguments {
  @Option(help: "The environment, synthesized fresh from the stack code (default: dev).")
  var env: String = "dev"

  @Option(
    name: .customLong("policies"),
    help: "Review a folder of policy JSON files (one per role) instead of a fresh synth.")
  var policiesFolder: String?

  /// The folder of policy files.
  var policies: String { policiesFolder ?? "policies/\(env)" }

  @Option(help: "Output format: text, markdown or json.")
  var format: IAMReportFormat = .text

  @Option(help: "The account the stack deploys to; trust of any other account is external.")
  var account: String?

  @Option(help: "JSON file of acknowledgements: [{\"rule\", \"role\", \"reason\"}].")
  var acknowledgements: String?

  func loadAcknowledgements() throws -> [Acknowledgement] {
    guard let path = acknowledgements else { return [] }
    do {
      return try JSONDecoder().decode([Acknowledgement].self, from: Data(try FileIO.read(path)))
    } catch let error as FacestackError {
      throw error
    } catch {
      throw FacestackError.input(
        "\(path): expected a list of {rule, role, reason}: \(error.localizedDescription)")
    }
  }

  func catalog() throws -> IAMCatalog {
    do {
      return try IAMCatalog.bundled()
    } catch {
      throw FacestackError.input("cannot load the iam catalog: \(error)")
    }
  }
}

enum IAMReportFormat: String, ExpressibleByArgument, CaseIterable {
  case text, markdown, json
  var reportFormat: ReportFormat { ReportFormat(rawValue: rawValue) ?? .text }
}

enum IAMFailLevel: String, ExpressibleByArgument, CaseIterable {
  case warning, error
  var severity: FindingSeverity { self == .warning ? .warning : .error }
}

/// `facestack iam review`.
struct IAMReviewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "review",
    abstract: "Show what each role may do, its risk findings and its handler coverage.",
    discussion: """
      Exit 1 when unacknowledged findings at or above --fail-on remain (missing permissions are \
      errors, unused ones warnings), 2 on unreadable input.
      """
  )

  @OptionGroup var input: IAMInputOptions

  @Option(help: "Fail on findings at or above this severity: warning or error.")
  var failOn: IAMFailLevel = .error

  @Option(
    name: .customLong("handler-calls"),
    help:
      "ROLE=FILE: the output of scripts/scan_handler_calls.py for the function that ROLE runs (repeatable)."
  )
  var handlerCalls: [String] = []

  @Option(
    help: """
      A synthesized template (templates/<env>/<Stack>.yaml) to review instead of the policy \
      files: its roles with their trust policies, intrinsics typed by the template's resources.
      """)
  var template: String?

  func run() throws {
    if template == nil && input.policiesFolder == nil && handlerCalls.isEmpty {
      try reviewFreshSynth()
      return
    }
    let (roles, resolver) = try loadRoles()
    var coverage: [CoverageReport] = []
    for entry in handlerCalls {
      let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2 else {
        throw FacestackError.input("--handler-calls expects ROLE=FILE, got '\(entry)'")
      }
      guard let role = roles.first(where: { $0.name == parts[0] }) else {
        throw FacestackError.input("--handler-calls: no role '\(parts[0])' to review")
      }
      let scan: HandlerScan
      do {
        scan = try HandlerScan(json: Data(try FileIO.read(parts[1])))
      } catch let error as FacestackError {
        throw error
      } catch {
        throw FacestackError.input("\(parts[1]): not a handler scan: \(error.localizedDescription)")
      }
      let function =
        (parts[1] as NSString).lastPathComponent.split(separator: ".").first.map(String.init)
        ?? parts[0]
      coverage.append(
        CoverageChecker(resolver: resolver).check(function: function, role: role, scan: scan))
    }
    let reviewer = IAMReviewer(
      catalog: try input.catalog(), resolver: resolver, accountID: input.account)
    let review = reviewer.review(
      roles: roles, acknowledgements: try input.loadAcknowledgements(), coverage: coverage)
    Console.out(try ReviewRenderer.render(review, as: input.format.reportFormat), terminator: "")
    if review.fails(at: failOn.severity) {
      throw FacestackError.failed("iam review: \(review.summary)")
    }
  }
}

extension IAMReviewCommand {
  /// The default: a fresh synth of `--env`, its acknowledgements, and every handler's coverage.
  func reviewFreshSynth() throws {
    let workspace = try Workspace.locate()
    let inputs = try workspace.reviewInputs(environment: input.env)
    let environment = try workspace.environment(input.env)
    let reviewer = IAMReviewer(
      catalog: try input.catalog(), resolver: ResourcePatternResolver(template: inputs.template),
      accountID: input.account ?? environment.account)
    let review = reviewer.review(
      roles: inputs.roles,
      acknowledgements: inputs.acknowledgements + (try input.loadAcknowledgements()),
      coverage: inputs.coverage)
    Console.out(try ReviewRenderer.render(review, as: input.format.reportFormat), terminator: "")
    if review.fails(at: failOn.severity) {
      throw FacestackError.failed("iam review: \(review.summary)")
    }
  }

  /// The roles from `--template`, or from the policy files.
  func loadRoles() throws -> ([Role], ResourcePatternResolver) {
    if let template {
      do {
        let parsed = try TemplateReader.read(try FileIO.read(template), file: template)
        return (try RoleLoader.roles(in: parsed), ResourcePatternResolver(template: parsed))
      } catch let error as TemplateError {
        throw FacestackError.input(error.description)
      } catch let error as PolicyReadError {
        throw FacestackError.input("\(template): \(error.description)")
      }
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: input.policies, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      throw FacestackError.input("\(input.policies): no such folder of policy files")
    }
    do {
      return (try RoleLoader.roles(inDirectory: input.policies), ResourcePatternResolver())
    } catch let error as PolicyReadError {
      throw FacestackError.input(error.description)
    } catch {
      throw FacestackError.input(
        "\(input.policies): cannot read the folder: \(error.localizedDescription)")
    }
  }
}

/// `facestack iam diff`.
struct IAMDiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Compare the policies at a git revision with the working tree's.",
    discussion: """
      Compares the roles of templates/<env>/FaceRecognition.yaml at GIT_REF (read with git) with \
      a fresh synth of the working tree (or, with --policies DIR, that folder at GIT_REF and in \
      the working tree), and reports per role the actions, resources and trust added and removed, \
      new and resolved findings, and whether access is broadened. Exit 1 with --fail when \
      access is broadened.
      """
  )

  @OptionGroup var input: IAMInputOptions

  @Option(help: "The git revision to compare with, e.g. origin/main.")
  var base: String

  @Flag(help: "Exit 1 when access is broadened.")
  var fail = false

  func run() throws {
    let head: [Role]
    let base: [Role]
    var acknowledgements = try input.loadAcknowledgements()
    let workspace = try Workspace.locate()
    var differ = PolicyDiffer(
      reviewer: IAMReviewer(catalog: try input.catalog(), accountID: input.account))
    if let folder = input.policiesFolder {
      do {
        head =
          FileManager.default.fileExists(atPath: folder)
          ? try RoleLoader.roles(inDirectory: folder) : []
      } catch let error as PolicyReadError {
        throw FacestackError.input(error.description)
      }
      base = try workspace.committedRoles(policies: folder, at: self.base)
    } else {
      // The committed template at the revision against a fresh synth: both sides carry
      // policies and trust policies in the same form.
      // Each side's references resolve through its own template, as `iam review` resolves a
      // synth's, so the two commands run the same rules on the same inputs.
      let committed = try workspace.committedTemplate(environment: input.env, at: self.base)
      base = try workspace.committedRoles(environment: input.env, at: self.base)
      let inputs = try workspace.reviewInputs(environment: input.env)
      head = inputs.roles
      acknowledgements += inputs.acknowledgements
      let account = try input.account ?? workspace.environment(input.env).account
      differ = PolicyDiffer(
        reviewer: IAMReviewer(
          catalog: try input.catalog(),
          resolver: ResourcePatternResolver(template: inputs.template),
          accountID: account),
        baseReviewer: IAMReviewer(
          catalog: try input.catalog(),
          resolver: committed.map(ResourcePatternResolver.init(template:))
            ?? ResourcePatternResolver(),
          accountID: account))
    }
    let diff = differ.diff(base: base, head: head, acknowledgements: acknowledgements)
    Console.out(try DiffRenderer.render(diff, as: input.format.reportFormat), terminator: "")
    if fail && diff.broadened { throw FacestackError.failed("iam diff: access is broadened") }
  }
}
