import CloudFormation
import Testing

@testable import Constructs

@Test(arguments: [
  (["Detect", "Default"], "Detect"), (["Detect", "Role"], "DetectRole"),
  (["input-rule", "Target0"], "InputruleTarget0"),
  (["Images", "Default"], "Images"), (["Images", "Policy"], "ImagesPolicy"),
  (["a_b", "c d"], "AbCd"),
])
func logicalIDsFollowTheDocumentedScheme(path: [String], expected: String) {
  #expect(LogicalID.make(path: path) == expected)
}

@Test func constructsGetTheirLogicalIDsFromTheirPath() throws {
  let stack = Stack(name: "S", environment: testEnvironment())
  let queue = Queue(stack, "DeadLetters")
  let bucket = Bucket(stack, "Images")
  #expect(queue.resource.logicalID == "DeadLetters")
  #expect(bucket.policy?.logicalID == "ImagesPolicy")
  let result = try Synthesizer(packager: FakePackager()).synthesize(stack)
  #expect(result.template.resources.keys == ["DeadLetters", "Images", "ImagesPolicy"])
}

@Test func aRepeatedIDIsAnErrorNamingBothLines() {
  let stack = Stack(name: "S", environment: testEnvironment())
  _ = Queue(stack, "Jobs", file: "Stack.swift", line: 10)
  _ = Queue(stack, "Jobs", file: "Stack.swift", line: 14)
  #expect(throws: SynthesisError.self) {
    try Synthesizer(packager: FakePackager()).synthesize(stack)
  }
  #expect(
    stack.diagnostics.map(\.description) == [
      "Stack.swift:14: error: duplicate construct id 'Jobs' under 'S' (first defined at Stack.swift:10)"
    ])
}

@Test func twoPathsWithTheSameLogicalIDAreAnError() throws {
  let stack = Stack(name: "S", environment: testEnvironment())
  _ = Queue(stack, "dead_Letters", file: "Stack.swift", line: 3)
  _ = Queue(stack, "DeadLetters", file: "Stack.swift", line: 4)
  do {
    _ = try Synthesizer(packager: FakePackager()).synthesize(stack)
    Issue.record("expected a collision")
  } catch let error as SynthesisError {
    #expect(
      error.description
        == "Stack.swift:4: error: logical id 'DeadLetters' of 'DeadLetters/Default' is already used by 'dead_Letters/Default' (Stack.swift:3)"
    )
  }
}
