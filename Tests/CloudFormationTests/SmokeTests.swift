import Testing
@testable import CloudFormation

@Test func writesShortFormTags() throws {
  var template = Template(description: "x")
  template.resources["Bucket"] = Resource(type: "AWS::S3::Bucket", properties: [
    "BucketName": .sub("${AWS::StackName}-images"),
    "Arn": .getAtt("Other", "Arn"),
    "Date": "2012-10-17",
    "Encoded": .intrinsic(.base64(.sub("#!/bin/bash\necho hi\n"))),
    "Joined": .join("", [.ref("X"), .sub("a-${Y}")]),
  ])
  let yaml = try TemplateWriter.write(template, as: .yaml)
  print(yaml)
  let back = try TemplateReader.read(yaml, file: "t.yaml")
  #expect(back == template)
  let json = try TemplateWriter.write(template, as: .json)
  print(json)
  #expect(try TemplateReader.read(json, file: "t.json") == template)
}
