import CloudFormation
import FaceRecognitionStack
import Testing

@testable import Constructs

@Test func theGraphShowsTheEventFlowWithoutTheWiring() throws {
  let stack = FaceRecognitionStack.build(environment: testEnvironment())
  let template = try Synthesizer(packager: FakePackager()).synthesize(stack).template
  let graph = ResourceGraph(template: template)
  let edges = Set(graph.edges.map { "\($0.from) -\($0.label)-> \($0.to)" })
  #expect(
    edges.isSuperset(of: [
      "Images -events-> InputUploads", "Images -events-> EnrollUploads",
      "InputUploads -targets-> Workflow",
      "Workflow -invokes-> Detect", "Workflow -invokes-> Store", "EnrollUploads -targets-> Enroll",
      "Images -events-> FleetUploads", "FleetUploads -targets-> FleetWorkQueue",
      "FleetGroup -TargetGroupARNs-> FleetTargets",
      "FleetLoadBalancerListener80 -DefaultActions-> FleetTargets",
    ]))
  #expect(!graph.nodes.contains { $0.type == "AWS::IAM::Role" || $0.type == "AWS::Logs::LogGroup" })
  #expect(graph.mermaid.hasPrefix("flowchart LR\n"))
  #expect(graph.mermaid.contains("  Workflow -->|invokes| Detect\n"))
  #expect(graph.dot.contains("  \"Workflow\" -> \"Detect\" [label=\"invokes\"];\n"))
}
