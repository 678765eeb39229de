import CloudFormation

/// Where an execution's randomness comes from: retry jitter, `States.MathRandom` without a
/// seed, `States.UUID`, and request ids.
public protocol RandomSource: Sendable {
  /// 64 random bits.
  func next() async -> UInt64
}

extension RandomSource {
  /// A uniform value in `[0, 1)`.
  func unit() async -> Double { Double(await next() >> 11) / Double(1 << 53) }

  /// A version 4 UUID, lowercase.
  func uuid() async -> String {
    var bytes: [UInt8] = []
    for _ in 0..<2 {
      let word = await next()
      bytes += (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) }
    }
    return formatUUID(bytes)
  }
}

/// A UUID's 16 bytes as `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`, version 4 and RFC 4122
/// variant bits set.
func formatUUID(_ input: [UInt8]) -> String {
  var bytes = input
  bytes[6] = (bytes[6] & 0x0F) | 0x40
  bytes[8] = (bytes[8] & 0x3F) | 0x80
  let hex = bytes.map { byte -> String in
    let digits = String(byte, radix: 16)
    return digits.count == 1 ? "0" + digits : digits
  }
  return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
}

/// The system's generator.
public struct SystemRandomSource: RandomSource {
  /// The system's generator.
  public init() {}

  /// 64 random bits.
  public func next() async -> UInt64 { UInt64.random(in: .min ... .max) }
}

/// A deterministic generator (SplitMix64): the same seed gives the same sequence, for tests.
public actor SeededRandomSource: RandomSource {
  private var state: UInt64

  /// A generator starting from `seed`.
  public init(seed: UInt64) { state = seed }

  /// The next value of the sequence.
  public func next() -> UInt64 {
    var generator = SplitMix64(state: state)
    let value = generator.next()
    state = generator.state
    return value
  }
}
