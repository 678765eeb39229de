import Foundation
import Testing

@testable import AWSClient

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite("facestack's XML reader")
struct XMLReaderTests {
  @Test func readsAnAWSAnswer() throws {
    let tree = try XMLTree.parse(
      Data(
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- a comment before the root -->
        <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
          <DescribeStacksResult>
            <Stacks>
              <member>
                <StackName>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#233;&#x1F600;</StackName>
                <Description><![CDATA[<raw> & kept]]></Description>
                <Empty/>
                <s3:Key xmlns:s3="x" id='7'>k<!-- inside -->ey</s3:Key>
              </member>
            </Stacks>
          </DescribeStacksResult>
        </DescribeStacksResponse>
        """.utf8))
    #expect(tree.name == "DescribeStacksResponse")
    #expect(tree.attributes == ["xmlns": "http://cloudformation.amazonaws.com/doc/2010-05-15/"])
    #expect(tree.text == "")
    let member = try #require(tree.path("DescribeStacksResult", "Stacks", "member"))
    #expect(member.string("StackName") == "a & b <c> \"d\" 'e' é😀")
    #expect(member.string("Description") == "<raw> & kept")
    #expect(member.child("Empty") == XMLTree(name: "Empty"))
    #expect(member.child("Key")?.text == "key")
    #expect(member.child("Key")?.attributes == ["xmlns:s3": "x", "id": "7"])
  }

  @Test(arguments: [
    ("<a><b></a>", "</a> closes <b> (line 1)"),
    ("<a>", "<a> is never closed (line 1)"),
    ("<a></a><b/>", "content after the root element (line 1)"),
    ("", "empty document"),
    ("text", "text before the root element (line 1)"),
    (
      "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
      "a document type declaration is not accepted (line 1)"
    ),
    ("<a>&x;</a>", "unknown reference &x; (line 1)"),
    ("<a>&amp</a>", "an & that starts no reference (line 1)"),
    ("<a b=c/>", "attribute b's value is not quoted (line 1)"),
    ("<a b='1' b='2'/>", "attribute b appears twice (line 1)"),
    ("<a>\n<![CDATA[x</a>", "a CDATA section does not end (line 2)"),
    (
      String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300),
      "elements nested deeper than 256 levels (line 1)"
    ),
  ])
  func refusesMalformedDocuments(document: String, reason: String) {
    #expect(throws: XMLTreeError(reason: reason)) { try XMLTree.parse(Data(document.utf8)) }
  }

  @Test func refusesBytesThatAreNotUTF8() {
    #expect(throws: XMLTreeError(reason: "the document is not UTF-8")) {
      try XMLTree.parse(Data([0x3C, 0x61, 0x3E, 0xFF, 0x3C, 0x2F, 0x61, 0x3E]))
    }
  }

  /// Every recorded AWS answer in the tests reads as Foundation's XMLParser (libxml2) reads it.
  @Test func agreesWithFoundationsParserOnEveryRecordedAnswer() throws {
    let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent()
    let files =
      FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil)?
      .compactMap { $0 as? URL }.filter { $0.pathExtension == "xml" } ?? []
    #expect(files.count >= 20)
    for file in files {
      let data = try Data(contentsOf: file)
      #expect(try XMLTree.parse(data) == FoundationTree.parse(data), "\(file.lastPathComponent)")
    }
  }
}

/// The tree Foundation's XMLParser gives, built as XMLTree's reader builds it.
private final class FoundationTree: NSObject, XMLParserDelegate {
  var stack: [XMLTree] = []
  var root: XMLTree?

  static func parse(_ data: Data) -> XMLTree? {
    let builder = FoundationTree()
    let parser = XMLParser(data: data)
    parser.delegate = builder
    return parser.parse() ? builder.root : nil
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    let localName = elementName.split(separator: ":").last.map(String.init) ?? elementName
    stack.append(XMLTree(name: localName, attributes: attributeDict))
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    guard !stack.isEmpty else { return }
    stack[stack.count - 1].text += string
  }

  func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
    guard !stack.isEmpty else { return }
    stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {
    guard var element = stack.popLast() else { return }
    if !element.children.isEmpty {
      element.text = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
  }
}
