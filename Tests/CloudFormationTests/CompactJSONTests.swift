import Foundation
import Testing

@testable import CloudFormation

/// `TemplateWriter.compactJSON` writes compact JSON directly; it must equal the indented form
/// with the whitespace between tokens removed, as policies, state machine definitions and
/// dashboards are written with it.
@Suite struct CompactJSONTests {
  @Test func equalsTheIndentedFormStrippedOnEveryCommittedTemplate() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    var checked = 0
    for environment in try FileManager.default.contentsOfDirectory(
      atPath: root.appendingPathComponent("templates").path)
    {
      let path = root.appendingPathComponent("templates/\(environment)/FaceRecognition.yaml")
      guard let bytes = FileManager.default.contents(atPath: path.path) else { continue }
      let template = try TemplateReader.read(Array(bytes), file: path.path)
      #expect(
        TemplateWriter.compactJSON(template.document)
          == JSONWriter.write(template.document).compactedJSON)
      for (_, resource) in template.resources {
        let document = resource.document
        #expect(TemplateWriter.compactJSON(document) == JSONWriter.write(document).compactedJSON)
        checked += 1
      }
    }
    #expect(checked > 40)
  }

  @Test func escapesEmptyCollectionsAndNesting() {
    let value: Value = [
      "text": "a \"quoted\" line\nwith\ttabs, \\ and \u{01} and é",
      "empty": .list([]),
      "map": .map([:]),
      "list": .list([1, "two", .bool(true), .null, .list([.map(["k": "v w"])])]),
      "ref": .intrinsic(.ref("Bucket")),
    ]
    let compact = TemplateWriter.compactJSON(value)
    #expect(compact == JSONWriter.write(value).compactedJSON)
    #expect(
      compact
        == #"{"text":"a \"quoted\" line\nwith\ttabs, \\ and \u0001 and é","empty":[],"map":{},"list":[1,"two",true,null,[{"k":"v w"}]],"ref":{"Ref":"Bucket"}}"#
    )
  }
}
