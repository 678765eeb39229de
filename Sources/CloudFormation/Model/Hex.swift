/// Lower-case hexadecimal text of bytes, two digits a byte (a digest's: `SHA256.hash(...)`).
///
/// ```swift
/// Hex.string([0x0f, 0xa0])  // "0fa0"
/// ```
public enum Hex {
  /// `bytes` as hexadecimal text. Digit by digit, not `String(format: "%02x")`, whose
  /// `CVarArg` casts cost a scan of every protocol conformance in the process at first use.
  @inlinable
  public static func string<Bytes: Sequence>(_ bytes: Bytes) -> String
  where Bytes.Element == UInt8 {
    var text: [UInt8] = []
    text.reserveCapacity(bytes.underestimatedCount * 2)
    for byte in bytes {
      text.append(digit(byte >> 4))
      text.append(digit(byte & 0x0f))
    }
    return String(decoding: text, as: UTF8.self)
  }

  @usableFromInline
  static func digit(_ value: UInt8) -> UInt8 {
    value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
  }
}
