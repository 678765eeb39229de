/// Formats a template file: reads and checks it, then writes it in facestack's canonical form,
/// keeping each comment of a YAML source on the same node (above it or at the end of its line).
///
/// ```swift
/// let formatted = try TemplateFormatter.format(bytes, file: "stack.yaml")
/// formatted.text               // canonical YAML, comments in place
/// formatted.droppedComments    // 0 unless written as JSON, which has no comments
/// ```
public enum TemplateFormatter {
  /// A formatted template.
  public struct Result: Sendable {
    /// The template as read.
    public var template: Template
    /// The format the file was written in.
    public var inputFormat: TemplateFormat
    /// The canonical text.
    public var text: String
    /// How many comments the source had.
    public var comments: Int
    /// How many of them the text could not keep: all of them when writing JSON.
    public var droppedComments: Int
  }

  /// Reads `bytes` (YAML or JSON) and writes them as `format`, by default the input's format.
  /// Every problem is one ``TemplateError`` with the file, line and column.
  public static func format(_ bytes: [UInt8], file: String, as format: TemplateFormat? = nil)
    throws -> Result
  {
    let inputFormat = TemplateReader.detectFormat(bytes)
    let root = try TemplateReader.parse(bytes, file: file)
    let template = try TemplateDecoder(file: file).template(from: root)
    let outputFormat = format ?? inputFormat
    if outputFormat == .json, let number = TemplateWriter.firstNonJSONNumber(in: template.document)
    {
      throw TemplateError(
        file: file, mark: nil,
        message: "cannot write \(number.text) as JSON, which has no such number")
    }
    var text = try TemplateWriter.write(template, as: outputFormat)
    let comments = inputFormat == .yaml ? CommentScanner.comments(in: bytes) : []
    guard !comments.isEmpty, outputFormat == .yaml else {
      return Result(
        template: template, inputFormat: inputFormat, text: text, comments: comments.count,
        droppedComments: comments.count)
    }
    let attached = CommentAttacher(starts: NodeStarts(root).starts, text: SourceText(bytes))
      .attach(comments)
    let written = try YAMLParser(file: file).parse(Array(text.utf8))
    text = CommentWriter(starts: NodeStarts(written)).insert(attached, into: text)
    return Result(
      template: template, inputFormat: inputFormat, text: text, comments: comments.count,
      droppedComments: 0)
  }

  /// The comments of a YAML text with the node each is attached to, as `fmt` keeps them: for
  /// tests and tools that check that formatting moved none.
  static func attachedComments(_ bytes: [UInt8], file: String) throws -> [AttachedComment] {
    let root = try TemplateReader.parse(bytes, file: file)
    return CommentAttacher(starts: NodeStarts(root).starts, text: SourceText(bytes))
      .attach(CommentScanner.comments(in: bytes))
  }
}
