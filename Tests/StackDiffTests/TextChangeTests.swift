import CloudFormation
import Foundation
import Testing

@testable import StackDiff

/// The committed dev template with `old` replaced by `new` (each must occur exactly once).
private func committedDev(replacing old: String, with new: String) throws -> (Template, Template) {
  let root = fixturesFolder.deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  let path = "templates/dev/FaceRecognition.yaml"
  let text = String(
    decoding: try Data(contentsOf: root.appendingPathComponent(path)), as: UTF8.self)
  #expect(text.components(separatedBy: old).count == 2, "\(old) must occur once")
  let changed = text.replacingOccurrences(of: old, with: new)
  return (try TemplateReader.read(text, file: path), try TemplateReader.read(changed, file: path))
}

/// The JSON report's only property change, as a map.
private func onlyPropertyChange(_ report: ChangeReport) throws -> OrderedMap<Value> {
  let json = try TemplateReader.readValue(
    Array(JSONRenderer().render(report).utf8), file: "report")
  let resources = try #require(json["resources"]?.listValue)
  #expect(resources.count == 1)
  let changes = try #require(resources.first?["changes"]?.listValue)
  #expect(changes.count == 1)
  return try #require(changes.first?.mapValue)
}

/// The report's JSON validates against `docs/diff-report.schema.json`.
private func expectFollowsTheSchema(_ report: ChangeReport) throws {
  let schemaURL = fixturesFolder.deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("docs/diff-report.schema.json")
  let schema = try TemplateReader.readValue(Array(try Data(contentsOf: schemaURL)), file: "schema")
  let instance = try TemplateReader.readValue(
    Array(JSONRenderer().render(report).utf8), file: "report")
  #expect(SchemaValidator(root: schema).validate(instance, against: schema, at: "$") == [])
}

/// The 1-based number of the line of `text` that is `line`.
private func lineNumber(of line: String, in text: String) throws -> Int {
  let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
  return try #require(lines.firstIndex { $0 == line }) + 1
}

@Test func aOneLineChangeInTheFleetsUserDataShowsThatLine() throws {
  // FACE_MATCH_THRESHOLD and MAX_FACES reach the service through its environment file, which
  // the launch template's UserData writes (stacks/FaceRecognition/Fleet.swift).
  let (old, new) = try committedDev(
    replacing: "            MAX_FACES=5\n", with: "            MAX_FACES=6\n")
  let report = TemplateDiffer().diff(from: old, to: new, fromLabel: "dev", toLabel: "dev'")
  let change = try #require(report.resources.first)
  #expect(report.resources.count == 1)
  #expect(change.logicalID == "FleetLaunchTemplate")
  #expect(change.impact == .update)

  let text = TextRenderer().render(report)
  #expect(
    text.contains(
      "[~] AWS::EC2::LaunchTemplate FleetLaunchTemplate: update in place\n"
        + " ├─ [~] Properties.LaunchTemplateData.UserData.Fn::Base64.Fn::Sub[0]: text changed "
        + "(-1 +1 lines)\n"))
  let lines = [
    " │     MAX_BATCH_SIZE=25", " │     MAX_CONCURRENCY=8", " │    -MAX_FACES=5",
    " │    +MAX_FACES=6",
    " │     MAX_IMAGE_BYTES=15728640",
  ]
  #expect(text.contains("\n" + lines.joined(separator: "\n") + "\n"))
  #expect(text.components(separatedBy: "\n │    -").count == 2)
  #expect(text.components(separatedBy: "\n │    +").count == 2)
  #expect(!text.replacingOccurrences(of: " … ", with: "").contains("…"), "nothing is cut")

  let markdown = MarkdownRenderer().render(report)
  #expect(
    markdown.contains(
      "- ✏️ `Properties.LaunchTemplateData.UserData.Fn::Base64.Fn::Sub[0]`: text changed (-1 +1 lines)\n\n  ```diff\n"
    ))
  #expect(
    markdown.contains(
      "\n   MAX_CONCURRENCY=8\n  -MAX_FACES=5\n  +MAX_FACES=6\n   MAX_IMAGE_BYTES=15728640\n"))

  try expectFollowsTheSchema(report)
  let property = try onlyPropertyChange(report)
  #expect(property["path"] == "Properties.LaunchTemplateData.UserData.Fn::Base64.Fn::Sub[0]")
  let oldScript = try #require(property["old"]?.stringValue)
  let newScript = try #require(property["new"]?.stringValue)
  #expect(oldScript.hasPrefix("#!/bin/bash\n") && oldScript.hasSuffix("exit 1\n"))
  #expect(newScript == oldScript.replacingOccurrences(of: "MAX_FACES=5", with: "MAX_FACES=6"))
  let line = try lineNumber(of: "MAX_FACES=5", in: oldScript)
  #expect(
    property["textDiff"]
      == [
        "oldLineCount": .int(oldScript.split(separator: "\n").count),
        "newLineCount": .int(newScript.split(separator: "\n").count),
        "changedLines": [
          ["old": ["start": .int(line), "count": 1], "new": ["start": .int(line), "count": 1]]
        ],
      ])
}

