import CloudFormation
import Foundation
import Testing

@testable import IAM

@Suite struct DiffTests {
  let differ: PolicyDiffer
  init() throws { differ = PolicyDiffer(reviewer: IAMReviewer(catalog: try IAMCatalog.bundled())) }

  let lambdaTrust = PolicyDocument.trust(services: ["lambda.amazonaws.com"])

  @Test func unchangedRolesAreLeftOut() {
    let base = [
      role(
        "StoreRole", [allow(["dynamodb:PutItem"], on: [.getAtt("Table", "Arn")])],
        trust: lambdaTrust)
    ]
    let diff = differ.diff(base: base, head: base)
    #expect(diff.isEmpty && !diff.broadened)
    #expect(DiffRenderer.text(diff) == "no iam changes\n")
  }

  @Test func addedActionBroadens() throws {
    let base = [
      role(
        "StoreRole", [allow(["dynamodb:PutItem"], on: [.getAtt("Table", "Arn")])],
        trust: lambdaTrust)
    ]
    let head = [
      role(
        "StoreRole",
        [allow(["dynamodb:PutItem", "dynamodb:DeleteItem"], on: [.getAtt("Table", "Arn")])],
        trust: lambdaTrust)
    ]
    let diff = differ.diff(base: base, head: head)
    #expect(diff.broadened)
    let role = try #require(diff.roles.first)
    #expect(role.actionsAdded == ["dynamodb:DeleteItem"] && role.actionsRemoved == [])
    #expect(role.grantsAdded == ["dynamodb:DeleteItem on !GetAtt Table.Arn"])
    #expect(role.broadenedBy == ["allows dynamodb:DeleteItem on !GetAtt Table.Arn"])
  }

