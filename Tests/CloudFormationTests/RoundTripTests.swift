import Foundation
import Testing

@testable import CloudFormation

/// The fixtures hold every section, parameter constraint, resource attribute and intrinsic
/// function, in short-form YAML, long-form YAML and JSON (the last two produced from the first
/// by PyYAML, an independent reader: scripts/fixture-long-form.py).
let fixtureFiles = ["everything-short.yaml", "everything-long.yaml", "everything.json"]

@Test(arguments: fixtureFiles)
func readWriteReadGivesTheSameTemplate(file: String) throws {
  let template = try TemplateReader.read(try fixture(file), file: file)
  for format in TemplateFormat.allCases {
    let written = try TemplateWriter.write(template, as: format)
    let reread = try TemplateReader.read(written, file: "written.\(format)")
    #expect(reread == template, "\(file) through \(format)")
    #expect(
      try TemplateWriter.write(reread, as: format) == written, "second pass of \(file) as \(format)"
    )
  }
}

@Test func allThreeFormsReadToTheSameTemplate() throws {
  let templates = try fixtureFiles.map { try TemplateReader.read(try fixture($0), file: $0) }
  #expect(templates[0] == templates[1])
  #expect(templates[0] == templates[2])
}

@Test func canonicalFormsMatchTheReferenceFiles() throws {
  let template = try TemplateReader.read(
    try fixture("everything-short.yaml"), file: "everything-short.yaml")
  try expectMatchesReference(
    try TemplateWriter.write(template, as: .yaml), "everything.canonical.yaml")
  try expectMatchesReference(
    try TemplateWriter.write(template, as: .json), "everything.canonical.json")
}

@Test func theFixtureHoldsEveryIntrinsicAndSection() throws {
  let template = try TemplateReader.read(try fixture("everything-short.yaml"), file: "f")
  var functions = Set<String>()
  func walk(_ value: Value) {
    switch value {
    case .list(let list): list.forEach(walk)
    case .map(let map): map.values.forEach(walk)
    case .intrinsic(let intrinsic):
      functions.insert(intrinsic.functionName)
      walk(intrinsic.argument)
    default: break
    }
  }
  walk(template.document)
  #expect(functions == Intrinsic.functionNames)
  let pseudo = Set(PseudoParameter.allCases.map(\.rawValue))
  let text = try TemplateWriter.write(template, as: .yaml)
  for name in pseudo { #expect(text.contains(name), "pseudo parameter \(name)") }
  #expect(template.formatVersion == "2010-09-09")
  #expect(template.description != nil && !template.metadata.isEmpty && !template.rules.isEmpty)
  #expect(!template.mappings.isEmpty && !template.conditions.isEmpty && template.transform != nil)
  let prefix = try #require(template.parameters["Prefix"])
  #expect(
    prefix.allowedPattern == "^[a-z][a-z0-9-]*$" && prefix.minLength == 2 && prefix.maxLength == 20)
  #expect(template.parameters["Size"]?.maxValue == Number(text: "20.5"))
  #expect(template.parameters["Secret"]?.noEcho == true)
  #expect(template.parameters["ImageId"]?.type == .ssmValue(.aws(.imageId)))
  let bucket = try #require(template.resources["Bucket"])
  #expect(bucket.condition == "IsProd" && bucket.dependsOn == ["Queue"])
  #expect(bucket.deletionPolicy == .retain && bucket.updateReplacePolicy == .retain)
  #expect(bucket.metadata != nil)
  let group = try #require(template.resources["Group"])
  #expect(group.updatePolicy != nil && group.creationPolicy != nil)
  #expect(template.outputs["BucketName"]?.exportName == .sub("${AWS::StackName}-bucket"))
}

@Test func numbersKeepTheirText() throws {
  let template = try TemplateReader.read(
    "Resources:\n  A:\n    Type: T\n    Properties:\n      A: 1.50\n      B: 10\n      C: -0.0\n",
    file: "n")
  let properties = try #require(template.resources["A"]?.properties)
  #expect(properties["A"] == .number(Number(text: "1.50")!))
  #expect(properties["B"] == 10)
  #expect(properties["C"] == .number(Number(text: "-0.0")!))
  let yaml = try TemplateWriter.write(template, as: .yaml)
  #expect(yaml.contains("A: 1.50\n") && yaml.contains("C: -0.0\n"))
}

@Test func getAttListAndDotFormsAreTheSame() throws {
  let short = try TemplateReader.read(
    "Resources:\n  A:\n    Type: T\n    Properties:\n      X: !GetAtt B.Arn\n      Y: !GetAtt [B, Arn]\n      Z: {\"Fn::GetAtt\": B.Arn}\n",
    file: "g")
  let properties = try #require(short.resources["A"]?.properties)
  #expect(properties["X"] == .getAtt("B", "Arn"))
  #expect(properties["Y"] == .getAtt("B", "Arn"))
  #expect(properties["Z"] == .getAtt("B", "Arn"))
}

@Test func nestedShortFormsAndAnchorsAreRead() throws {
  let text = """
    Resources:
      A:
        Type: T
        Properties: &props
          Name: !Join ['', [!Ref X, !Sub '${AWS::Region}-a']]
          Tags: [{Key: k, Value: !GetAtt [B, Arn]}]
      B:
        Type: T
        Properties: *props
    """
  let template = try TemplateReader.read(text, file: "a")
  #expect(template.resources["A"]?.properties == template.resources["B"]?.properties)
  #expect(
    template.resources["A"]?.properties["Name"] == .join("", [.ref("X"), .sub("${AWS::Region}-a")]))
}

/// Foundation's coders keep neither key order nor number spelling, so Codable is compared on
/// key-sorted documents; facestack's own readers and writers keep both.
@Test func codableRoundTripsTheDocument() throws {
  let template = try TemplateReader.read(try fixture("everything-short.yaml"), file: "f")
  let encoded = try JSONEncoder().encode(template)
  #expect(
    sortedDeep(try TemplateReader.read(Array(encoded), file: "e.json").document)
      == sortedDeep(template.document))
  let decoded = try JSONDecoder().decode(Template.self, from: encoded)
  #expect(sortedDeep(decoded.document) == sortedDeep(template.document))
}

func sortedDeep(_ value: Value) -> Value {
  switch value {
  case .list(let list): return .list(list.map(sortedDeep))
  case .map(let map): return .map(map.mapValues(sortedDeep).sortedByKey())
  case .intrinsic(let intrinsic):
    return .map([intrinsic.functionName: sortedDeep(intrinsic.argument)])
  default: return value
  }
}
