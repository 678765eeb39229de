/// Textual IP addresses as bytes.
enum IPAddress {
  /// 4 bytes for IPv4 (`10.0.0.1`), 16 for IPv6 (`2001:db8::1`, `::ffff:10.0.0.1`), or `nil`.
  static func bytes(_ text: String) -> [UInt8]? {
    text.contains(":") ? ipv6(text) : ipv4(text)
  }

  private static func ipv4(_ text: String) -> [UInt8]? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4 else { return nil }
    var bytes: [UInt8] = []
    for part in parts {
      guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
        let value = Int(part), value <= 255
      else { return nil }
      bytes.append(UInt8(value))
    }
    return bytes
  }

  private static func ipv6(_ text: String) -> [UInt8]? {
    let halves = text.components(separatedBy: "::")
    guard halves.count <= 2 else { return nil }
    func groups(_ part: String) -> [UInt8]? {
      guard !part.isEmpty else { return [] }
      var bytes: [UInt8] = []
      let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
      for (index, piece) in pieces.enumerated() {
        if index == pieces.count - 1, piece.contains(".") {
          guard let v4 = ipv4(String(piece)) else { return nil }
          bytes += v4
          continue
        }
        guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else {
          return nil
        }
        bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
      }
      return bytes
    }
    guard let head = groups(halves[0]) else { return nil }
    if halves.count == 1 { return head.count == 16 ? head : nil }
    guard let tail = groups(halves[1]), head.count + tail.count < 16 else { return nil }
    return head + Array(repeating: 0, count: 16 - head.count - tail.count) + tail
  }
}
