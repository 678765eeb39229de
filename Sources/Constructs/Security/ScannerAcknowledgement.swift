import CloudFormation
import Foundation

/// A scanner check accepted for one construct, with the reason a reviewer reads and where it
/// was written. Synthesis writes it into the resource's `Metadata` (`checkov.skip`), so the
/// template says which checks it skips and why.
public struct ScannerAcknowledgement: Hashable, Sendable {
  /// The check.
  public var check: ScannerCheck
  /// Why the finding is acceptable here: a fix elsewhere, or a choice.
  public var reason: String
  /// The call site.
  public var location: SourceLocation

  /// An acknowledgement.
  public init(check: ScannerCheck, reason: String, location: SourceLocation) {
    self.check = check
    self.reason = reason
    self.location = location
  }

  /// What is wrong with it, if anything: a malformed id or an empty reason.
  var problem: String? {
    if !check.isWellFormed {
      return
        "\(check.scanner.rawValue) check id '\(check.id)' is not of the form CKV_AWS_<number> or CKV2_AWS_<number>"
    }
    if reason.allSatisfy(\.isWhitespace) {
      return "acknowledging \(check) needs a reason, got an empty one"
    }
    return nil
  }

  /// `Metadata` with these acknowledgements merged into `metadata`'s `checkov.skip` (sorted
  /// by id, one entry per id).
  static func metadata(_ metadata: Value?, adding acknowledgements: [ScannerAcknowledgement])
    -> Value?
  {
    let checkov = acknowledgements.filter { $0.check.scanner == .checkov }.sorted {
      $0.check < $1.check
    }
    guard !checkov.isEmpty else { return metadata }
    var root = metadata?.mapValue ?? OrderedMap<Value>()
    var scanner = root["checkov"]?.mapValue ?? OrderedMap<Value>()
    var skip = scanner["skip"]?.listValue ?? []
    for acknowledgement in checkov {
      skip.append(
        .map([
          "id": .string(acknowledgement.check.id),
          "comment": .string(Self.trimmed(acknowledgement.reason)),
        ]))
    }
    scanner["skip"] = .list(skip)
    root["checkov"] = .map(scanner)
    return .map(root)
  }

  /// `text` without leading and trailing whitespace and newlines; Foundation's
  /// `trimmingCharacters(in:)` bridges to NSString, a measurable part of synth (issue 20).
  static func trimmed(_ text: String) -> String {
    guard let first = text.firstIndex(where: { !$0.isWhitespace }),
      let last = text.lastIndex(where: { !$0.isWhitespace })
    else { return "" }
    return String(text[first...last])
  }
}

extension Construct {
  /// Accepts a scanner's finding on this construct's resource, with the reason a reviewer
  /// reads in the template's `Metadata` and in README.md's security section:
  ///
  /// ```swift
  /// detect.acknowledge(.checkov("CKV_AWS_117"), reason: "calls only public AWS APIs")
  /// ```
  /// On a high-level construct (a ``Function``, a ``Bucket``) it applies to the construct's main
  /// resource; on a ``CfnResource``, to that resource. A malformed id, an empty reason or the
  /// same check twice fails synthesis at this line.
  public func acknowledge(
    _ check: ScannerCheck, reason: String, file: String = #fileID, line: Int = #line
  ) {
    scannerAcknowledgements.append(
      ScannerAcknowledgement(
        check: check, reason: reason, location: SourceLocation(file: file, line: line)))
  }
}
