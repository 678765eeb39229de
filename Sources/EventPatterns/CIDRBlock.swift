/// A `cidr` value: an IPv4 or IPv6 network, `10.0.0.0/24` or `2001:db8::/32`.
public struct CIDRBlock: Sendable, Equatable {
  /// The block as written.
  public let text: String
  private let network: [UInt8]
  private let prefixLength: Int

  /// Parses `text`; throws the reason EventBridge gives for a malformed block.
  public init(_ text: String) throws(EventPatternError) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2 else { throw EventPatternError("Malformed CIDR, one '/' required") }
    guard let bits = Int(parts[1]) else {
      throw EventPatternError("Malformed CIDR, mask bits must be an integer")
    }
    guard let address = IPAddress.bytes(String(parts[0])) else {
      throw EventPatternError("Nonstandard IP address: \(parts[0])")
    }
    guard bits >= 0, bits <= address.count * 8 else {
      throw EventPatternError(
        "Malformed CIDR, mask bits must be between 0 and \(address.count * 8)")
    }
    self.text = text
    self.network = address
    self.prefixLength = bits
  }

  /// Whether `value` is an address of the same family inside the block.
  public func contains(_ value: String) -> Bool {
    guard let address = IPAddress.bytes(value), address.count == network.count else {
      return false
    }
    var remaining = prefixLength
    for (lhs, rhs) in zip(address, network) where remaining > 0 {
      let bits = min(8, remaining)
      let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
      if lhs & mask != rhs & mask { return false }
      remaining -= bits
    }
    return true
  }
}
