import Testing

@testable import CloudFormation

@Test func quotasAreReportedWithClearMessages() {
  var template = Template()
  for index in 0..<501 { template.resources["R\(index)"] = Resource(type: "AWS::SQS::Queue") }
  for index in 0..<201 { template.parameters["P\(index)"] = Parameter(type: .string) }
  for index in 0..<201 { template.outputs["O\(index)"] = Output(value: "x") }
  for index in 0..<201 { template.mappings["M\(index)"] = ["a": ["b": "c"]] }
  template.resources["Bad_Id"] = Resource(type: "AWS::SQS::Queue")
  template.resources[String(repeating: "A", count: 256)] = Resource(type: "AWS::SQS::Queue")
  let messages = TemplateLimits.check(template, bodySize: 1_000_001).map(\.description)
  #expect(messages.contains("error: 503 resources, more than CloudFormation's limit of 500"))
  #expect(messages.contains("error: 201 parameters, more than CloudFormation's limit of 200"))
  #expect(messages.contains("error: 201 outputs, more than CloudFormation's limit of 200"))
  #expect(messages.contains("error: 201 mappings, more than CloudFormation's limit of 200"))
  #expect(
    messages.contains(
      "Resources.Bad_Id: error: logical ID 'Bad_Id' must be 1 to 255 ASCII letters and digits"))
  #expect(messages.contains { $0.hasPrefix("Resources.AAAA") })
  #expect(
    messages.contains(
      "error: template body is 1000001 bytes, more than the 1000000 bytes CloudFormation accepts; split the stack"
    ))
}

@Test func aBodyOverTheInlineLimitIsANote() {
  var template = Template()
  template.resources["Queue"] = Resource(type: "AWS::SQS::Queue")
  #expect(TemplateLimits.check(template, bodySize: 51_200).isEmpty)
  #expect(
    TemplateLimits.check(template, bodySize: 51_201).map(\.description) == [
      "note: template body is 51201 bytes, more than 51200: it must be deployed through S3"
    ])
}
