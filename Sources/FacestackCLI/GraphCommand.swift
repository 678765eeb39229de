import ArgumentParser
import Constructs
import FacestackCore
import Foundation

/// `facestack graph`: the resources and the event flow, as Mermaid or Graphviz.
struct GraphCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "graph",
    abstract: "Draw the stack's resources and event flow (Mermaid or Graphviz dot).",
    discussion:
      "IAM roles, policies, permissions and log groups are left out, so the flow stays readable."
  )

  @Option(help: "The environment.")
  var env: String

  @Option(help: "Output format: mermaid or dot.")
  var format: Format = .mermaid

  enum Format: String, ExpressibleByArgument, CaseIterable { case mermaid, dot }

  func run() throws {
    let workspace = try Workspace.locate()
    let synthesized = try workspace.synthesize(try workspace.environment(env))
    let graph = ResourceGraph(template: synthesized.result.template)
    Console.out(format == .mermaid ? graph.mermaid : graph.dot, terminator: "")
  }
}
