import CloudFormation
import Foundation

/// Builds ``Role`` values from a template or from policy files, so reviews and diffs do not
/// care where policies come from.
///
/// ```swift
/// let roles = try RoleLoader.roles(in: template)                         // a synthesized template
/// let committed = try RoleLoader.roles(inDirectory: "policies/dev")       // files on disk
/// let atRef = try RoleLoader.roles(files: [("policies/dev/DetectRole.json", bytes)])  // e.g. from `git show`
/// ```
///
/// Policy files, one role per file name (`<Role>.json`), may hold:
/// - a policy document (`Version`, `Statement`): the role's identity policy;
/// - a role (`AssumeRolePolicyDocument`, `Policies: [{PolicyName, PolicyDocument}]`,
///   `ManagedPolicyArns`), the shape of `AWS::IAM::Role`'s properties.
/// `<Role>.trust.json` holds the trust policy of `<Role>` when it is kept apart.
public enum RoleLoader {
  /// The roles of a template: `AWS::IAM::Role` with its inline `Policies`, plus the
  /// `AWS::IAM::Policy` (inline) and `AWS::IAM::ManagedPolicy` resources attached through
  /// `Roles: [!Ref Role]` or the role's `ManagedPolicyArns`.
  public static func roles(in template: Template) throws -> [Role] {
    var roles: [String: Role] = [:]
    for (logicalID, resource) in template.resources where resource.type == "AWS::IAM::Role" {
      let path = "Resources.\(logicalID).Properties"
      var role = Role(name: logicalID)
      if let trust = resource.properties["AssumeRolePolicyDocument"] {
        role.trustPolicy = try read(trust, path: "\(path).AssumeRolePolicyDocument")
      }
      for (index, policy) in (resource.properties["Policies"]?.listValue ?? []).enumerated() {
        guard let document = policy["PolicyDocument"] else { continue }
        let name = policy["PolicyName"].map(ValueText.describe) ?? "Policies[\(index)]"
        role.policies.append(
          NamedPolicy(
            name: name, kind: .inline,
            document: try read(document, path: "\(path).Policies[\(index)].PolicyDocument")))
      }
      for arn in resource.properties["ManagedPolicyArns"]?.listValue ?? [] {
        if case .intrinsic(.ref(let name)) = arn,
          template.resources[name]?.type == "AWS::IAM::ManagedPolicy"
        {
          continue
        }
        role.managedPolicyARNs.append(ValueText.describe(arn))
      }
      roles[logicalID] = role
    }
    for (logicalID, resource) in template.resources {
      let kind: NamedPolicy.Kind
      switch resource.type {
      case "AWS::IAM::Policy": kind = .inline
      case "AWS::IAM::ManagedPolicy": kind = .managed
      default: continue
      }
      guard let documentValue = resource.properties["PolicyDocument"] else { continue }
      let document = try read(
        documentValue, path: "Resources.\(logicalID).Properties.PolicyDocument")
      var attached = (resource.properties["Roles"]?.listValue ?? []).compactMap {
        value -> String? in
        if case .intrinsic(.ref(let name)) = value { return name }
        return nil
      }
      if kind == .managed {
        attached += roles.keys.filter { roleID in
          template.resources[roleID]?.properties["ManagedPolicyArns"]?.listValue?.contains(
            .ref(logicalID)) ?? false
        }
      }
      for roleID in Set(attached) where roles[roleID] != nil {
        roles[roleID]?.policies.append(NamedPolicy(name: logicalID, kind: kind, document: document))
      }
    }
    return roles.keys.sorted().compactMap { roles[$0] }
  }

  /// Roles from policy files (path and contents), named by file name.
  public static func roles(files: [(path: String, bytes: [UInt8])]) throws -> [Role] {
    var roles: [String: Role] = [:]
    for (path, bytes) in files.sorted(by: { $0.path < $1.path }) {
      let fileName = (path as NSString).lastPathComponent
      guard fileName.hasSuffix(".json") else { continue }
      var stem = String(fileName.dropLast(".json".count))
      let isTrust = stem.hasSuffix(".trust")
      if isTrust { stem = String(stem.dropLast(".trust".count)) }
      let value: Value
      do {
        value = try TemplateReader.readValue(bytes, file: path)
      } catch let error as TemplateError {
        throw PolicyReadError(path: "", message: error.description)
      }
      var role = roles[stem] ?? Role(name: stem)
      if isTrust {
        role.trustPolicy = try read(value, path: path)
      } else if value["Statement"] != nil {
        role.policies.append(
          NamedPolicy(name: stem, kind: .inline, document: try read(value, path: path)))
      } else {
        if let trust = value["AssumeRolePolicyDocument"] {
          role.trustPolicy = try read(trust, path: "\(path): AssumeRolePolicyDocument")
        }
        for (index, policy) in (value["Policies"]?.listValue ?? []).enumerated() {
          guard let document = policy["PolicyDocument"] else {
            throw PolicyReadError(
              path: "\(path): Policies[\(index)]", message: "a policy needs a PolicyDocument")
          }
          let name = policy["PolicyName"]?.stringValue ?? "Policies[\(index)]"
          role.policies.append(
            NamedPolicy(
              name: name, kind: .inline,
              document: try read(document, path: "\(path): Policies[\(index)].PolicyDocument")))
        }
        role.managedPolicyARNs += (value["ManagedPolicyArns"]?.listValue ?? []).map(
          ValueText.describe)
        if value["AssumeRolePolicyDocument"] == nil && value["Policies"] == nil {
          throw PolicyReadError(
            path: path,
            message:
              "expected a policy document (Statement) or a role (AssumeRolePolicyDocument, Policies)"
          )
        }
      }
      roles[stem] = role
    }
    return roles.keys.sorted().compactMap { roles[$0] }
  }

  /// Roles from every `*.json` file of a directory.
  public static func roles(inDirectory directory: String) throws -> [Role] {
    let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter {
      $0.hasSuffix(".json")
    }.sorted()
    return try roles(
      files: names.map { name in
        let path = (directory as NSString).appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: path) else {
          throw PolicyReadError(path: path, message: "cannot read the file")
        }
        return (path, Array(data))
      })
  }

  private static func read(_ value: Value, path: String) throws -> PolicyDocument {
    do {
      return try PolicyReader.read(value)
    } catch let error as PolicyReadError {
      let separator = path.hasSuffix(".json") ? ": " : "."
      throw PolicyReadError(
        path: path + (error.path.isEmpty ? "" : separator + error.path), message: error.message)
    }
  }
}
