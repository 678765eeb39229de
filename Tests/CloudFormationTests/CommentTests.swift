import Testing

@testable import CloudFormation

/// Comments survive `fmt`: each stays on its node, above it or at the end of its line.

@Test func commentsStayOnTheirNodesThroughFormatting() throws {
  let source = try fixture("comments.yaml")
  let result = try TemplateFormatter.format(source, file: "comments.yaml")
  try expectMatchesReference(result.text, "comments.formatted.yaml")
  #expect(result.comments == 14 && result.droppedComments == 0)
  let before = try TemplateFormatter.attachedComments(source, file: "before")
  let after = try TemplateFormatter.attachedComments(Array(result.text.utf8), file: "after")
  #expect(before.count == after.count)
  let kept = Dictionary(grouping: after, by: \.text)
  for comment in before {
    let now = kept[comment.text]?.first?.placement
    switch comment.placement {
    case .above(let path) where path.description.hasPrefix("Resources.Queue.Properties.QueueArn."):
      // The items of `Fn::GetAtt: [Topic, Arn]` are gone: written `!GetAtt Topic.Arn`.
      #expect(
        now
          == .above(
            NodePath(components: [
              .key("Resources"), .key("Queue"), .key("Properties"), .key("QueueArn"),
            ])))
    case .trailing(let path)
    where path.description.hasPrefix("Resources.Queue.Properties.QueueArn."):
      #expect(
        now
          == .above(
            NodePath(components: [
              .key("Resources"), .key("Queue"), .key("Properties"), .key("QueueArn"),
            ])))
    default:
      #expect(now == comment.placement, "\(comment.text)")
    }
  }
  let again = try TemplateFormatter.format(Array(result.text.utf8), file: "again.yaml")
  #expect(again.text == result.text)
}

@Test func writingJSONDropsTheCommentsAndCountsThem() throws {
  let result = try TemplateFormatter.format(
    try fixture("comments.yaml"), file: "comments.yaml", as: .json)
  #expect(result.droppedComments == 14)
  #expect(!result.text.contains("# the end") && result.text.contains("# not a comment"))
}

@Test func commentsInsideStringsAreNotComments() throws {
  let text =
    "Resources: # one\n  A:\n    Type: \"T # no\"\n    Properties:\n      X: 'a #b'\n      Y: a#b\n"
  let comments = CommentScanner.comments(in: Array(text.utf8))
  #expect(comments.map(\.text) == ["# one"])
}
