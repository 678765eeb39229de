import CloudFormation
import Foundation

/// The hash algorithms of `States.Hash` (MD5, SHA-1, SHA-256, SHA-384, SHA-512), from their
/// specifications (RFC 1321, FIPS 180-4), so the module needs no cryptography library.
enum Digest {
  /// The algorithm names `States.Hash` accepts.
  static let algorithms = ["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"]

  /// Lowercase hexadecimal digest of `bytes`, or `nil` for an unknown algorithm.
  static func hex(_ algorithm: String, _ bytes: [UInt8]) -> String? {
    let digest: [UInt8]
    switch algorithm {
    case "MD5": digest = md5(bytes)
    case "SHA-1": digest = sha1(bytes)
    case "SHA-256": digest = sha256(bytes)
    case "SHA-384": digest = Array(sha512(bytes, initial: sha384Initial).prefix(48))
    case "SHA-512": digest = sha512(bytes, initial: sha512Initial)
    default: return nil
    }
    return Hex.string(digest)
  }

  /// Message padding: a 1 bit, zeros, and the bit length, to a multiple of `blockSize`.
  static func padded(_ bytes: [UInt8], blockSize: Int, lengthBytes: Int, bigEndian: Bool)
    -> [UInt8]
  {
    var message = bytes
    message.append(0x80)
    while (message.count + lengthBytes) % blockSize != 0 { message.append(0) }
    let bits = UInt64(bytes.count) &* 8
    var length = (0..<8).map { UInt8(truncatingIfNeeded: bits >> (8 * UInt64($0))) }
    if bigEndian { length.reverse() }
    message += Array(repeating: 0, count: lengthBytes - 8) + length
    return message
  }

  // MARK: - MD5 (RFC 1321)

  private static let md5Shifts: [UInt32] = [
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
    5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
    4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
    6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
  ]

  private static let md5Constants: [UInt32] = (0..<64).map { index in
    UInt32(truncatingIfNeeded: Int64(abs(sin(Double(index + 1))) * 4_294_967_296))
  }

  static func md5(_ bytes: [UInt8]) -> [UInt8] {
    var state: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476]
    let message = padded(bytes, blockSize: 64, lengthBytes: 8, bigEndian: false)
    for block in stride(from: 0, to: message.count, by: 64) {
      let words = (0..<16).map { index -> UInt32 in
        (0..<4).reduce(UInt32(0)) {
          $0 | UInt32(message[block + index * 4 + $1]) << (8 * UInt32($1))
        }
      }
      var (a, b, c, d) = (state[0], state[1], state[2], state[3])
      for index in 0..<64 {
        var f: UInt32
        let g: Int
        switch index {
        case 0..<16: (f, g) = ((b & c) | (~b & d), index)
        case 16..<32: (f, g) = ((d & b) | (~d & c), (5 * index + 1) % 16)
        case 32..<48: (f, g) = (b ^ c ^ d, (3 * index + 5) % 16)
        default: (f, g) = (c ^ (b | ~d), (7 * index) % 16)
        }
        f = f &+ a &+ md5Constants[index] &+ words[g]
        a = d
        d = c
        c = b
        b = b &+ rotateLeft(f, md5Shifts[index])
      }
      state[0] = state[0] &+ a
      state[1] = state[1] &+ b
      state[2] = state[2] &+ c
      state[3] = state[3] &+ d
    }
    return state.flatMap { word in
      (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * UInt32($0))) }
    }
  }

  // MARK: - SHA-1 and SHA-256 (FIPS 180-4)

  static func sha1(_ bytes: [UInt8]) -> [UInt8] {
    var state: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
    let message = padded(bytes, blockSize: 64, lengthBytes: 8, bigEndian: true)
    for block in stride(from: 0, to: message.count, by: 64) {
      var words = bigEndianWords32(message, at: block)
      for index in 16..<80 {
        words.append(
          rotateLeft(words[index - 3] ^ words[index - 8] ^ words[index - 14] ^ words[index - 16], 1)
        )
      }
      var (a, b, c, d, e) = (state[0], state[1], state[2], state[3], state[4])
      for index in 0..<80 {
        let (f, k): (UInt32, UInt32)
        switch index {
        case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A82_7999)
        case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9_EBA1)
        case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
        default: (f, k) = (b ^ c ^ d, 0xCA62_C1D6)
        }
        let temp = rotateLeft(a, 5) &+ f &+ e &+ k &+ words[index]
        e = d
        d = c
        c = rotateLeft(b, 30)
        b = a
        a = temp
      }
      for (index, value) in [a, b, c, d, e].enumerated() { state[index] = state[index] &+ value }
    }
    return state.flatMap(bigEndianBytes)
  }

  private static let sha256Constants: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4,
    0xab1c_5ed5, 0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe,
    0x9bdc_06a7, 0xc19b_f174, 0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f,
    0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da, 0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7,
    0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967, 0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc,
    0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85, 0xa2bf_e8a1, 0xa81a_664b,
    0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070, 0x19a4_c116,
    0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7,
    0xc671_78f2,
  ]

  static func sha256(_ bytes: [UInt8]) -> [UInt8] {
    var state: [UInt32] = [
      0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab,
      0x5be0_cd19,
    ]
    let message = padded(bytes, blockSize: 64, lengthBytes: 8, bigEndian: true)
    for block in stride(from: 0, to: message.count, by: 64) {
      var words = bigEndianWords32(message, at: block)
      for index in 16..<64 {
        let s0 =
          rotateRight(words[index - 15], 7) ^ rotateRight(words[index - 15], 18)
          ^ (words[index - 15] >> 3)
        let s1 =
          rotateRight(words[index - 2], 17) ^ rotateRight(words[index - 2], 19)
          ^ (words[index - 2] >> 10)
        words.append(words[index - 16] &+ s0 &+ words[index - 7] &+ s1)
      }
      var work = state
      for index in 0..<64 {
        let s1 = rotateRight(work[4], 6) ^ rotateRight(work[4], 11) ^ rotateRight(work[4], 25)
        let choice = (work[4] & work[5]) ^ (~work[4] & work[6])
        let temp1 = work[7] &+ s1 &+ choice &+ sha256Constants[index] &+ words[index]
        let s0 = rotateRight(work[0], 2) ^ rotateRight(work[0], 13) ^ rotateRight(work[0], 22)
        let majority = (work[0] & work[1]) ^ (work[0] & work[2]) ^ (work[1] & work[2])
        work = [
          temp1 &+ s0 &+ majority, work[0], work[1], work[2], work[3] &+ temp1, work[4], work[5],
          work[6],
        ]
      }
      for index in 0..<8 { state[index] = state[index] &+ work[index] }
    }
    return state.flatMap(bigEndianBytes)
  }

  private static func bigEndianWords32(_ message: [UInt8], at block: Int) -> [UInt32] {
    (0..<16).map { index in
      (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(message[block + index * 4 + $1]) }
    }
  }

  private static func bigEndianBytes(_ word: UInt32) -> [UInt8] {
    (0..<4).reversed().map { UInt8(truncatingIfNeeded: word >> (8 * UInt32($0))) }
  }

  private static func rotateLeft(_ value: UInt32, _ count: UInt32) -> UInt32 {
    (value << count) | (value >> (32 - count))
  }

  static func rotateRight(_ value: UInt32, _ count: UInt32) -> UInt32 {
    (value >> count) | (value << (32 - count))
  }
}
