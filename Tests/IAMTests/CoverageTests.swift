import CloudFormation
import Foundation
import Testing

@testable import IAM

@Suite struct CoverageTests {
  let resolver = ResourcePatternResolver(resourceTypes: [
    "ImagesBucket": "AWS::S3::Bucket", "Faces": "AWS::Rekognition::Collection",
    "DetectLogs": "AWS::Logs::LogGroup",
  ])

  /// The detect function's least-privilege role.
  var detectRole: Role {
    role(
      "DetectRole",
      [
        allow(["s3:GetObject"], on: [.sub("arn:${AWS::Partition}:s3:::${ImagesBucket}/input/*")]),
        allow(["rekognition:DetectFaces"]),
        allow(["rekognition:SearchFacesByImage"], on: [.getAtt("Faces", "Arn")]),
        allow(["logs:CreateLogStream", "logs:PutLogEvents"], on: [.getAtt("DetectLogs", "Arn")]),
      ])
  }

  @Test func committedDetectHandlerIsCoveredExactly() throws {
    let scan = try scanFixture("detect")
    let report = CoverageChecker(resolver: resolver).check(
      function: "detect", role: detectRole, scan: scan)
    #expect(report.missing == [])
    #expect(report.unused == [])
    #expect(report.allowListed == ["logs:CreateLogStream", "logs:PutLogEvents"])
  }

