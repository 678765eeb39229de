import Testing

@testable import CloudFormation

/// One test per reader bug of issue 16, each on the smallest template that showed it.

private func read(_ text: String) throws -> Template {
  try TemplateReader.read(text, file: "t.yaml")
}

private func readError(_ text: String) -> String? {
  do {
    _ = try read(text)
    return nil
  } catch {
    return "\(error)"
  }
}

private func formatted(_ text: String, as format: TemplateFormat? = nil) throws -> String {
  try TemplateFormatter.format(Array(text.utf8), file: "t.yaml", as: format).text
}

private let resourceA = "Resources:\n  A:\n    Type: AWS::SNS::Topic\n"

@Test func aBareGetAZsStaysTheStackRegionNotARegionNamedNull() throws {
  let text = "Resources:\n  A:\n    Type: T\n    Properties:\n      Zones: !GetAZs\n"
  let template = try read(text)
  #expect(template.resources["A"]?.properties["Zones"] == .intrinsic(.getAZs("")))
  #expect(try formatted(text).contains("Zones: !GetAZs \"\"\n"))
  #expect(try formatted(text, as: .json).contains("\"Fn::GetAZs\": \"\""))
}

@Test func forEachIsReadUnderLanguageExtensionsAndRefusedWithoutIt() throws {
  let loop = """
    Resources:
      Fn::ForEach::Topics:
        - Name
        - [A, B]
        - Topic${Name}:
            Type: AWS::SNS::Topic
      Queue:
        Type: AWS::SQS::Queue
        DeletionPolicy: !If [IsProd, Retain, Delete]

    """
  let template = try read("Transform: AWS::LanguageExtensions\n" + loop)
  #expect(template.resources.keys == ["Queue"])
  #expect(template.untypedEntries.map(\.key) == ["Fn::ForEach::Topics"])
  #expect(template.resources["Queue"]?.untypedAttributes["DeletionPolicy"] != nil)
  let text = try formatted("Transform: AWS::LanguageExtensions\n" + loop)
  #expect(text.contains("Resources:\n  Fn::ForEach::Topics:\n  - Name\n"))
  #expect(try formatted(text) == text)
  #expect(
    readError(loop) == "t.yaml:2:3: Fn::ForEach::Topics needs the AWS::LanguageExtensions transform"
  )
}

@Test func aResourceVersionIsKeptWithoutATransform() throws {
  let text = resourceA + "    Version: \"2009-05-15\"\n"
  #expect(try read(text).resources["A"]?.untypedAttributes["Version"] == "2009-05-15")
  #expect(try formatted(text).hasSuffix("    Type: AWS::SNS::Topic\n    Version: \"2009-05-15\"\n"))
}

@Test func keysAMacroReadsAreKeptAndTyposStayErrorsWithoutOne() throws {
  let counted = resourceA + "    Count: 3\n"
  let template = try read("Transform: Count\n" + counted)
  #expect(template.resources["A"]?.untypedAttributes["Count"] == 3)
  #expect(try formatted("Transform: Count\n" + counted).contains("    Count: 3\n"))
  #expect(
    readError(counted)
      == "t.yaml:4:5: unknown key 'Count' in resource A; expected one of Type, Condition, DependsOn, Properties, DeletionPolicy, UpdateReplacePolicy, UpdatePolicy, CreationPolicy, Metadata"
  )
  let sam = "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Timeout: 3\n"
  #expect(try read(sam + resourceA).untypedEntries.map(\.key) == ["Globals"])
  #expect(
    readError(sam + resourceA + "    Propertes: {}\n")?.contains("unknown key 'Propertes'")
      == true)
}

@Test func mergeKeysAreResolvedAsYAML11DefinesThem() throws {
  let text = """
    Mappings:
      Base: &base {a: 1, b: 2}
      Other: &other {b: 9, c: 3}
      Derived:
        <<: [*base, *other]
        b: 4
    \(resourceA)
    """
  let derived = try read(text).mappings["Derived"]
  #expect(derived == ["a": 1, "c": 3, "b": 4])
  #expect(!(try formatted(text)).contains("<<"))
  #expect(try read("Mappings:\n  M: {\"<<\": 1}\n" + resourceA).mappings["M"] == ["<<": 1])
}

