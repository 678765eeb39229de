import CloudFormation
import IAM
import ResourceTypes

/// What synthesizing one stack produced.
public struct SynthesisResult: Sendable {
  /// The environment's name.
  public var environment: String
  /// The stack's name (`FaceRecognition`).
  public var stackName: String
  /// The template.
  public var template: Template
  /// Each role's permissions, by the role's logical ID.
  public var roles: [RolePolicies]
  /// The packaged assets the template references.
  public var assets: [PackagedAsset]
  /// Warnings and notes; a result exists only when there was no error.
  public var diagnostics: [Diagnostic]
}

/// One role as written to `policies/<env>/<RoleLogicalId>.json`: its trust policy, its inline
/// policy and, for each statement, the stack source line that granted it.
public struct RolePolicies: Sendable {
  /// The role's logical ID.
  public var logicalID: String
  /// Who may assume it.
  public var trust: PolicyDocument
  /// What it may do.
  public var policy: PolicyDocument
  /// The grants behind the policy, with their source lines.
  public var grants: [Role.Grant]
  /// Review findings accepted in the stack code, with their reasons.
  public var acknowledgements: [Acknowledgement]
}

/// Synthesis failed: the errors, each one line with the stack source line.
public struct SynthesisError: Error, CustomStringConvertible {
  /// The errors.
  public var diagnostics: [Diagnostic]
  /// One line per error.
  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Turns a construct tree into a template: finishes constructs, packages assets, lowers every
/// resource, runs the aspects, and checks logical IDs, schema constraints and quotas.
///
/// ```swift
/// let result = try Synthesizer(packager: packager).synthesize(stack)
/// ```
public struct Synthesizer {
  /// Packages Lambda assets.
  public var packager: any AssetPackaging
  /// Whether CloudFormation's quotas (500 resources, 1 MB body, ...) are errors; benchmarks of
  /// oversized generated stacks turn this off.
  public var enforceQuotas = true

  /// A synthesizer using `packager`.
  public init(packager: any AssetPackaging) {
    self.packager = packager
  }

  /// The parameter naming the bootstrap stack's assets bucket.
  public static let assetsBucketParameter = "AssetsBucket"

  /// IAM validation of every grant, at the grant's source line: unknown actions, ARNs that match
  /// none of an action's resource types, `*` where an action can be scoped, unknown condition
  /// keys; and each role's policy size.
  func validatePolicies(_ stack: Stack, template: Template, owners: [String: CfnResource])
    -> [Diagnostic]
  {
    let catalog: IAMCatalog
    do {
      catalog = try IAMCatalog.bundled()
    } catch {
      return [Diagnostic(.error, "cannot load the IAM catalog: \(error)")]
    }
    let validator = PolicyValidator(
      catalog: catalog, resolver: ResourcePatternResolver(template: template))
    var diagnostics: [Diagnostic] = []
    for role in stack.subtree.compactMap({ $0 as? Role }) {
      for statement in role.trust.statements {
        diagnostics += validator.validate(statement, location: role.location.description)
      }
      for grant in role.grants {
        diagnostics += validator.validate(grant.statement, location: grant.location.description)
      }
    }
    do {
      for role in try RoleLoader.roles(in: template) {
        diagnostics += PolicySizeCheck.check(
          role, location: owners[role.name]?.location.description)
      }
    } catch {
      diagnostics.append(
        Diagnostic(.error, "cannot read the roles back from the template: \(error)"))
    }
    return diagnostics
  }

  /// Synthesizes `stack` (once: synthesis finishes the constructs), or throws every error found.
  public func synthesize(_ stack: Stack) throws -> SynthesisResult {
    var diagnostics = stack.diagnostics
    let reportedBefore = stack.diagnostics.count
    let bucket = stack.parameter(
      Self.assetsBucketParameter,
      Parameter(
        type: .string,
        description: "the bootstrap stack's assets bucket, holding the Lambda packages",
        allowedPattern: "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
        constraintDescription: "an S3 bucket name"))
    var assets: [PackagedAsset] = []
    for case let consumer as AssetConsumer in stack.subtree {
      do {
        assets += try consumer.resolveAssets(with: packager, bucket: bucket)
      } catch {
        diagnostics.append(
          Diagnostic(
            .error, "cannot package assets: \(error)",
            at: (consumer as? Construct)?.location.description))
      }
    }
    for case let preparable as Preparable in stack.subtree { preparable.prepare() }

    var template = Template(description: stack.templateDescription)
    template.parameters = stack.parameters
    template.conditions = stack.conditions
    var owners: [String: CfnResource] = [:]
    for construct in stack.resources {
      let logicalID = construct.logicalID
      if let first = owners[logicalID] {
        diagnostics.append(
          Diagnostic(
            .error,
            "logical id '\(logicalID)' of '\(construct.pathDescription)' is already used by '\(first.pathDescription)' (\(first.location))",
            at: construct.location.description))
        continue
      }
      owners[logicalID] = construct
      var resource = construct.lowered()
      for aspect in stack.aspects { aspect.visit(&resource, of: construct, in: stack) }
      template.resources[logicalID] = resource
    }
    for (id, output) in stack.outputs { template.outputs[id] = output }
    diagnostics += stack.diagnostics.dropFirst(reportedBefore)

    for problem in ResourceChecks.check(template) {
      let owner = owners[
        problem.path.split(separator: ".").dropFirst().first.map(String.init) ?? ""]
      diagnostics.append(problem.diagnostic(at: owner?.location.description))
    }
    let size = (try? TemplateWriter.write(template, as: .yaml).utf8.count) ?? 0
    if enforceQuotas { diagnostics += TemplateLimits.check(template, bodySize: size) }
    diagnostics += validatePolicies(stack, template: template, owners: owners)

    let errors = diagnostics.filter { $0.severity == .error }
    guard errors.isEmpty else { throw SynthesisError(diagnostics: errors) }
    let roles = stack.subtree.compactMap { $0 as? Role }.map {
      RolePolicies(
        logicalID: $0.logicalID, trust: $0.trust, policy: $0.policyDocument, grants: $0.grants,
        acknowledgements: $0.acknowledgements)
    }
    return SynthesisResult(
      environment: stack.environment.name, stackName: stack.name, template: template,
      roles: roles.sorted { $0.logicalID < $1.logicalID },
      assets: assets.sorted { $0.name < $1.name },
      diagnostics: diagnostics)
  }
}
