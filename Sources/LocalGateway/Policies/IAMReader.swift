import IAM

/// Reads users' and roles' policies through moto's IAM API (query protocol).
struct IAMReader: Sendable {
  let caller: EmulatorCaller
  let accessKeyID: String

  private func call(_ action: String, _ parameters: [(String, String)])
    async throws(PolicyReadFailure) -> InputNode
  {
    let answer: (status: Int, tree: InputNode)
    do {
      answer = try await caller.query(
        service: "iam", region: "us-east-1", accessKeyID: accessKeyID, version: "2010-05-08",
        action: action, parameters: parameters)
    } catch {
      throw PolicyReadFailure("iam:\(action) on the emulator failed: \(error)")
    }
    guard answer.status == 200 else {
      let code = answer.tree["Error"]?["Code"]?.text ?? "HTTP \(answer.status)"
      let message = answer.tree["Error"]?["Message"]?.text ?? ""
      throw PolicyReadFailure(
        "iam:\(action) \(parameters.map(\.1).joined(separator: " ")) failed: \(code) \(message)")
    }
    return answer.tree["\(action)Result"] ?? .map([])
  }

  /// Every page of a list call: the members named `element` under `list`.
  private func all(_ action: String, _ parameters: [(String, String)], list: String)
    async throws(PolicyReadFailure) -> [InputNode]
  {
    var result: [InputNode] = []
    var marker: String?
    repeat {
      let page = try await call(action, parameters + (marker.map { [("Marker", $0)] } ?? []))
      result += page.resolve(PathStep.parse("\(list).member[]"))
      marker = page["IsTruncated"]?.text == "true" ? page["Marker"]?.text : nil
    } while marker != nil
    return result
  }

  private func managed(_ arn: String, owner: String) async throws(PolicyReadFailure)
    -> EvaluatedPolicy
  {
    let policy = try await call("GetPolicy", [("PolicyArn", arn)])
    guard let version = policy["Policy"]?["DefaultVersionId"]?.text else {
      throw PolicyReadFailure("the managed policy \(arn) has no default version")
    }
    let document = try await call("GetPolicyVersion", [("PolicyArn", arn), ("VersionId", version)])
    guard let text = document["PolicyVersion"]?["Document"]?.text else {
      throw PolicyReadFailure("the managed policy \(arn) \(version) has no document")
    }
    return try PolicyText.document(text, kind: .identity, name: "\(owner)/\(arn)")
  }

  private func boundary(_ entity: InputNode?, owner: String) async throws(PolicyReadFailure)
    -> EvaluatedPolicy?
  {
    guard let arn = entity?["PermissionsBoundary"]?["PermissionsBoundaryArn"]?.text else {
      return nil
    }
    var policy = try await managed(arn, owner: owner)
    policy.kind = .permissionsBoundary
    return policy
  }

  /// A user's policies, its groups' and its boundary.
  func user(_ name: String) async throws(PolicyReadFailure) -> IdentityPolicies {
    let owner = "user/\(name)"
    let user = try await call("GetUser", [("UserName", name)])["User"]
    var policies: [EvaluatedPolicy] = []
    for policyName in try await all("ListUserPolicies", [("UserName", name)], list: "PolicyNames") {
      guard let policyName = policyName.text else { continue }
      let answer = try await call(
        "GetUserPolicy", [("UserName", name), ("PolicyName", policyName)])
      policies.append(
        try PolicyText.document(
          answer["PolicyDocument"]?.text ?? "", kind: .identity, name: "\(owner)/\(policyName)"))
    }
    for attached in try await all(
      "ListAttachedUserPolicies", [("UserName", name)], list: "AttachedPolicies")
    {
      if let arn = attached["PolicyArn"]?.text {
        policies.append(try await managed(arn, owner: owner))
      }
    }
    for group in try await all("ListGroupsForUser", [("UserName", name)], list: "Groups") {
      guard let groupName = group["GroupName"]?.text else { continue }
      let groupOwner = "group/\(groupName)"
      for policyName in try await all(
        "ListGroupPolicies", [("GroupName", groupName)], list: "PolicyNames")
      {
        guard let policyName = policyName.text else { continue }
        let answer = try await call(
          "GetGroupPolicy", [("GroupName", groupName), ("PolicyName", policyName)])
        policies.append(
          try PolicyText.document(
            answer["PolicyDocument"]?.text ?? "", kind: .identity,
            name: "\(groupOwner)/\(policyName)"))
      }
      for attached in try await all(
        "ListAttachedGroupPolicies", [("GroupName", groupName)], list: "AttachedPolicies")
      {
        if let arn = attached["PolicyArn"]?.text {
          policies.append(try await managed(arn, owner: groupOwner))
        }
      }
    }
    return IdentityPolicies(
      policies: policies, permissionsBoundary: try await boundary(user, owner: owner))
  }

  /// A role's policies, boundary and trust policy.
  func role(_ name: String) async throws(PolicyReadFailure) -> (
    identity: IdentityPolicies, trust: EvaluatedPolicy?
  ) {
    let owner = "role/\(name)"
    let role = try await call("GetRole", [("RoleName", name)])["Role"]
    var policies: [EvaluatedPolicy] = []
    for policyName in try await all("ListRolePolicies", [("RoleName", name)], list: "PolicyNames") {
      guard let policyName = policyName.text else { continue }
      let answer = try await call(
        "GetRolePolicy", [("RoleName", name), ("PolicyName", policyName)])
      policies.append(
        try PolicyText.document(
          answer["PolicyDocument"]?.text ?? "", kind: .identity, name: "\(owner)/\(policyName)"))
    }
    for attached in try await all(
      "ListAttachedRolePolicies", [("RoleName", name)], list: "AttachedPolicies")
    {
      if let arn = attached["PolicyArn"]?.text {
        policies.append(try await managed(arn, owner: owner))
      }
    }
    var trust: EvaluatedPolicy?
    if let text = role?["AssumeRolePolicyDocument"]?.text, !text.isEmpty {
      trust = try PolicyText.document(text, kind: .resource, name: "trust policy of \(owner)")
    }
    return (
      IdentityPolicies(
        policies: policies, permissionsBoundary: try await boundary(role, owner: owner)),
      trust
    )
  }
}
