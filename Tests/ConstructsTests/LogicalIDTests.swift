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

/// A component keeps its ASCII letters and digits and upper-cases its first letter, exactly
/// as the scheme's first form did with Unicode properties: other letters, digits and marks,
/// however they are written, are dropped.
@Test func componentsKeepOnlyASCIILettersAndDigitsAsUnicodePropertiesSay() {
  func byProperties(_ id: String) -> String {
    let kept = String(
      String.UnicodeScalarView(
        id.unicodeScalars.filter {
          $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))
        }))
    guard let first = kept.first else { return "" }
    return first.uppercased() + String(kept.dropFirst())
  }
  var ids = [
    "", "Default", "detect", "input-rule", "a_b", "c d", "9lives", "élan", "Ünïcode", "ǅemal",
    "ßtraße", "٣digits", "ｆｕｌｌ", "e\u{301}cole", "👩‍💻team", "tab\tnew\nline", "Ωmega", "x",
  ]
  ids += (0..<128).map { String(UnicodeScalar(UInt8($0))) + "z" }
  for id in ids {
    #expect(LogicalID.component(id) == byProperties(id), "\(id.debugDescription)")
  }
  #expect(LogicalID.component("élan") == "Lan")
  #expect(LogicalID.component("9lives") == "9lives")
}
