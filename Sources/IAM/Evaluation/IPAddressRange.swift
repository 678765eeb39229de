/// An IPv4 or IPv6 address with a prefix length (`203.0.113.0/24`, `2001:db8::/32`); a plain
/// address is its own /32 or /128. What `IpAddress` and `NotIpAddress` compare.
struct IPAddressRange: Hashable, Sendable {
  /// 4 bytes (IPv4) or 16 (IPv6).
  var bytes: [UInt8]
  /// Leading bits that must match.
  var prefixLength: Int

  /// Parses `address[/prefix]`; nil when malformed.
  init?(_ text: String) {
    let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
    guard let address = parts.first, let bytes = Self.parseAddress(String(address)) else {
      return nil
    }
    self.bytes = bytes
    if parts.count == 2 {
      guard let length = Int(parts[1]), length >= 0, length <= bytes.count * 8 else { return nil }
      prefixLength = length
    } else {
      prefixLength = bytes.count * 8
    }
  }

  /// Whether `address` (its full address; its prefix ignored) is inside this range.
  func contains(_ address: IPAddressRange) -> Bool {
    guard address.bytes.count == bytes.count else { return false }
    var remaining = prefixLength
    for (mine, theirs) in zip(bytes, address.bytes) where remaining > 0 {
      let bits = min(8, remaining)
      let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
      if mine & mask != theirs & mask { return false }
      remaining -= bits
    }
    return true
  }

  private static func parseAddress(_ text: String) -> [UInt8]? {
    if text.contains(":") { return parseIPv6(text) }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4 else { return nil }
    var result: [UInt8] = []
    for part in parts {
      guard !part.isEmpty, part.count <= 3, let value = UInt8(part) else { return nil }
      result.append(value)
    }
    return result
  }

  private static func parseIPv6(_ text: String) -> [UInt8]? {
    let halves = text.components(separatedBy: "::")
    guard halves.count <= 2 else { return nil }
    func groups(_ part: String) -> [UInt16]? {
      if part.isEmpty { return [] }
      var result: [UInt16] = []
      let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
      for (index, piece) in pieces.enumerated() {
        if index == pieces.count - 1, piece.contains("."), let v4 = parseAddress(String(piece)) {
          result.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
          result.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
          continue
        }
        guard !piece.isEmpty, piece.count <= 4, let value = UInt16(piece, radix: 16) else {
          return nil
        }
        result.append(value)
      }
      return result
    }
    guard let head = groups(halves[0]) else { return nil }
    var all = head
    if halves.count == 2 {
      guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
      all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }
    guard all.count == 8 else { return nil }
    return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
  }
}
