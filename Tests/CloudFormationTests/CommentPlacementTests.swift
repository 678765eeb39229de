import Testing

@testable import CloudFormation

/// Where comments go in the harder places: aliases, merge keys, flow collections, line ends
/// that start no node, CRLF line breaks.

private func format(_ text: String) throws -> String {
  try TemplateFormatter.format(Array(text.utf8), file: "t.yaml").text
}

@Test func aCommentOnAMergeKeyGoesToItsMap() throws {
  let text = """
    Mappings:
      Base: &base {a: 1}
      Derived:
        <<: *base  # shared
        b: 2
    Resources:
      A:
        Type: T

    """
  #expect(try format(text).contains("  Derived: # shared\n    a: 1\n    b: 2\n"))
}

@Test func aCommentOnAnAliasStaysOnIt() throws {
  let text = """
    Resources:
      A:
        Type: T
        Properties:
          Tags: &tags
            - {Key: a, Value: b}
      B:
        Type: T
        Properties:
          Tags: *tags # the same tags

    """
  #expect(try format(text).contains("      Tags: # the same tags\n      - Key: a\n"))
}

@Test func aTrailingCommentWhereNoNodeStartsGoesAboveTheNext() throws {
  let text = """
    Resources:
      A:
        Type: T
        Properties:
          List: [a,
            b
          ] # closing
          Other: 1

    """
  #expect(try format(text).contains("      # closing\n      Other: 1\n"))
}

@Test func crlfLineBreaksAndAByteOrderMarkKeepComments() throws {
  let text = "\u{FEFF}Resources: # r\r\n  # above A\r\n  A:\r\n    Type: T # t\r\n"
  #expect(try format(text) == "Resources: # r\n  # above A\n  A:\n    Type: T # t\n")
}

@Test func commentsOnlyAndFooterComments() throws {
  let text = "Resources:\n  A:\n    Type: T\n\n# one\n\n# two\n"
  #expect(try format(text) == "Resources:\n  A:\n    Type: T\n\n# one\n\n# two\n")
}
