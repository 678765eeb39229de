import Foundation

/// CloudWatch's `smithy-rpc-v2-cbor` bodies (RFC 8949) as a tree: maps, arrays, text and byte
/// strings (base64), integers, floats, booleans; tags are read through, null is an empty map.
enum CBORInput {
  static func parse(_ body: [UInt8]) throws(RequestMappingError) -> InputNode {
    var reader = CBORReader(bytes: body)
    let node = try reader.item()
    return node
  }
}

private struct CBORReader {
  let bytes: [UInt8]
  var index = 0

  mutating func byte() throws(RequestMappingError) -> UInt8 {
    guard index < bytes.count else { throw .unreadableBody("the CBOR body ends early") }
    defer { index += 1 }
    return bytes[index]
  }

  mutating func argument(_ info: UInt8) throws(RequestMappingError) -> UInt64? {
    switch info {
    case 0..<24: return UInt64(info)
    case 24, 25, 26, 27:
      let count = 1 << Int(info - 24)
      var value: UInt64 = 0
      for _ in 0..<count { value = value << 8 | UInt64(try byte()) }
      return value
    case 31: return nil  // indefinite length
    default: throw .unreadableBody("malformed CBOR length \(info)")
    }
  }

  mutating func data(_ count: UInt64) throws(RequestMappingError) -> [UInt8] {
    guard count <= UInt64(bytes.count - index) else {
      throw .unreadableBody("a CBOR string is longer than the body")
    }
    defer { index += Int(count) }
    return Array(bytes[index..<(index + Int(count))])
  }

  mutating func isBreak() -> Bool {
    if index < bytes.count, bytes[index] == 0xFF {
      index += 1
      return true
    }
    return false
  }

  mutating func item() throws(RequestMappingError) -> InputNode {
    let initial = try byte()
    let major = initial >> 5
    let info = initial & 0x1F
    switch major {
    case 0:
      return .scalar(String(try argument(info) ?? 0))
    case 1:
      let value = try argument(info) ?? 0
      return .scalar(value < UInt64(Int64.max) ? String(-1 - Int64(value)) : "-\(value)")
    case 2, 3:
      var content: [UInt8] = []
      if let length = try argument(info) {
        content = try data(length)
      } else {
        while !isBreak() {
          let chunk = try byte()
          guard chunk >> 5 == major, let length = try argument(chunk & 0x1F) else {
            throw .unreadableBody("malformed indefinite CBOR string")
          }
          content += try data(length)
        }
      }
      return .scalar(
        major == 3 ? String(decoding: content, as: UTF8.self) : Data(content).base64EncodedString())
    case 4:
      var items: [InputNode] = []
      if let count = try argument(info) {
        for _ in 0..<count { items.append(try item()) }
      } else {
        while !isBreak() { items.append(try item()) }
      }
      return .list(items)
    case 5:
      var members: [InputNode.Member] = []
      func pair(_ reader: inout CBORReader) throws(RequestMappingError) {
        let key = try reader.item()
        members.append(InputNode.Member(name: key.text ?? "", value: try reader.item()))
      }
      if let count = try argument(info) {
        for _ in 0..<count { try pair(&self) }
      } else {
        while !isBreak() { try pair(&self) }
      }
      return .map(members)
    case 6:
      _ = try argument(info)
      return try item()
    default:
      switch info {
      case 20: return .scalar("false")
      case 21: return .scalar("true")
      case 22, 23: return .map([])
      case 25:
        let bits = UInt16(try argument(info) ?? 0)
        return .scalar(String(Double(Float16Bits.float(bits))))
      case 26: return .scalar(String(Double(Float(bitPattern: UInt32(try argument(info) ?? 0)))))
      case 27: return .scalar(String(Double(bitPattern: try argument(info) ?? 0)))
      default: throw .unreadableBody("unsupported CBOR simple value \(info)")
      }
    }
  }
}

/// Half-precision floats without `Float16` (unavailable on some platforms).
private enum Float16Bits {
  static func float(_ bits: UInt16) -> Float {
    let sign: Float = bits & 0x8000 != 0 ? -1 : 1
    let exponent = Int((bits >> 10) & 0x1F)
    let fraction = Float(bits & 0x3FF)
    switch exponent {
    case 0: return sign * fraction * powf(2, -24)
    case 31: return fraction == 0 ? sign * .infinity : .nan
    default: return sign * (1 + fraction / 1024) * powf(2, Float(exponent - 15))
    }
  }
}