@Test func unknownTagsAreErrorsNamingTheTagAndLine() {
  let message = readError(resourceA + "    Properties:\n      X: !Foo bar\n")
  #expect(
    message?.hasPrefix(
      "t.yaml:5:10: unknown tag !Foo; CloudFormation's short forms are !And, !Base64") == true)
  #expect(
    readError(resourceA + "    Properties:\n      X: !!binary aGk=\n")?.contains(
      "unsupported tag !!binary") == true)
}

@Test func scalarsKeepTheirMeaningAndType() throws {
  let text = """
    Parameters:
      P:
        Type: Number
        MinValue: "1"
        NoEcho: "true"
    Resources:
      A:
        Type: T
        Properties:
          Quoted: "0755"
          Octal: 0755
          Hex: 0x1F
          Underscored: 1_000
          Sexagesimal: 1:30
          Float: 1.50
          Exponent: 1e3
          Empty:
          Nothing: null
          Enabled: yes
          Date: 2012-10-17

    """
  let properties = try #require(try read(text).resources["A"]?.properties)
  #expect(properties["Quoted"] == "0755")
  #expect(properties["Octal"]?.numberValue?.jsonText == "493")
  #expect(properties["Hex"]?.numberValue?.intValue == 31)
  #expect(properties["Underscored"]?.numberValue?.jsonText == "1000")
  #expect(properties["Sexagesimal"]?.numberValue?.jsonText == "90")
  #expect(properties["Exponent"] == "1e3")
  #expect(properties["Empty"] == .null && properties["Nothing"] == .null)
  #expect(properties["Enabled"] == true)
  let yaml = try formatted(text)
  for line in [
    "    MinValue: \"1\"", "    NoEcho: \"true\"", "      Quoted: \"0755\"", "      Octal: 0755",
    "      Hex: 0x1F", "      Underscored: 1_000", "      Sexagesimal: 1:30", "      Float: 1.50",
    "      Exponent: \"1e3\"", "      Empty: null", "      Enabled: true",
    "      Date: \"2012-10-17\"",
  ] {
    #expect(yaml.contains(line + "\n"), "\(line)")
  }
  let json = try formatted(text, as: .json)
  for line in ["\"Octal\": 493", "\"Hex\": 31", "\"Sexagesimal\": 90", "\"MinValue\": \"1\""] {
    #expect(json.contains(line), "\(line)")
  }
}

@Test func typedAttributesKeepTheirWrittenForm() throws {
  let text = """
    Resources:
      A:
        Type: T
        DependsOn: B
        Properties: {}
      B:
        Type: T
    Outputs: {}

    """
  let resource = try #require(try read(text).resources["A"])
  #expect(resource.dependsOn == ["B"])
  let yaml = try formatted(text)
  #expect(yaml.contains("    DependsOn: B\n    Properties: {}\n"))
  #expect(yaml.hasSuffix("Outputs: {}\n"))
  var changed = try read(text)
  changed.resources["A"]?.dependsOn = ["C"]
  #expect(try TemplateWriter.write(changed, as: .yaml).contains("    DependsOn:\n    - C\n"))
}

@Test func errorColumnsCountCharactersInJSONAsInYAML() {
  // "é" is two bytes in UTF-8 and one character; libyaml's columns count characters.
  #expect(
    readError("{\"Résumé\": {\"A\": {\"Type\": 01}}}")
      == "t.yaml:1:27: invalid JSON: malformed number '01'")
  #expect(
    readError("\u{FEFF}{\"é\": 01}") == "t.yaml:1:7: invalid JSON: malformed number '01'")
  #expect(
    readError("Resources:\n  é: {Type: !Foo x}\n")?.hasPrefix("t.yaml:2:13: unknown tag !Foo")
      == true)
}