@Test func aChangedSQLNamedQueryShowsTheChangedLine() throws {
  let (old, new) = try committedDev(replacing: "        LIMIT 50\n", with: "        LIMIT 100\n")
  let report = TemplateDiffer().diff(from: old, to: new)
  let change = try #require(report.resources.first)
  #expect(change.logicalID == "AnalyticsTopIdentities")
  // QueryString is create-only: a named query is replaced (it has no custom name to block it).
  #expect(change.impact == .willReplace)
  #expect(change.customNameBlock == nil)

  let text = TextRenderer().render(report)
  let expected = [
    " ├─ [~] Properties.QueryString: text changed (-1 +1 lines) (requires replacement)",
    " │    @@ -7,4 +7,4 @@",
    " │     WHERE record_type = 'FACE' AND matched",
    " │     GROUP BY person_id",
    " │     ORDER BY sightings DESC",
    " │    -LIMIT 50",
    " │    +LIMIT 100",
    " └─ … 5 unchanged",
  ].joined(separator: "\n")
  #expect(text.contains(expected + "\n"))

  let markdown = MarkdownRenderer().render(report)
  #expect(
    markdown.contains(
      "`Properties.QueryString`: text changed (-1 +1 lines) **(requires replacement)**"))
  #expect(markdown.contains("  ```diff\n  @@ -7,4 +7,4 @@\n"))
  #expect(markdown.contains("\n  -LIMIT 50\n  +LIMIT 100\n  ```\n"))

  try expectFollowsTheSchema(report)
  let property = try onlyPropertyChange(report)
  #expect(property["old"]?.stringValue?.hasSuffix("ORDER BY sightings DESC\nLIMIT 50") == true)
  #expect(property["new"]?.stringValue?.hasSuffix("ORDER BY sightings DESC\nLIMIT 100") == true)
  #expect(
    property["textDiff"]?["changedLines"]
      == [["old": ["start": 10, "count": 1], "new": ["start": 10, "count": 1]]])
}

/// A managed policy whose document is a JSON string (or an `Fn::Sub` JSON template).
private func managedPolicy(_ document: Value) -> Template {
  Template(resources: [
    "Role": Resource(
      type: "AWS::IAM::Role",
      properties: [
        "AssumeRolePolicyDocument": [
          "Statement": [
            [
              "Effect": "Allow", "Principal": ["Service": "lambda.amazonaws.com"],
              "Action": "sts:AssumeRole",
            ]
          ]
        ]
      ]),
    "Extra": Resource(
      type: "AWS::IAM::ManagedPolicy",
      properties: ["PolicyDocument": document, "Roles": [.ref("Role")]]),
  ])
}

@Test(arguments: [false, true])
func aChangedStatementInAJSONPolicyStringIsAStatementChange(sub: Bool) throws {
  func document(_ action: String) -> Value {
    let text =
      #"{"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": ""#
      + action + #"", "Resource": "arn:aws:s3:::images/*"}, {"Sid": "Logs", "Effect": "Allow", "#
      + #""Action": "logs:PutLogEvents", "Resource": "*"}]}"#
    return sub
      ? .intrinsic(.sub(text.replacingOccurrences(of: "images", with: "${Bucket}"), [:]))
      : .string(text)
  }
  let report = TemplateDiffer().diff(
    from: managedPolicy(document("s3:GetObject")), to: managedPolicy(document("s3:*")))
  // The statement as IAM reads it: the old one removed, the broader one added.
  let statements = report.iamStatements.map { "\($0.kind) \($0.actions) \($0.broadens)" }
  #expect(statements == ["removed [\"s3:GetObject\"] false", "added [\"s3:*\"] true"])
  #expect(report.broadensAccess)
  // The property changes are inside the parsed document, in the statement's action set.
  let changes = try #require(report.resources.first?.changes)
  #expect(
    changes.map { "\($0.kind) \($0.path) \(ValueFormatter.format($0.old ?? $0.new))" } == [
      "removed Properties.PolicyDocument(json).Statement[Sid=Read].Action[*] \"s3:GetObject\"",
      "added Properties.PolicyDocument(json).Statement[Sid=Read].Action[*] \"s3:*\"",
    ])
  let text = TextRenderer().render(report)
  #expect(text.contains("\nIAM statement changes\n[-] Allow s3:GetObject on arn:aws:s3:::"))
  #expect(text.contains("(Extra PolicyDocument) broadens access\n"))
}