  @Test func jsonForm() throws {
    let base = [role("StoreRole", [allow(["dynamodb:PutItem"], on: [.getAtt("Table", "Arn")])])]
    let head = [
      role(
        "StoreRole",
        [allow(["dynamodb:DeleteItem", "dynamodb:PutItem"], on: [.getAtt("Table", "Arn")])])
    ]
    let json = try DiffRenderer.render(differ.diff(base: base, head: head), as: .json)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect(object["format"] as? Int == 1)
    #expect(object["broadened"] as? Bool == true)
    let roles = try #require(object["roles"] as? [[String: Any]])
    #expect(roles.first?["actionsAdded"] as? [String] == ["dynamodb:DeleteItem"])
    #expect(roles.first?["status"] as? String == "modified")
    let unchanged = try DiffRenderer.render(differ.diff(base: base, head: base), as: .json)
    let empty = try #require(
      try JSONSerialization.jsonObject(with: Data(unchanged.utf8)) as? [String: Any])
    #expect((empty["roles"] as? [Any])?.isEmpty == true)
    #expect(empty["broadened"] as? Bool == false)
  }

  @Test func narrowingIsNotBroadening() {
    let base = [role("DetectRole", [allow(["s3:GetObject"], on: ["arn:aws:s3:::images/*"])])]
    let head = [role("DetectRole", [allow(["s3:GetObject"], on: ["arn:aws:s3:::images/input/*"])])]
    let diff = differ.diff(base: base, head: head)
    #expect(!diff.broadened)
    #expect(diff.roles.first?.resourcesAdded == ["arn:aws:s3:::images/input/*"])
    #expect(diff.roles.first?.resourcesRemoved == ["arn:aws:s3:::images/*"])
    // The other way round broadens.
    #expect(differ.diff(base: head, head: base).broadened)
    // A different bucket reference is not covered by the old one.
    let other = [
      role(
        "DetectRole", [allow(["s3:GetObject"], on: [.sub("arn:${AWS::Partition}:s3:::${Other}/*")])]
      )
    ]
    let mine = [
      role(
        "DetectRole",
        [allow(["s3:GetObject"], on: [.sub("arn:${AWS::Partition}:s3:::${Images}/*")])])
    ]
    #expect(differ.diff(base: mine, head: other).broadened)
  }

  @Test func findingsAndTrustChanges() throws {
    let base = [
      role(
        "R", [allow(["s3:GetObject"], on: ["arn:aws:s3:::images/*"])],
        trust: .trust(services: ["states.amazonaws.com"]))
    ]
    let head = [
      role(
        "R", [allow(["s3:*"])],
        trust: .trust(
          services: ["states.amazonaws.com"],
          conditions: [Condition(.stringEquals, "aws:SourceAccount", [.ref(.accountId)])]))
    ]
    let diff = differ.diff(base: base, head: head)
    let role = try #require(diff.roles.first)
    #expect(role.newFindings.map(\.ruleID).contains("service-wildcard"))
    #expect(role.resolvedFindings.map(\.ruleID) == ["trust-confused-deputy"])
    #expect(
      role.trustAdded == [
        "Service: states.amazonaws.com if StringEquals aws:SourceAccount !Ref AWS::AccountId"
      ])
    #expect(role.trustRemoved == ["Service: states.amazonaws.com"])
    // Adding a condition to the trust does not broaden; s3:* does.
    #expect(role.broadenedBy == ["allows s3:* on *"])
  }

  @Test func addedRoleAndRemovedDeny() {
    let base = [
      role(
        "R",
        [
          allow(["s3:GetObject"], on: ["arn:aws:s3:::images/*"]),
          Statement(
            effect: .deny, actions: .actions(["s3:GetObject"]),
            resources: .resources(["arn:aws:s3:::images/private/*"])),
        ])
    ]
    let head = [
      role("R", [allow(["s3:GetObject"], on: ["arn:aws:s3:::images/*"])]),
      role("New", [allow(["rekognition:DetectFaces"])]),
    ]
    let diff = differ.diff(base: base, head: head)
    #expect(diff.roles.map(\.role) == ["New", "R"])
    #expect(diff.roles[0].status == .added && diff.roles[0].broadened)
    #expect(
      diff.roles[1].broadenedBy == [
        "no longer denies s3:GetObject on arn:aws:s3:::images/private/*"
      ])
  }

  /// Two revisions of a repository created in the test, read with `git show` as the CLI does.
  @Test func twoRevisionsOfAGitRepository() throws {
    let repository = FileManager.default.temporaryDirectory.appendingPathComponent(
      "facestack-iam-diff-\(UUID().uuidString)")
    let policies = repository.appendingPathComponent("policies/dev")
    try FileManager.default.createDirectory(at: policies, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: repository) }
    func git(_ arguments: String...) throws -> Data {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments =
        ["git", "-C", repository.path, "-c", "user.name=t", "-c", "user.email=t@example.com"]
        + arguments
      let output = Pipe()
      process.standardOutput = output
      process.standardError = FileHandle.nullDevice
      try process.run()
      let data = output.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      #expect(process.terminationStatus == 0, "git \(arguments.joined(separator: " "))")
      return data
    }
    func write(_ document: PolicyDocument, _ name: String) throws {
      try Data(PolicyWriter.json(document).utf8).write(to: policies.appendingPathComponent(name))
    }
    _ = try git("init", "-q")
    try write(
      PolicyDocument(statements: [allow(["s3:GetObject"], on: ["arn:aws:s3:::images/input/*"])]),
      "DetectRole.json")
    try write(.trust(services: ["lambda.amazonaws.com"]), "DetectRole.trust.json")
    _ = try git("add", ".")
    _ = try git("commit", "-qm", "base")
    try write(
      PolicyDocument(statements: [
        allow(["s3:GetObject", "s3:PutObject"], on: ["arn:aws:s3:::images/*"])
      ]), "DetectRole.json")
    _ = try git("commit", "-qam", "head")

    func roles(at ref: String) throws -> [Role] {
      let names = String(
        decoding: try git("ls-tree", "--name-only", "\(ref):policies/dev"), as: UTF8.self
      )
      .split(separator: "\n").map(String.init)
      return try RoleLoader.roles(
        files: try names.map { name in
          ("policies/dev/\(name)", Array(try git("show", "\(ref):policies/dev/\(name)")))
        })
    }
    let diff = differ.diff(base: try roles(at: "HEAD~1"), head: try roles(at: "HEAD"))
    #expect(diff.broadened)
    #expect(diff.roles.map(\.role) == ["DetectRole"])
    #expect(diff.roles[0].actionsAdded == ["s3:PutObject"])
    #expect(diff.roles[0].resourcesAdded == ["arn:aws:s3:::images/*"])
    #expect(diff.roles[0].trustAdded == [] && diff.roles[0].trustRemoved == [])
    let markdown = DiffRenderer.markdown(diff)
    #expect(markdown.contains("**Access is broadened**: 1 role changed, 1 broadened."))
    #expect(
      markdown.contains(
        "| `DetectRole` | modified | +1 −0 | +1 −1 | +0 −0 | 0 new, 0 resolved | **yes** |"))
    #expect(
      markdown.contains(
        "<details><summary><b>DetectRole</b> (modified): access broadened</summary>"))
  }
}
