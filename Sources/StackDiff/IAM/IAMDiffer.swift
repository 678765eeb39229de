import CloudFormation
import IAM

/// Finds the IAM statements that appear or disappear between two templates' resources, and
/// whether each broadens access, as ``IAM/AccessBroadening`` defines it.
///
/// Documents: a role's trust policy, inline policies (by `PolicyName`) and managed policy
/// attachments; `AWS::IAM::Policy` and `AWS::IAM::ManagedPolicy` documents; bucket, queue and
/// topic policies; key policies; and Lambda permissions, read as one statement each.
///
/// Scopes: a statement is judged against what its principal could do before. The identity
/// policies of a role (its `Policies`, and the `AWS::IAM::Policy` and `AWS::IAM::ManagedPolicy`
/// resources attached to it) form one scope, so moving a grant between them is no broadening,
/// exactly as `facestack iam diff` judges the role. A trust policy, and each resource policy,
/// is a scope of its own.
struct IAMDiffer {
  var names: NamePrefixes?

  /// A policy document found in a resource.
  struct Document {
    var resource: String
    var resourceType: String
    var name: String
    var kind: IAMStatementChange.PolicyKind
    var statements: [DocumentStatement]
    /// The roles whose identity scope the document belongs to (empty: its own scope).
    var roles: [String]
  }

  func diff(_ old: OrderedMap<Resource>, _ new: OrderedMap<Resource>) -> [IAMStatementChange] {
    let before = documents(old, side: .old)
    let after = documents(new, side: .new)
    let changed = Set(
      old.keys.filter { old[$0] != new[$0] } + new.keys.filter { old[$0] != new[$0] })
    var keys = before.keys.sorted()
    for key in after.keys.sorted() where before[key] == nil { keys.append(key) }
    var result: [IAMStatementChange] = []
    for key in keys.sorted() {
      // Identical resources hold identical statements.
      guard let resource = (before[key] ?? after[key])?.resource, changed.contains(resource) else {
        continue
      }
      let oldStatements = before[key]?.statements ?? []
      let newStatements = after[key]?.statements ?? []
      let oldKeys = Set(oldStatements.map(\.key))
      let newKeys = Set(newStatements.map(\.key))
      for statement in oldStatements where !newKeys.contains(statement.key) {
        guard let document = before[key] else { continue }
        let remaining = scope(of: after[key] ?? document, in: after)
        result.append(
          change(document, statement, .removed, broadens: removalBroadens(statement, remaining)))
      }
      for statement in newStatements where !oldKeys.contains(statement.key) {
        guard let document = after[key] else { continue }
        result.append(
          change(
            document, statement, .added,
            broadens: additionBroadens(statement, document, before: before)))
      }
    }
    return result
  }

  private func additionBroadens(
    _ added: DocumentStatement, _ document: Document, before: [String: Document]
  ) -> Bool {
    guard let statement = added.statement else { return added.effect != "Deny" }
    if document.kind == .trust {
      let trusted = before["\(document.resource)|\(document.name)"]?.statements ?? []
      return AccessBroadening.broadensTrust(
        adding: statement, to: trusted.compactMap(\.statement))
    }
    guard !document.roles.isEmpty else {
      let old = before["\(document.resource)|\(document.name)"]?.statements ?? []
      return AccessBroadening.broadens(adding: statement, to: old.compactMap(\.statement))
    }
    // Broadens when any role it is attached to could not do it before.
    return document.roles.contains { role in
      let old = before.values.filter { $0.kind != .trust && $0.roles.contains(role) }
      return AccessBroadening.broadens(
        adding: statement, to: old.flatMap(\.statements).compactMap(\.statement))
    }
  }

  private func removalBroadens(_ removed: DocumentStatement, _ remaining: [DocumentStatement])
    -> Bool
  {
    guard let statement = removed.statement else { return removed.effect == "Deny" }
    return AccessBroadening.broadens(
      removing: statement, leaving: remaining.compactMap(\.statement))
  }

  /// The statements judged together with `document`'s in `documents`.
  private func scope(of document: Document, in documents: [String: Document])
    -> [DocumentStatement]
  {
    guard !document.roles.isEmpty, document.kind != .trust else {
      return documents["\(document.resource)|\(document.name)"]?.statements ?? []
    }
    return documents.values.filter { other in
      other.kind != .trust && !Set(other.roles).isDisjoint(with: document.roles)
    }.flatMap(\.statements)
  }

  private func change(
    _ document: Document, _ statement: DocumentStatement, _ kind: ChangeKind, broadens: Bool
  ) -> IAMStatementChange {
    IAMStatementChange(
      resource: document.resource, resourceType: document.resourceType, document: document.name,
      policyKind: document.kind, kind: kind, effect: statement.effect,
      actions: statement.actions, resources: statement.resources,
      principals: statement.principals, conditions: statement.conditions, broadens: broadens)
  }

