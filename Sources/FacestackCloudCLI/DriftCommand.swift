import ArgumentParser
import Deploy
import FacestackCLI
import FacestackCloud
import FacestackCore
import Foundation

/// `facestack drift --env NAME`: CloudFormation's drift detection, and what drifted.
struct DriftCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "drift",
    abstract: "Detect drift: what changed in the deployed resources outside CloudFormation.",
    discussion: """
      Runs DetectStackDrift, waits for it (DescribeStackDriftDetectionStatus), and shows each \
      drifted resource's property differences (DescribeStackResourceDrifts) on the diff's \
      renderers, template value → actual value; then the resources CloudFormation did not \
      check and what drift detection cannot see. --fail exits 1 when something drifted; a \
      detection that failed for some resources shows what it found and exits 3. The local \
      cloud's emulator has no drift detection: --local says so and exits 2. --format json \
      prints the documented shape (README, "Operating").
      """)

  @OptionGroup var target: DeployTargetOptions

  @Option(help: "text or json.")
  var format: OperateFormat = .text

  @Flag(help: "Exit 1 when a resource drifted.")
  var fail = false

  func run() async throws {
    if target.local { throw FacestackError.input(CoverageNotice.localCloud) }
    let deployed = try await target.deployedStack()
    let detector = DriftDetector(client: deployed.target.aws.cloudFormation)
    Console.diagnostic("detecting drift of \(deployed.stack.stackName) (this can take minutes)")
    let report: DriftReport
    do {
      report = try await detector.detect(stackName: deployed.stack.stackName)
    } catch {
      throw FacestackError.from(cloud: error)
    }
    switch format {
    case .text: Console.out(DriftRenderer(color: stdoutWantsColor).text(report), terminator: "")
    case .json: Console.out(DriftRenderer().json(report), terminator: "")
    }
    if report.detectionFailed {
      throw FacestackError.aws(
        "drift detection of \(report.stackName) failed for some resources: "
          + (report.detectionStatusReason ?? "no reason given"))
    }
    if fail && report.isDrifted { throw ExitCode(1) }
  }
}
