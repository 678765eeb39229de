import Crypto
import Foundation

/// The flexible checksums S3 clients send (`x-amz-checksum-crc32`, `-crc32c`, `-crc64nvme`,
/// `-sha1`, `-sha256`): base64 of the big-endian digest of the payload.
public enum PayloadChecksum {
  /// The algorithm a header names, or nil.
  public static func digest(header: String, payload: [UInt8]) -> [UInt8]? {
    switch header.lowercased() {
    case "x-amz-checksum-crc32": return bigEndian(UInt64(crc32(payload, table: crc32Table)), 4)
    case "x-amz-checksum-crc32c": return bigEndian(UInt64(crc32(payload, table: crc32cTable)), 4)
    case "x-amz-checksum-crc64nvme": return bigEndian(crc64nvme(payload), 8)
    case "x-amz-checksum-sha1": return Array(Insecure.SHA1.hash(data: payload))
    case "x-amz-checksum-sha256": return Array(SHA256.hash(data: payload))
    default: return nil
    }
  }

  /// Throws `BadDigest`-style ``AuthenticationError/Kind/contentMismatch`` when `value` is not
  /// the payload's checksum, or the algorithm is unknown.
  static func verify(header: String, value: String, payload: [UInt8]) throws(AuthenticationError) {
    guard let digest = digest(header: header, payload: payload) else {
      throw AuthenticationError(.malformedRequest, "unsupported checksum trailer \(header)")
    }
    guard Data(digest).base64EncodedString() == value else {
      throw AuthenticationError(
        .contentMismatch,
        "Value for \(header) trailing header is invalid: \(value) is not the payload's checksum")
    }
  }

  private static func bigEndian(_ value: UInt64, _ width: Int) -> [UInt8] {
    (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64(width - 1 - $0))) }
  }

  private static func crc32(_ bytes: [UInt8], table: [UInt32]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    return crc ^ 0xFFFF_FFFF
  }

  private static func crc64nvme(_ bytes: [UInt8]) -> UInt64 {
    var crc: UInt64 = 0xFFFF_FFFF_FFFF_FFFF
    for byte in bytes { crc = crc64Table[Int((crc ^ UInt64(byte)) & 0xFF)] ^ (crc >> 8) }
    return crc ^ 0xFFFF_FFFF_FFFF_FFFF
  }

  private static func table32(_ polynomial: UInt32) -> [UInt32] {
    (0..<256).map { index in
      var value = UInt32(index)
      for _ in 0..<8 { value = value & 1 == 1 ? (value >> 1) ^ polynomial : value >> 1 }
      return value
    }
  }

  private static let crc32Table = table32(0xEDB8_8320)
  private static let crc32cTable = table32(0x82F6_3B78)
  private static let crc64Table: [UInt64] = (0..<256).map { index in
    var value = UInt64(index)
    for _ in 0..<8 { value = value & 1 == 1 ? (value >> 1) ^ 0x9A6C_9329_AC4B_C9B5 : value >> 1 }
    return value
  }
}
