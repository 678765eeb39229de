import CloudFormation

/// JSON documents written as strings (a state machine definition, a dashboard body).
enum JSONText {
  /// The document, when `text` is a JSON object or array; nil for any other string.
  static func parse(_ text: String) -> Value? {
    guard let first = text.first(where: { !$0.isWhitespace }), first == "{" || first == "[" else {
      return nil
    }
    return try? TemplateReader.readValue(Array(text.utf8), file: "<json string>")
  }
}