  @Test func committedStoreAndEnrollHandlersAreCoveredExactly() throws {
    let checker = CoverageChecker(resolver: resolver)
    let store = role(
      "StoreRole",
      [
        allow(["dynamodb:BatchWriteItem", "dynamodb:Query"], on: [.getAtt("ResultsTable", "Arn")]),
        allow(
          ["s3:PutObject"], on: [.sub("arn:${AWS::Partition}:s3:::${ImagesBucket}/processed/*")]),
      ])
    let storeReport = checker.check(function: "store", role: store, scan: try scanFixture("store"))
    #expect(storeReport.missing == [] && storeReport.unused == [])
    let enroll = role(
      "EnrollRole",
      [
        allow(["s3:GetObject"], on: [.sub("arn:${AWS::Partition}:s3:::${ImagesBucket}/enroll/*")]),
        allow(["dynamodb:GetItem", "dynamodb:PutItem"], on: [.getAtt("ResultsTable", "Arn")]),
        allow(
          ["rekognition:DeleteFaces", "rekognition:IndexFaces"], on: [.getAtt("Faces", "Arn")]),
      ])
    let enrollReport = checker.check(
      function: "enroll", role: enroll, scan: try scanFixture("enroll"))
    #expect(enrollReport.missing == [] && enrollReport.unused == [])
    // The detect role runs none of enroll's writes.
    let crossed = checker.check(
      function: "enroll", role: detectRole, scan: try scanFixture("enroll"))
    #expect(
      crossed.missing.map(\.action) == [
        "dynamodb:GetItem", "rekognition:IndexFaces", "rekognition:DeleteFaces", "dynamodb:PutItem",
      ])
  }

  @Test func anUngrantedCallIsExactlyOneMissingPermissionWithFileAndLine() throws {
    var scan = try scanFixture("detect")
    scan.calls.append(
      HandlerCall(
        file: "stacks/FaceRecognition/handlers/facecommon/s3objects.py", line: 97, service: "s3",
        operation: "delete_object", iamActions: ["s3:DeleteObject"]))
    let report = CoverageChecker(resolver: resolver).check(
      function: "detect", role: detectRole, scan: scan)
    #expect(report.missing.count == 1)
    #expect(
      report.missing.first?.message(role: "DetectRole")
        == "stacks/FaceRecognition/handlers/facecommon/s3objects.py:97: s3.delete_object needs s3:DeleteObject, which role 'DetectRole' does not allow"
    )
    #expect(report.unused == [])
  }

  @Test func removingTheOnlyCallOfAnActionIsOneUnusedWarning() throws {
    var scan = try scanFixture("detect")
    scan.calls.removeAll { $0.operation == "search_faces_by_image" }
    let report = CoverageChecker(resolver: resolver).check(
      function: "detect", role: detectRole, scan: scan)
    #expect(report.missing == [])
    #expect(
      report.unused.map(\.message) == [
        "rekognition:SearchFacesByImage is allowed by DetectRole/Policy/Statement[2] but no handler call needs it"
      ])
  }

  @Test func conditionalActionsAreNeitherMissingNorUnused() throws {
    let scan = try scanFixture("detect")
    var role = detectRole
    // kms:Decrypt and s3:ListBucket are conditional for get_object / head_object.
    role.policies[0].document.statements.append(
      allow(["s3:ListBucket"], on: [.getAtt("ImagesBucket", "Arn")]))
    let report = CoverageChecker(resolver: resolver).check(
      function: "detect", role: role, scan: scan)
    #expect(report.missing == [] && report.unused == [])
  }

  @Test func resourcesAreCheckedWhereKnown() throws {
    let scan = try scanFixture("detect")
    let checker = CoverageChecker(resolver: resolver)
    let inside = checker.check(
      function: "detect", role: detectRole, scan: scan,
      resources: [
        "s3:GetObject": [.sub("arn:${AWS::Partition}:s3:::${ImagesBucket}/input/*")]
      ])
    #expect(inside.missing == [])
    let outside = checker.check(
      function: "detect", role: detectRole, scan: scan,
      resources: [
        "s3:GetObject": [.sub("arn:${AWS::Partition}:s3:::${ImagesBucket}/enroll/*")]
      ])
    #expect(outside.missing.map(\.action) == ["s3:GetObject", "s3:GetObject", "s3:GetObject"])
    #expect(
      outside.missing.first?.resource == "!Sub arn:${AWS::Partition}:s3:::${ImagesBucket}/enroll/*")
  }

  @Test func evaluatorHandlesWildcardsAndDenies() {
    let evaluator = PolicyEvaluator(statements: [
      allow(["rekognition:*", "s3:Get*"], on: ["arn:aws:s3:::images/*", "*"]),
      Statement(effect: .deny, actions: .actions(["s3:GetObjectAcl"]), resources: .any),
      Statement(
        effect: .deny, actions: .actions(["s3:GetObject"]),
        resources: .resources(["arn:aws:s3:::images/private/*"])),
    ])
    #expect(evaluator.allows("rekognition:IndexFaces"))
    #expect(evaluator.allows("S3:GETOBJECT", on: "arn:aws:s3:::images/input/a.jpg"))
    #expect(!evaluator.allows("s3:GetObject", on: "arn:aws:s3:::images/private/a.jpg"))
    #expect(!evaluator.allows("s3:GetObjectAcl"))
    #expect(!evaluator.allows("s3:PutObject"))
    let scoped = PolicyEvaluator(statements: [
      allow(["s3:PutObject"], on: ["arn:aws:s3:::images/processed/*"])
    ])
    #expect(scoped.allows("s3:PutObject", on: "arn:aws:s3:::images/processed/x.json"))
    #expect(!scoped.allows("s3:PutObject", on: "arn:aws:s3:::images/input/x.jpg"))
    #expect(!scoped.allows("s3:PutObject", on: "arn:aws:s3:::images/*"))
    let notAction = PolicyEvaluator(statements: [
      Statement(effect: .allow, actions: .notActions(["iam:*"]), resources: .any)
    ])
    #expect(notAction.allows("s3:GetObject") && !notAction.allows("iam:PassRole"))
  }

  @Test func decodesTheScannerFormat() throws {
    let scan = try scanFixture("store")
    #expect(
      scan.calls.map(\.callName) == [
        "dynamodb.query", "dynamodb.batch_write_item", "s3.put_object",
      ])
    #expect(scan.calls.last?.conditionalActions.contains("kms:GenerateDataKey") == true)
    let bad = Data(#"{"format": 2, "calls": []}"#.utf8)
    #expect(throws: DecodingError.self) { try HandlerScan(json: bad) }
  }

  /// End to end with the real scanner over a handler package written in the test: one added
  /// call → one missing permission at its line; the only call of an action removed → unused.
  @Test(.enabled(if: scannerScript != nil)) func scannerEndToEnd() throws {
    let script = try #require(scannerScript)
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "facestack-coverage-\(UUID().uuidString)")
    let handlers = root.appendingPathComponent("handlers/fn")
    try FileManager.default.createDirectory(at: handlers, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let base = """
      import boto3

      s3 = boto3.client("s3")
      table = boto3.resource("dynamodb").Table("t")


      def handler(event, context):
          body = s3.get_object(Bucket=event["bucket"], Key=event["key"])["Body"].read()
          table.put_item(Item={"id": event["key"], "size": len(body)})
          return {"ok": True}

      """
    let role = role(
      "FnRole",
      [
        allow(["s3:GetObject"], on: ["arn:aws:s3:::images/input/*"]),
        allow(["dynamodb:PutItem"], on: ["arn:aws:dynamodb:eu-west-1:123456789012:table/t"]),
      ])
    func scan(_ source: String) throws -> HandlerScan {
      try Data(source.utf8).write(to: handlers.appendingPathComponent("app.py"))
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = [
        "python3", script.path, root.appendingPathComponent("handlers").path, "fn/app.py",
        "--repo-root", root.path,
      ]
      let output = Pipe()
      process.standardOutput = output
      try process.run()
      let data = output.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      #expect(process.terminationStatus == 0)
      return try HandlerScan(json: data)
    }
    let checker = CoverageChecker()
    let clean = checker.check(function: "fn", role: role, scan: try scan(base))
    #expect(clean.missing == [] && clean.unused == [])

    let extra = base.replacingOccurrences(
      of: "    return {\"ok\": True}",
      with:
        "    s3.delete_object(Bucket=event[\"bucket\"], Key=event[\"key\"])\n    return {\"ok\": True}"
    )
    let added = checker.check(function: "fn", role: role, scan: try scan(extra))
    #expect(
      added.missing.map { $0.message(role: "FnRole") } == [
        "handlers/fn/app.py:10: s3.delete_object needs s3:DeleteObject, which role 'FnRole' does not allow"
      ])

    let removed = base.replacingOccurrences(
      of: "    table.put_item(Item={\"id\": event[\"key\"], \"size\": len(body)})\n", with: "")
    let unused = checker.check(function: "fn", role: role, scan: try scan(removed))
    #expect(unused.missing == [])
    #expect(unused.unused.map(\.action) == ["dynamodb:PutItem"])
  }
}
