import ArgumentParser
import CloudFormation
import FacestackCore
import Foundation
import StackDiff

/// `facestack diff`: what changes between two templates, with replacement prediction, IAM and
/// security-group tables, in text, Markdown or JSON.
///
/// Each side is a `TemplateSource`; this command only picks the two sources from the arguments,
/// runs `TemplateDiffer` and a renderer.
package struct DiffCommand: AsyncParsableCommand {
  package static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Show what changes between two environments, files or git revisions.",
    usage: """
      facestack diff ENV_A ENV_B [--normalize-names]
      facestack diff --from FILE --to FILE [--normalize-names --from-prefix P --to-prefix Q]
      facestack diff --env NAME --base GIT_REF
      facestack diff --env NAME --deployed
      """,
    discussion: """
      Templates are compared as written (no transform or macro is expanded, Fn::ForEach \
      included) and semantically: intrinsics structurally, unordered lists (tags, IAM \
      statements, actions, resources) as sets, any string holding a JSON object or array (a \
      state machine definition, a policy document) as parsed JSON. Nothing changed is cut: a \
      changed multi-line or long string (UserData, an SQL query) is a line diff with context. \
      Each resource's impact (create, update in place, may replace, will replace, destroy) comes \
      from the generated resource facts (the CloudFormation provider schemas with facestack's \
      corrections); a type they do not cover is reported as "impact unknown". A replacement that \
      keeps a custom name (TableName, BucketName, ...) is reported as impossible. Stateful \
      resources that would be replaced or destroyed are flagged with whether their \
      DeletionPolicy/UpdateReplacePolicy keeps the data.
      Exit codes: 0 (also when there are changes, unless --fail), 1 changes with --fail, 2 usage \
      or input error. --format json follows docs/diff-report.schema.json.
      """
  )

  @Argument(help: "Two environments to synthesize and compare.")
  var environments: [String] = []

  @Option(help: "The old template file (YAML or JSON).")
  var from: String?

  @Option(help: "The new template file (YAML or JSON).")
  var to: String?

  @Option(help: "The environment to compare with --base or --deployed.")
  var env: String?

  @Option(
    help: "A git revision whose committed templates/<env>/FaceRecognition.yaml is the old side.")
  var base: String?

  @Flag(help: "Compare with the deployed stack.")
  var deployed = false

  @Flag(help: "With --deployed: the stack deployed on the local cloud (it must be running).")
  package var local = false

  @OptionGroup package var aws: AWSOptions

  @Option(help: "Output format: text, markdown or json.")
  var format: Format = .text

  @Flag(help: "Exit 1 when there are changes.")
  var fail = false

  @Flag(help: "Fold differences that only come from the environments' name prefixes.")
  var normalizeNames = false

  @Option(help: "With --normalize-names and --from: the old template's name prefix.")
  var fromPrefix: String?

  @Option(help: "With --normalize-names and --to: the new template's name prefix.")
  var toPrefix: String?

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, json
  }

  package func validate() throws {
    let modes = [
      !environments.isEmpty, from != nil || to != nil, env != nil || base != nil || deployed,
    ].filter { $0 }.count
    guard modes == 1 else {
      throw ValidationError(
        "give ENV_A ENV_B, --from FILE --to FILE, or --env NAME with --base or --deployed")
    }
    if !environments.isEmpty, environments.count != 2 {
      throw ValidationError("expected two environments, got \(environments.count)")
    }
    if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together") }
    if env != nil || base != nil || deployed {
      guard env != nil else { throw ValidationError("--base and --deployed need --env NAME") }
      guard (base != nil) != deployed else {
        throw ValidationError("--env needs exactly one of --base GIT_REF or --deployed")
      }
    }
    if local && !deployed { throw ValidationError("--local only applies with --deployed") }
    if (aws.profile != nil || aws.region != nil) && !deployed {
      throw ValidationError("--profile and --region only apply with --deployed")
    }
    if (fromPrefix != nil || toPrefix != nil) && !normalizeNames {
      throw ValidationError("--from-prefix and --to-prefix only apply with --normalize-names")
    }
  }

  package func run() async throws {
    let (old, new) = try await sources()
    let oldTemplate = try await load(old)
    let newTemplate = try await load(new)
    var options = TemplateDiffer.Options()
    if normalizeNames {
      guard let fromName = fromPrefix ?? old.namePrefix, let toName = toPrefix ?? new.namePrefix
      else {
        throw FacestackError.input(
          "--normalize-names needs the name prefixes: give --from-prefix and --to-prefix")
      }
      options.normalizedNames = NamePrefixes(from: fromName, to: toName)
    }
    let report = TemplateDiffer(options: options).diff(
      from: oldTemplate, to: newTemplate, fromLabel: old.label, toLabel: new.label)
    switch format {
    case .text:
      let color = Terminal.wantsColor(
        isTTY: isatty(STDOUT_FILENO) == 1, environment: ProcessInfo.processInfo.environment)
      Console.out(TextRenderer(color: color).render(report), terminator: "")
    case .markdown: Console.out(MarkdownRenderer().render(report), terminator: "")
    case .json: Console.out(JSONRenderer().render(report), terminator: "")
    }
    if fail && report.hasChanges { throw ExitCode(1) }
  }

  /// Where `--deployed` reads the deployed stack's template (`workspace`, the environment's
  /// name): set by `facestack-cloud` (FacestackCloudCommand), which links AWS. The `facestack`
  /// executable leaves it nil and hands `diff --deployed` to `facestack-cloud` before parsing.
  nonisolated(unsafe) package static var deployedSource:
    (@Sendable (DiffCommand, Workspace, String) async throws -> any TemplateSource)?

  package init() {}

  /// The old and the new side.
  func sources() async throws -> (any TemplateSource, any TemplateSource) {
    if let from, let to { return (FileTemplateSource(path: from), FileTemplateSource(path: to)) }
    let workspace = try Workspace.locate()
    if let env, let base {
      let committed = GitRevisionTemplateSource(
        environment: env, revision: base, repository: workspace.root.path)
      return (committed, try SynthesizedTemplateSource(workspace: workspace, name: env))
    }
    if let env, deployed {
      guard let deployedSource = Self.deployedSource else {
        throw FacestackError.tool(
          "diff --deployed runs in facestack-cloud, which is not linked here")
      }
      return (
        try await deployedSource(self, workspace, env),
        try SynthesizedTemplateSource(workspace: workspace, name: env)
      )
    }
    return (
      try SynthesizedTemplateSource(workspace: workspace, name: environments[0]),
      try SynthesizedTemplateSource(workspace: workspace, name: environments[1])
    )
  }

  private func load(_ source: any TemplateSource) async throws -> Template {
    do {
      return try await source.load()
    } catch let error as TemplateSourceError {
      throw FacestackError.input(error.message)
    }
  }
}