  /// Every policy document of `resources`, keyed by `logicalID|document`.
  func documents(_ resources: OrderedMap<Resource>, side: Side) -> [String: Document] {
    var result: [String: Document] = [:]
    let attachments = Self.attachments(resources)
    func add(
      _ id: String, _ resource: Resource, _ name: String, _ kind: IAMStatementChange.PolicyKind,
      _ statements: [DocumentStatement], roles: [String] = []
    ) {
      result[id + "|" + name] = Document(
        resource: id, resourceType: resource.type, name: name, kind: kind, statements: statements,
        roles: roles)
    }
    for (id, resource) in resources {
      let properties = resource.properties
      switch resource.type {
      case "AWS::IAM::Role":
        add(
          id, resource, "AssumeRolePolicyDocument", .trust,
          statements(properties["AssumeRolePolicyDocument"], side: side))
        for (index, policy) in (properties["Policies"]?.listValue ?? []).enumerated() {
          let name = policy["PolicyName"].map(ValueFormatter.bare) ?? String(index)
          add(
            id, resource, "Policies[PolicyName=\(name)]", .identity,
            statements(policy["PolicyDocument"], side: side), roles: [id])
        }
        let arns = (properties["ManagedPolicyArns"]?.listValue ?? []).map {
          part(
            actions: ["(managed policy)"], resource: $0, principal: nil, conditions: [], side: side
          )
        }
        add(id, resource, "ManagedPolicyArns", .managedPolicyAttachment, arns, roles: [id])
      case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy":
        add(
          id, resource, "PolicyDocument",
          resource.type == "AWS::IAM::Policy" ? .identity : .managed,
          statements(properties["PolicyDocument"], side: side), roles: attachments[id] ?? [])
      case "AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy":
        add(
          id, resource, "PolicyDocument", .resource,
          statements(properties["PolicyDocument"], side: side))
      case "AWS::KMS::Key":
        add(id, resource, "KeyPolicy", .resource, statements(properties["KeyPolicy"], side: side))
      case "AWS::Lambda::Permission":
        add(id, resource, "Permission", .lambdaPermission, [permission(properties, side: side)])
      default: break
      }
    }
    return result
  }

  /// The roles each `AWS::IAM::Policy` or `AWS::IAM::ManagedPolicy` is attached to: its
  /// `Roles: [!Ref Role]`, and the roles naming it in `ManagedPolicyArns`.
  static func attachments(_ resources: OrderedMap<Resource>) -> [String: [String]] {
    var result: [String: [String]] = [:]
    for (id, resource) in resources {
      switch resource.type {
      case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy":
        for case .intrinsic(.ref(let role)) in resource.properties["Roles"]?.listValue ?? [] {
          result[id, default: []].append(role)
        }
      case "AWS::IAM::Role":
        for case .intrinsic(.ref(let policy)) in resource.properties["ManagedPolicyArns"]?
          .listValue ?? []
        {
          result[policy, default: []].append(id)
        }
      default: break
      }
    }
    return result
  }

  private func statements(_ document: Value?, side: Side) -> [DocumentStatement] {
    // A document written as a JSON string, or as an `Fn::Sub` JSON template (its `${...}`
    // placeholders stay in the statements as written), is read as the document it holds.
    var value = document
    switch document {
    case .string(let text)?: value = JSONText.parse(text)
    case .intrinsic(.sub(let text, _))?: value = JSONText.parse(text) ?? document
    default: break
    }
    let statements: [Value]
    switch value?["Statement"] {
    case .list(let list)?: statements = list
    case let single?: statements = [single]
    case nil: statements = []
    }
    return statements.map { DocumentStatement($0, semantic: fold($0, side: side)) }
  }

  /// `value` with the environment's name prefix folded out of every string, when the report
  /// normalizes names.
  private func fold(_ value: Value, side: Side) -> Value {
    guard let names else { return value }
    let prefix = side == .old ? names.from : names.to
    func fold(_ value: Value) -> Value {
      switch value {
      case .string(let text): return .string(NameNormalizer.fold(text, prefix: prefix))
      case .list(let items): return .list(items.map(fold))
      case .map(let map): return .map(map.mapValues(fold))
      case .intrinsic(.sub(let text, let variables)):
        return .intrinsic(
          .sub(NameNormalizer.fold(text, prefix: prefix), variables.mapValues(fold)))
      default: return value
      }
    }
    return fold(value)
  }

  /// A statement built from parts, shown as written and judged with names folded.
  private func part(
    actions: [String], resource: Value, principal: Principal?, conditions: [Condition],
    side: Side
  ) -> DocumentStatement {
    func statement(_ resource: Value, _ principal: Principal?, _ conditions: [Condition])
      -> IAM.Statement
    {
      IAM.Statement(
        effect: .allow, principal: principal, actions: .actions(actions),
        resources: .resources([resource]), conditions: conditions)
    }
    let folded = conditions.map {
      Condition($0.operator, $0.key, $0.values.map { fold($0, side: side) })
    }
    let foldedPrincipal = principal.map { principal -> Principal in
      guard case .entries(let entries) = principal else { return principal }
      return .entries(entries.mapValues { $0.map { fold($0, side: side) } })
    }
    return DocumentStatement(
      shown: statement(resource, principal, conditions),
      statement: statement(fold(resource, side: side), foldedPrincipal, folded))
  }

  private func permission(_ properties: OrderedMap<Value>, side: Side) -> DocumentStatement {
    var conditions: [Condition] = []
    if let arn = properties["SourceArn"] {
      conditions.append(Condition(.arnLike, "AWS:SourceArn", [arn]))
    }
    if let account = properties["SourceAccount"] {
      conditions.append(Condition(.stringEquals, "AWS:SourceAccount", [account]))
    }
    let principal = properties["Principal"] ?? "*"
    let kind: Principal.Kind =
      ValueFormatter.bare(principal).hasSuffix(".amazonaws.com") ? .service : .aws
    var action = properties["Action"].map(ValueFormatter.bare) ?? "lambda:InvokeFunction"
    if action.isEmpty { action = "lambda:InvokeFunction" }
    return part(
      actions: [action], resource: properties["FunctionName"] ?? "*",
      principal: principal == "*" ? .any : .entries([kind: [principal]]),
      conditions: conditions, side: side)
  }
}
