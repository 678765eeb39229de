import CloudFormation
import Foundation
import Testing

@testable import IAM

/// The bundled catalog (decoded once for the whole test run).
func catalog() throws -> IAMCatalog { try IAMCatalog.bundled() }

/// A one-statement identity policy.
func allow(_ actions: [String], on resources: [Value] = ["*"], conditions: [Condition] = [])
  -> Statement
{
  Statement(
    effect: .allow, actions: .actions(actions), resources: .resources(resources),
    conditions: conditions)
}

/// A role with one inline policy named `Policy`.
func role(_ name: String = "DetectRole", _ statements: [Statement], trust: PolicyDocument? = nil)
  -> Role
{
  Role(
    name: name, trustPolicy: trust,
    policies: [
      NamedPolicy(name: "Policy", kind: .inline, document: PolicyDocument(statements: statements))
    ])
}

/// The package's root folder.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

/// `Sources/IAM/Resources/boto3-iam-map.json` in the source tree.
let boto3MapURL = packageRoot.appendingPathComponent("Sources/IAM/Resources/boto3-iam-map.json")

/// This test target's fixtures folder.
let iamFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .appendingPathComponent("Fixtures")

/// A committed handler scan (output of `scripts/scan_handler_calls.py`).
func scanFixture(_ function: String) throws -> HandlerScan {
  try HandlerScan(
    json: Data(contentsOf: iamFixtures.appendingPathComponent("\(function).calls.json")))
}

/// The scanner script: the repository's, or `FACESTACK_SCAN_HANDLER_CALLS` when set.
let scannerScript: URL? = {
  if let path = ProcessInfo.processInfo.environment["FACESTACK_SCAN_HANDLER_CALLS"] {
    return URL(fileURLWithPath: path)
  }
  let script = packageRoot.appendingPathComponent("scripts/scan_handler_calls.py")
  return FileManager.default.fileExists(atPath: script.path) ? script : nil
}()
