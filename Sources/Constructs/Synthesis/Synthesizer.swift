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
  public var template: Template { didSet { templateYAML = nil } }
  /// Each role's permissions, by the role's logical ID.
  public var roles: [RolePolicies]
  /// The packaged assets the template references.
  public var assets: [PackagedAsset]
  /// Warnings and notes; a result exists only when there was no error.
  public var diagnostics: [Diagnostic]
  /// The template as YAML, kept from synthesis, which writes it to check the body-size quota,
  /// so that ``OutputFiles`` does not write it a second time; nil once `template` changes.
  public internal(set) var templateYAML: String?
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
  /// The role as IAM reviews it (trust policy and inline policy).
  public var role: IAM.Role
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
  /// none of an action's resource types, `*` where an action can be scoped, wildcards that were
  /// not acknowledged (`s3:*`, `logs:Describe*` on `*`, `iam:PassRole` on `*`), unknown condition
  /// keys; and each role's policy size, on the roles as the constructs hold them (`iamRoles`,
  /// in the same order).
  func validatePolicies(_ roles: [Role], iamRoles: [IAM.Role], template: Template)
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
    for (role, iamRole) in zip(roles, iamRoles) {
      for statement in role.trust.statements {
        diagnostics += validator.validate(statement, location: role.location.description)
      }
      for grant in role.grants {
        diagnostics += validator.validate(
          grant.statement, location: grant.location.description,
          wildcardsAcknowledged: grant.wildcardReason != nil)
      }
      diagnostics += PolicySizeCheck.check(iamRole, location: role.location.description)
    }
    return diagnostics
  }

  /// Synthesizes `stack`, or throws every error found. Synthesis reads the tree and never
  /// changes it: the same stack synthesizes again to the same result.
  public func synthesize(_ stack: Stack) throws -> SynthesisResult {
    var diagnostics = stack.diagnostics
    let bucket = Value.ref(Self.assetsBucketParameter)
    var packaged: [String: PackagedAsset] = [:]
    for consumer in stack.subtree {
      for asset in consumer.assets where packaged[asset.name] == nil {
        do {
          packaged[asset.name] = try packager.package(asset)
        } catch PackagingError.dependencies(let reason) {
          // The machine, not the stack, is at fault: say so as it is.
          throw PackagingError.dependencies(reason: reason)
        } catch {
          diagnostics.append(
            Diagnostic(
              .error, "cannot package asset \(asset.name): \(error)",
              at: consumer.location.description))
        }
      }
    }
    let context = LoweringContext(assetsBucket: bucket, packaged: packaged)

    var template = Template(description: stack.templateDescription)
    template.parameters = stack.parameters
    if template.parameters[Self.assetsBucketParameter] == nil {
      template.parameters[Self.assetsBucketParameter] = Self.assetsBucket
    }
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
      var resource = construct.lowered(context: context)
      for aspect in stack.aspects {
        aspect.visit(&resource, of: construct, diagnostics: &diagnostics)
      }
      let acknowledgements = Self.scannerAcknowledgements(of: construct)
      diagnostics += Self.check(acknowledgements)
      resource.metadata = ScannerAcknowledgement.metadata(
        resource.metadata, adding: acknowledgements)
      template.resources[logicalID] = resource
    }
    for (id, output) in stack.outputs { template.outputs[id] = output }

    for problem in ResourceChecks.check(template) {
      let owner = owners[
        problem.path.split(separator: ".").dropFirst().first.map(String.init) ?? ""]
      diagnostics.append(problem.diagnostic(at: owner?.location.description))
    }
    var templateYAML: String?
    if enforceQuotas {
      do {
        let yaml = try TemplateWriter.write(template, as: .yaml)
        templateYAML = yaml
        diagnostics += TemplateLimits.check(template, bodySize: yaml.utf8.count)
      } catch {
        diagnostics.append(Diagnostic(.error, "cannot render the template: \(error)"))
      }
    }
    let roles = stack.subtree.compactMap { $0 as? Role }
    // Each role's grants merged once for the checks and the result (it was done four times).
    let documents = roles.map(\.policyDocument)
    let iamRoles = zip(roles, documents).map { $0.iamRole(document: $1) }
    diagnostics += validatePolicies(roles, iamRoles: iamRoles, template: template)

    let errors = diagnostics.filter { $0.severity == .error }
    guard errors.isEmpty else { throw SynthesisError(diagnostics: errors) }
    let policies = roles.indices.map {
      RolePolicies(
        logicalID: roles[$0].logicalID, trust: roles[$0].trust, policy: documents[$0],
        grants: roles[$0].grants, acknowledgements: roles[$0].acknowledgements, role: iamRoles[$0])
    }
    return SynthesisResult(
      environment: stack.environment.name, stackName: stack.name, template: template,
      roles: policies.sorted { $0.logicalID < $1.logicalID },
      assets: packaged.values.sorted { $0.name < $1.name },
      diagnostics: diagnostics, templateYAML: templateYAML)
  }

  /// The scanner checks accepted for `resource`: its own, and its high-level construct's when it
  /// is that construct's main resource.
  static func scannerAcknowledgements(of resource: CfnResource) -> [ScannerAcknowledgement] {
    guard resource.id == LogicalID.defaultChild, let owner = resource.parent else {
      return resource.scannerAcknowledgements
    }
    return owner.scannerAcknowledgements + resource.scannerAcknowledgements
  }

  /// Errors for malformed ids, empty reasons and a check acknowledged twice on one resource.
  static func check(_ acknowledgements: [ScannerAcknowledgement]) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    // Keyed by the check's text: a dictionary keyed by `ScannerCheck` itself costs a scan of
    // every protocol conformance in the process (its `Hashable`) at first use.
    var seen: [String: SourceLocation] = [:]
    for acknowledgement in acknowledgements {
      if let problem = acknowledgement.problem {
        diagnostics.append(
          Diagnostic(.error, problem, at: acknowledgement.location.description))
      }
      let key = acknowledgement.check.description
      if let first = seen[key] {
        diagnostics.append(
          Diagnostic(
            .error,
            "\(acknowledgement.check) is already acknowledged for this resource (at \(first))",
            at: acknowledgement.location.description))
      }
      seen[key] = seen[key] ?? acknowledgement.location
    }
    return diagnostics
  }

  /// The `AssetsBucket` parameter every synthesized template takes.
  static let assetsBucket = Parameter(
    type: .string,
    description: "the bootstrap stack's assets bucket, holding the Lambda packages",
    allowedPattern: "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
    constraintDescription: "an S3 bucket name")
}
