import CloudFormation
import Foundation
import Testing

@testable import IAM

/// The committed `policies/<env>/` against the committed handlers: every handler call is
/// covered, nothing unused is granted, and no rule reports an error.
///
/// A Lambda function `name` of `handlers/manifest.json` runs as role `<Name>Role` (the
/// stack's naming); the EC2 service runs as the fleet's instance-profile role. Skipped when
/// the scanner or the policies are not in the checkout.
@Suite struct CommittedStackTests {
  static let policiesRoot = packageRoot.appendingPathComponent("policies")
  static let handlersRoot = packageRoot.appendingPathComponent("stacks/FaceRecognition/handlers")
  static let available =
    scannerScript != nil && FileManager.default.fileExists(atPath: policiesRoot.path)
    && FileManager.default.fileExists(
      atPath: handlersRoot.appendingPathComponent("manifest.json").path)

  /// Roles not named after their function.
  static let roleNames = ["service": "FleetProfileRole"]

  func functions() throws -> [String] {
    let data = try Data(contentsOf: Self.handlersRoot.appendingPathComponent("manifest.json"))
    let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let functions = try #require(manifest["functions"] as? [String: [String: Any]])
    return functions.filter {
      $0.value["kind"] as? String == "lambda" || Self.roleNames[$0.key] != nil
    }.keys.sorted()
  }

  func scan(_ function: String) throws -> HandlerScan {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      // The whole folder, as `iam review` scans it: the service's queue worker (worker.py)
      // runs under the same role as its HTTP app (app.py).
      "python3", try #require(scannerScript).path, Self.handlersRoot.path, function,
      "--repo-root", packageRoot.path,
    ]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return try HandlerScan(json: data)
  }

  @Test(.enabled(if: available)) func everyHandlerCallIsCoveredAndNothingUnusedIsGranted() throws {
    let environments = try FileManager.default.contentsOfDirectory(atPath: Self.policiesRoot.path)
      .sorted()
    #expect(!environments.isEmpty)
    let functions = try self.functions()
    #expect(functions.count >= 4)
    let scans = try Dictionary(uniqueKeysWithValues: functions.map { ($0, try scan($0)) })
    let reviewer = IAMReviewer(catalog: try IAMCatalog.bundled())
    for environment in environments {
      let roles = try RoleLoader.roles(
        inDirectory: Self.policiesRoot.appendingPathComponent(environment).path)
      var coverage: [CoverageReport] = []
      for function in functions {
        let roleName =
          Self.roleNames[function] ?? function.prefix(1).uppercased() + function.dropFirst()
          + "Role"
        guard let role = roles.first(where: { $0.name == roleName }) else {
          Issue.record("\(environment): no policy file for \(roleName)")
          continue
        }
        let report = CoverageChecker().check(
          function: function, role: role, scan: scans[function] ?? HandlerScan(calls: []))
        #expect(
          report.missing.map { $0.message(role: roleName) } == [], "\(environment)/\(function)")
        #expect(report.unused.map(\.message) == [], "\(environment)/\(function)")
        #expect(report.unresolved == [], "\(environment)/\(function)")
        coverage.append(report)
      }
      let review = reviewer.review(roles: roles, coverage: coverage)
      #expect(review.summary.errors == 0, "\(environment): \(ReviewRenderer.text(review))")
    }
  }
}
