import Foundation
import Testing

@testable import CloudFormation

/// The fast reader (`JSONDocumentReader`) must read every document exactly as `JSONParser` does
/// and give up on everything `JSONParser` refuses, so that error messages stay `JSONParser`'s.
@Suite struct JSONDocumentReaderTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static func slow(_ bytes: [UInt8]) -> JSONDocument? {
    var parser = JSONParser(file: "x")
    return (try? parser.parse(bytes)).map(JSONDocument.init)
  }

  @Test func readsEveryCommittedSchemaCatalogAndTemplateAsTheParserDoes() throws {
    var files: [URL] = [
      Self.root.appendingPathComponent("Schemas/PROVENANCE.json"),
      Self.root.appendingPathComponent("Sources/IAM/Resources/iam-catalog.json"),
      Self.root.appendingPathComponent("Sources/IAM/Resources/boto3-iam-map.json"),
    ]
    for folder in ["Schemas/us-east-1", "templates", "policies"] {
      let enumerator = FileManager.default.enumerator(
        at: Self.root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
      while let url = enumerator?.nextObject() as? URL {
        if url.pathExtension == "json" { files.append(url) }
      }
    }
    #expect(files.count > 50)
    for file in files {
      let bytes = [UInt8](try Data(contentsOf: file))
      let fast = JSONDocumentReader.read(bytes)
      #expect(fast != nil, "\(file.lastPathComponent)")
      #expect(fast == Self.slow(bytes), "\(file.lastPathComponent)")
    }
  }

  @Test(arguments: [
    #"{"a": [1, -0.5e+3, 2E-2, true, false, null], "b": {}, "c": [], "d": "x"}"#,
    #"  "\" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 é😀"  "#,
    "\u{FEFF}{\"bom\": 1}",
    #"{"dup": 1, "dup": 2}"#,
    #"[[[[[]]]]]"#,
    "0",
    "\"\"",
  ])
  func readsWhatTheParserReads(text: String) throws {
    let bytes = Array(text.utf8)
    let fast = try #require(JSONDocumentReader.read(bytes))
    #expect(fast == Self.slow(bytes))
  }

  @Test(arguments: [
    "", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "+1", "1e", "tru", "nul", "\"a", "\"\u{01}\"",
    #""\x""#, #""\u12""#, #""\ud800""#, #""\ud800\u0041""#, "{1: 2}", "[1 2]", "{} {}",
    "{\"a\" 1}", String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
  ])
  func givesUpWhereTheParserFails(text: String) {
    let bytes = Array(text.utf8)
    #expect(JSONDocumentReader.read(bytes) == nil)
    #expect(Self.slow(bytes) == nil)
    // The public entry point reports the parser's error.
    #expect(throws: TemplateError.self) { try JSONDocument.parse(text) }
  }
}
