import CloudFormation

/// Finds the IAM statements that appear or disappear between two templates' resources, and
/// whether each grants access the old template did not.
///
/// Documents: a role's trust policy, inline policies (by `PolicyName`) and managed policy
/// attachments; `AWS::IAM::Policy` and `AWS::IAM::ManagedPolicy` documents; bucket, queue and
/// topic policies; key policies; and Lambda permissions, read as one statement each.
struct IAMDiffer {
  var names: NamePrefixes?

  /// A policy document found in a resource.
  struct Document {
    var resource: String
    var resourceType: String
    var name: String
    var kind: IAMStatementChange.PolicyKind
    var statements: [PolicyStatement]
  }

  func diff(_ old: OrderedMap<Resource>, _ new: OrderedMap<Resource>) -> [IAMStatementChange] {
    // Identical resources hold identical statements.
    let before = documents(old, side: .old, skipping: new)
    let after = documents(new, side: .new, skipping: old)
    var keys = before.keys.sorted()
    for key in after.keys.sorted() where before[key] == nil { keys.append(key) }
    var result: [IAMStatementChange] = []
    for key in keys.sorted() {
      let oldStatements = before[key]?.statements ?? []
      let newStatements = after[key]?.statements ?? []
      let oldKeys = Set(oldStatements.map(\.key))
      let newKeys = Set(newStatements.map(\.key))
      for statement in oldStatements where !newKeys.contains(statement.key) {
        guard let document = before[key] else { continue }
        // Removing a Deny grants what it denied.
        result.append(change(document, statement, .removed, broadens: statement.effect == "Deny"))
      }
      for statement in newStatements where !oldKeys.contains(statement.key) {
        guard let document = after[key] else { continue }
        let covered = oldStatements.contains { $0.covers(statement) }
        result.append(
          change(document, statement, .added, broadens: statement.effect == "Allow" && !covered))
      }
    }
    return result
  }

  private func change(
    _ document: Document, _ statement: PolicyStatement, _ kind: ChangeKind, broadens: Bool
  ) -> IAMStatementChange {
    IAMStatementChange(
      resource: document.resource, resourceType: document.resourceType, document: document.name,
      policyKind: document.kind, kind: kind, effect: statement.effect,
      actions: statement.renderedActions, resources: statement.renderedResources,
      principals: statement.renderedPrincipals, conditions: statement.conditions, broadens: broadens
    )
  }

  /// Every policy document of `resources`, keyed by `logicalID|document`.
  func documents(
    _ resources: OrderedMap<Resource>, side: Side, skipping other: OrderedMap<Resource> = [:]
  ) -> [String: Document] {
    var result: [String: Document] = [:]
    func add(
      _ id: String, _ resource: Resource, _ name: String, _ kind: IAMStatementChange.PolicyKind,
      _ statements: [PolicyStatement]
    ) {
      result[id + "|" + name] = Document(
        resource: id, resourceType: resource.type, name: name, kind: kind, statements: statements)
    }
    for (id, resource) in resources where other[id] != resource {
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
            statements(policy["PolicyDocument"], side: side))
        }
        let arns = (properties["ManagedPolicyArns"]?.listValue ?? []).map {
          PolicyStatement(
            effect: "Allow", actions: ["(managed policy)"], resources: [ValueFormatter.bare($0)],
            principals: [], conditions: [])
        }
        add(id, resource, "ManagedPolicyArns", .managedPolicyAttachment, arns)
      case "AWS::IAM::Policy":
        add(
          id, resource, "PolicyDocument", .identity,
          statements(properties["PolicyDocument"], side: side))
      case "AWS::IAM::ManagedPolicy":
        add(
          id, resource, "PolicyDocument", .managed,
          statements(properties["PolicyDocument"], side: side))
      case "AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy":
        add(
          id, resource, "PolicyDocument", .resource,
          statements(properties["PolicyDocument"], side: side))
      case "AWS::KMS::Key":
        add(id, resource, "KeyPolicy", .resource, statements(properties["KeyPolicy"], side: side))
      case "AWS::Lambda::Permission":
        add(id, resource, "Permission", .lambdaPermission, [permission(properties)])
      default: break
      }
    }
    return result
  }

  private func statements(_ document: Value?, side: Side) -> [PolicyStatement] {
    var value = document
    if case .string(let text)? = document { value = JSONText.parse(text) }
    switch value?["Statement"] {
    case .list(let list)?: return list.compactMap { PolicyStatement($0, names: names, side: side) }
    case let single?: return PolicyStatement(single, names: names, side: side).map { [$0] } ?? []
    case nil: return []
    }
  }

  private func permission(_ properties: OrderedMap<Value>) -> PolicyStatement {
    var conditions: [String] = []
    if let arn = properties["SourceArn"] {
      conditions.append("ArnLike AWS:SourceArn=" + ValueFormatter.bare(arn))
    }
    if let account = properties["SourceAccount"] {
      conditions.append("StringEquals AWS:SourceAccount=" + ValueFormatter.bare(account))
    }
    let principal = properties["Principal"].map(ValueFormatter.bare) ?? "*"
    let kind = principal.hasSuffix(".amazonaws.com") ? "Service" : "AWS"
    return PolicyStatement(
      effect: "Allow",
      actions: [properties["Action"].map(ValueFormatter.bare) ?? "lambda:InvokeFunction"],
      resources: [properties["FunctionName"].map(ValueFormatter.bare) ?? "*"],
      principals: [kind + ":" + principal], conditions: conditions)
  }
}