@Test func jsonInAStringIsComparedAsJSONWhereverItAppears() throws {
  // A custom resource and an output: no schema names these strings as JSON.
  func template(_ retries: Int) -> Template {
    let body = #"{"retries": \#(retries), "targets": ["a", "b"], "name": "x"}"#
    return Template(
      resources: ["Thing": Resource(type: "Custom::Thing", properties: ["Config": .string(body)])],
      outputs: ["Config": Output(value: .string(body))])
  }
  let report = TemplateDiffer().diff(from: template(3), to: template(5))
  #expect(
    report.resources.first?.changes.map(\.path.description) == ["Properties.Config(json).retries"])
  #expect(report.outputs.first?.changes.map(\.path.description) == ["Value(json).retries"])
  // Reformatting a JSON string is no change.
  let spaced = Template(
    resources: [
      "Thing": Resource(
        type: "Custom::Thing",
        properties: [
          "Config": "{\n  \"name\": \"x\",\n  \"targets\": [\"a\", \"b\"],\n  \"retries\": 3\n}"
        ])
    ], outputs: template(3).outputs)
  #expect(!TemplateDiffer().diff(from: template(3), to: spaced).hasChanges)
}

@Test func aLongOneLineStringIsShownWhole() throws {
  let oldValue = String(repeating: "a", count: 150) + "-old"
  let newValue = String(repeating: "a", count: 150) + "-new"
  func template(_ value: String) -> Template {
    Template(resources: [
      "Topic": Resource(type: "AWS::SNS::Topic", properties: ["DisplayName": .string(value)])
    ])
  }
  let report = TemplateDiffer().diff(from: template(oldValue), to: template(newValue))
  let text = TextRenderer().render(report)
  #expect(text.contains("\n │    -" + oldValue + "\n │    +" + newValue + "\n"))
  #expect(!text.replacingOccurrences(of: " … ", with: "").contains("…"), "nothing is cut")
  let markdown = MarkdownRenderer().render(report)
  #expect(markdown.contains("\n  -" + oldValue + "\n"))
  // A short change stays on one line, as before.
  let short = TemplateDiffer().diff(from: template("a"), to: template("b"))
  #expect(TextRenderer().render(short).contains("[~] Properties.DisplayName: \"a\" → \"b\"\n"))
}

@Test func withNamesNormalizedAScriptsLinesThatOnlyDifferByThePrefixAreUnchanged() throws {
  let root = fixturesFolder.deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  func committed(_ environment: String) throws -> Template {
    let path = "templates/\(environment)/FaceRecognition.yaml"
    return try TemplateReader.read(
      Array(try Data(contentsOf: root.appendingPathComponent(path))), file: path)
  }
  let report = TemplateDiffer(
    options: .init(normalizedNames: NamePrefixes(from: "facestack-dev", to: "facestack-prod"))
  ).diff(from: try committed("dev"), to: try committed("prod"))
  let fleet = try #require(report.resources.first { $0.logicalID == "FleetLaunchTemplate" })
  let userData = try #require(fleet.changes.first { $0.path.description.contains("UserData") })
  let lines = try #require(TextDiff.of(userData, names: report.normalizedNames))
  let changed = lines.hunks.flatMap(\.lines).filter { $0.kind != .context }.map(\.text)
  // The thresholds differ; COLLECTION_ID and PIPELINE_NAME only by the environment's prefix.
  #expect(
    changed == [
      "FACE_MATCH_THRESHOLD=90", "FACE_MATCH_THRESHOLD=95", "MAX_FACES=5", "MAX_FACES=10",
      "QUEUE_CONCURRENCY=8", "QUEUE_CONCURRENCY=16", "QUEUE_VISIBILITY_TIMEOUT=120",
      "QUEUE_VISIBILITY_TIMEOUT=300",
    ])
  #expect(TextDiff.of(userData)?.changes.count == 7)
  #expect(TextRenderer().render(report).contains(" │     COLLECTION_ID=facestack-prod-faces\n"))
}
