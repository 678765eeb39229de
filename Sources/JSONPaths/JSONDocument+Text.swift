import CloudFormation

extension JSONDocument {
  /// Compact JSON text (no whitespace), members in document order and numbers as written: the
  /// form Step Functions writes state inputs and outputs in.
  public var compactText: String {
    var out = ""
    writeCompact(to: &out)
    return out
  }

  /// The size of ``compactText`` in UTF-8 bytes, the measure of AWS's payload quotas.
  public var compactByteCount: Int { compactText.utf8.count }

  /// Parses JSON text that may be a bare scalar (`"text"`, `12`, `null`), as Step Functions
  /// inputs may be; `nil` when it is not JSON.
  public static func parseValue(_ text: String) -> JSONDocument? {
    try? JSONDocument.parse(text)
  }

  private func writeCompact(to out: inout String) {
    switch self {
    case .string(let value): JSONDocument.writeString(value, to: &out)
    case .number(let text): out += text
    case .bool(let value): out += value ? "true" : "false"
    case .null: out += "null"
    case .array(let elements):
      out += "["
      for (index, element) in elements.enumerated() {
        if index > 0 { out += "," }
        element.writeCompact(to: &out)
      }
      out += "]"
    case .object(let members):
      out += "{"
      for (index, member) in members.enumerated() {
        if index > 0 { out += "," }
        JSONDocument.writeString(member.0, to: &out)
        out += ":"
        member.1.writeCompact(to: &out)
      }
      out += "}"
    }
  }

  /// A copy with `value` as the member `key`: replaced in place when present, appended when not.
  public func setting(_ key: String, to value: JSONDocument) -> JSONDocument {
    guard case .object(var members) = self else { return self }
    if let position = members.firstIndex(where: { $0.0 == key }) {
      members[position].1 = value
    } else {
      members.append((key, value))
    }
    return .object(members)
  }

  /// What kind of value this is, in JSON's words (`object`, `array`, `string`, `number`,
  /// `boolean`, `null`), for messages.
  public var kindName: String {
    switch self {
    case .string: return "string"
    case .number: return "number"
    case .bool: return "boolean"
    case .null: return "null"
    case .array: return "array"
    case .object: return "object"
    }
  }

  /// Whether this is `null`.
  public var isNull: Bool {
    if case .null = self { return true }
    return false
  }
}
