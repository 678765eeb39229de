import Testing

@testable import CloudFormation

/// Each string, written as a property value, and the exact YAML scalar expected.
let quotingCases: [(String, String)] = [
  ("2012-10-17", "\"2012-10-17\""),
  ("on", "\"on\""), ("Off", "\"Off\""), ("yes", "\"yes\""), ("y", "\"y\""), ("N", "\"N\""),
  ("true", "\"true\""), ("null", "\"null\""), ("~", "\"~\""), ("", "\"\""),
  ("0123", "\"0123\""), ("1e3", "\"1e3\""), ("10", "\"10\""), ("-1.5", "\"-1.5\""),
  ("0x1F", "\"0x1F\""), ("1_000", "\"1_000\""), (".inf", "\".inf\""), ("1:30", "\"1:30\""),
  ("1.2.3", "\"1.2.3\""), ("2001-12-14 21:59:43.10 -5", "\"2001-12-14 21:59:43.10 -5\""),
  ("*", "'*'"), ("a: b", "'a: b'"), ("#x", "'#x'"), ("- x", "'- x'"), ("!Ref X", "'!Ref X'"),
  ("python3.12", "python3.12"), ("arm64", "arm64"), ("10.0.0.0/16", "10.0.0.0/16"),
  ("1.2.3.4", "\"1.2.3.4\""), ("v1", "v1"), ("PT5M", "PT5M"), ("s3:GetObject", "s3:GetObject"),
  ("arn:aws:s3:::b/*", "arn:aws:s3:::b/*"), ("input/", "input/"), ("123abc", "123abc"),
]

@Test(arguments: quotingCases)
func stringsAreQuotedOnlyWhereNeeded(string: String, expected: String) throws {
  let yaml = try TemplateWriter.write(["Key": .string(string)], as: .yaml)
  #expect(yaml == "Key: \(expected)\n")
  let back = try TemplateReader.readValue(Array(yaml.utf8), file: "q")
  #expect(back == ["Key": .string(string)])
}

@Test func multiLineStringsAreLiteralBlocks() throws {
  let yaml = try TemplateWriter.write(["Script": "#!/bin/bash\nset -e\n"], as: .yaml)
  #expect(yaml == "Script: |\n  #!/bin/bash\n  set -e\n")
}

@Test func aFunctionInsideASingleArgumentFunctionUsesTheLongForm() throws {
  let yaml = try TemplateWriter.write(["UserData": .intrinsic(.base64(.ref("Script")))], as: .yaml)
  #expect(yaml == "UserData:\n  Fn::Base64: !Ref Script\n")
}
