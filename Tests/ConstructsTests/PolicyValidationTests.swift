import CloudFormation
import Testing

@testable import Constructs

@Test func aMisspeltActionFailsSynthesisAtTheGrantsLine() throws {
  let stack = testStack()
  let bucket = Bucket(stack, "Images")
  let role = Role(stack, "Worker", assumedBy: "lambda.amazonaws.com", description: "worker")
  role.allow(
    ["s3:GetObjekt"], on: [bucket.objectsARN(prefix: "input/")], file: "Stack.swift", line: 21)
  do {
    _ = try Synthesizer(packager: FakePackager()).synthesize(stack)
    Issue.record("expected a synthesis error")
  } catch let error as SynthesisError {
    #expect(
      error.description
        == "Stack.swift:21: error: unknown action 's3:GetObjekt', did you mean s3:GetObject?")
  }
}

@Test func aWildcardResourceOnAScopableActionFailsSynthesis() throws {
  let stack = testStack()
  let role = Role(stack, "Worker", assumedBy: "lambda.amazonaws.com", description: "worker")
  role.allow(["dynamodb:PutItem"], on: [.any], file: "Stack.swift", line: 30)
  #expect(throws: SynthesisError.self) {
    try Synthesizer(packager: FakePackager()).synthesize(stack)
  }
  do {
    _ = try Synthesizer(packager: FakePackager()).synthesize(testStackWithWildcardPut())
  } catch let error as SynthesisError {
    #expect(
      error.description
        == "Stack.swift:30: error: resource '*' on dynamodb:PutItem, which can be scoped to table; name the resources"
    )
  }
}

func testStackWithWildcardPut() -> Stack {
  let stack = testStack()
  let role = Role(stack, "Worker", assumedBy: "lambda.amazonaws.com", description: "worker")
  role.allow(["dynamodb:PutItem"], on: [.any], file: "Stack.swift", line: 30)
  return stack
}

@Test func anARNOfTheWrongResourceTypeFailsSynthesis() throws {
  let stack = testStack()
  let table = Table(stack, "Results", options: .init(partitionKey: .init("id", .string)))
  let role = Role(stack, "Worker", assumedBy: "lambda.amazonaws.com", description: "worker")
  role.allow(["s3:GetObject"], on: [table.arn], file: "Stack.swift", line: 40)
  do {
    _ = try Synthesizer(packager: FakePackager()).synthesize(stack)
    Issue.record("expected a synthesis error")
  } catch let error as SynthesisError {
    #expect(
      error.description.hasPrefix(
        "Stack.swift:40: error: resource '!GetAtt Results.Arn' matches none of the resource types of s3:GetObject"
      ))
  }
}
