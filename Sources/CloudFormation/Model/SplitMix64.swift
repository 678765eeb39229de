/// SplitMix64: a small seeded generator, good enough for jitter and for tests whose random
/// inputs must repeat run after run; `States.MathRandom`'s seeded generator.
///
/// ```swift
/// var random = SplitMix64(state: 42)
/// let pick = Int.random(in: 0..<10, using: &random)
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable {
  /// The state; the seed at first.
  public var state: UInt64

  /// A generator seeded with `state`.
  public init(state: UInt64) { self.state = state }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
