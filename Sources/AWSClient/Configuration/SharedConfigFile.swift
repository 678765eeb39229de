import Foundation

/// The INI format of `~/.aws/credentials` and `~/.aws/config`.
///
/// Sections are `[name]`; `key = value` lines belong to the last section; `#` and `;` start
/// comments; an indented line after a key with an empty value is a sub-setting, stored as
/// `parent.child` (`s3 =` then `  endpoint_url = ...` gives `s3.endpoint_url`).
public struct SharedConfigFile: Sendable, Equatable, CustomStringConvertible,
  CustomDebugStringConvertible, CustomReflectable
{
  /// Settings by section name, as written between the brackets (`profile dev`, `default`).
  public var sections: [String: [String: String]]

  /// Parses `text`. Lines the format does not know are ignored, as the AWS CLI does.
  public init(parsing text: String) {
    var sections: [String: [String: String]] = [:]
    var current: String?
    var parentKey: String?
    for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
      let line = String(rawLine)
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
      if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") {
        let name = trimmed.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
        let words = name.split(separator: " ", omittingEmptySubsequences: true)
        current = words.joined(separator: " ")
        parentKey = nil
        if let current, sections[current] == nil { sections[current] = [:] }
        continue
      }
      guard let section = current, let equals = trimmed.firstIndex(of: "=") else { continue }
      let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
      let value = Self.stripComment(String(trimmed[trimmed.index(after: equals)...]))
      let indented = line.first == " " || line.first == "\t"
      if indented, let parent = parentKey {
        sections[section, default: [:]]["\(parent).\(key)"] = value
      } else {
        sections[section, default: [:]][key] = value
        parentKey = value.isEmpty ? key : nil
      }
    }
    self.sections = sections
  }

  private static func stripComment(_ value: String) -> String {
    var text = value
    // An inline comment needs whitespace before `#` or `;` (keys may contain those characters).
    for marker in [" #", "\t#", " ;", "\t;"] {
      if let range = text.range(of: marker) { text = String(text[..<range.lowerBound]) }
    }
    return text.trimmingCharacters(in: .whitespaces)
  }
}

extension SharedConfigFile {
  /// Section and key names only: values may be secrets.
  public var description: String {
    let names = sections.keys.sorted().map { name in
      "[\(name)] " + (sections[name] ?? [:]).keys.sorted().joined(separator: ", ")
    }
    return "SharedConfigFile(" + names.joined(separator: "; ") + ")"
  }

  public var debugDescription: String { description }

  public var customMirror: Mirror {
    Mirror(self, children: ["sections": description], displayStyle: .struct)
  }
}
