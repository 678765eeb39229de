/// Writes byte-for-byte reproducible zip archives: entries sorted by path, stored without
/// compression, a fixed timestamp (1980-01-01 00:00, the earliest DOS time) and fixed modes
/// (0644 files), no extra fields.
///
/// Storing instead of deflating keeps the bytes independent of the zlib version on the machine
/// that packages, so every checkout hashes the same package; Lambda accepts stored entries.
public struct ZipArchive {
  /// One file: its path inside the archive and its bytes.
  public struct Entry {
    /// The path, with `/` separators.
    public var path: String
    /// The contents.
    public var contents: [UInt8]

    /// An entry.
    public init(path: String, contents: [UInt8]) {
      self.path = path
      self.contents = contents
    }
  }

  /// The archive's bytes. Throws a ``PackagingError`` when the archive would need ZIP64 (an
  /// entry or the whole archive over 4 GiB, more than 65,535 entries, a path over 65,535 bytes),
  /// which this writer does not produce.
  public static func write(_ entries: [Entry]) throws -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(
      entries.reduce(22) { $0 + 30 + 46 + 2 * $1.path.utf8.count + $1.contents.count })
    try write(entries) { output.append(contentsOf: $0) }
    return output
  }

  /// Writes the same archive through `emit`, in order: each entry's header, then its bytes as
  /// they are held, then the central directory. A package streams to its file this way instead
  /// of being assembled in memory first (issue 20). Throws as ``write(_:)`` does, before
  /// anything is emitted when there are too many entries.
  public static func write(
    _ entries: [Entry], to emit: (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    let sorted = entries.sorted { $0.path < $1.path }
    guard sorted.count <= Int(UInt16.max) else {
      throw PackagingError.tooLarge(
        "a zip holds at most 65535 entries without zip64, got \(sorted.count)")
    }
    var written = 0
    var header: [UInt8] = []
    var central: [UInt8] = []
    let dosTime: UInt16 = 0
    let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1  // 1980-01-01
    for entry in sorted {
      let name = Array(entry.path.utf8)
      guard name.count <= Int(UInt16.max), entry.contents.count < Int(UInt32.max),
        written + entry.contents.count + name.count + 30 < Int(UInt32.max)
      else {
        throw PackagingError.tooLarge(
          "\(entry.path): too large for a zip without zip64 (\(entry.contents.count) bytes)")
      }
      let crc = CRC32.checksum(entry.contents)
      let offset = UInt32(written)
      header.removeAll(keepingCapacity: true)
      header.append(contentsOf: le32(0x0403_4B50))
      header.append(contentsOf: le16(10))  // version needed: 1.0, stored
      header.append(contentsOf: le16(0x0800))  // UTF-8 names
      header.append(contentsOf: le16(0))  // stored
      header.append(contentsOf: le16(dosTime) + le16(dosDate))
      header.append(
        contentsOf: le32(crc) + le32(UInt32(entry.contents.count))
          + le32(UInt32(entry.contents.count)))
      header.append(contentsOf: le16(UInt16(name.count)) + le16(0))
      header.append(contentsOf: name)
      try header.withUnsafeBytes(emit)
      try entry.contents.withUnsafeBytes(emit)
      written += header.count + entry.contents.count

      central.append(contentsOf: le32(0x0201_4B50))
      central.append(contentsOf: le16(0x0314))  // made by: UNIX, 2.0
      central.append(contentsOf: le16(10) + le16(0x0800) + le16(0) + le16(dosTime) + le16(dosDate))
      central.append(
        contentsOf: le32(crc) + le32(UInt32(entry.contents.count))
          + le32(UInt32(entry.contents.count)))
      central.append(contentsOf: le16(UInt16(name.count)) + le16(0) + le16(0) + le16(0) + le16(0))
      central.append(contentsOf: le32(UInt32(0o100644) << 16))  // regular file, rw-r--r--
      central.append(contentsOf: le32(offset))
      central.append(contentsOf: name)
    }
    guard written + central.count < Int(UInt32.max) else {
      throw PackagingError.tooLarge("the archive is too large for a zip without zip64")
    }
    let centralSize = UInt32(central.count)
    central.append(contentsOf: le32(0x0605_4B50) + le16(0) + le16(0))
    central.append(contentsOf: le16(UInt16(sorted.count)) + le16(UInt16(sorted.count)))
    central.append(contentsOf: le32(centralSize) + le32(UInt32(written)) + le16(0))
    try central.withUnsafeBytes(emit)
  }

  private static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
  private static func le32(_ value: UInt32) -> [UInt8] {
    [
      UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF),
      UInt8(value >> 24),
    ]
  }
}

/// CRC-32 (IEEE 802.3), as zip requires.
enum CRC32 {
  /// Slicing-by-8 tables, flat: entry `k * 256 + b` is the CRC of byte `b` followed by `k` zero
  /// bytes. Eight bytes per step instead of one: a cold synth zips about 100 MB, and the
  /// byte-wise loop was a fifth of its time (issue 20).
  static let table: [UInt32] = {
    var tables = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 8)
    for index in 0..<256 {
      var crc = UInt32(index)
      for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
      tables[0][index] = crc
    }
    for index in 0..<256 {
      for k in 1..<8 {
        let previous = tables[k - 1][index]
        tables[k][index] = tables[0][Int(previous & 0xFF)] ^ (previous >> 8)
      }
    }
    return tables.flatMap { $0 }
  }()

  static func checksum(_ bytes: [UInt8]) -> UInt32 {
    table.withUnsafeBufferPointer { t in
      bytes.withUnsafeBufferPointer { input in
        var crc: UInt32 = 0xFFFF_FFFF
        var index = 0
        let count = input.count
        while index + 8 <= count {
          let low =
            crc
            ^ (UInt32(input[index]) | UInt32(input[index + 1]) << 8
              | UInt32(input[index + 2]) << 16 | UInt32(input[index + 3]) << 24)
          let high =
            UInt32(input[index + 4]) | UInt32(input[index + 5]) << 8
            | UInt32(input[index + 6]) << 16 | UInt32(input[index + 7]) << 24
          crc =
            t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
            ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
            ^ t[3 * 256 + Int(high & 0xFF)] ^ t[2 * 256 + Int((high >> 8) & 0xFF)]
            ^ t[256 + Int((high >> 16) & 0xFF)] ^ t[Int(high >> 24)]
          index += 8
        }
        while index < count {
          crc = t[Int((crc ^ UInt32(input[index])) & 0xFF)] ^ (crc >> 8)
          index += 1
        }
        return crc ^ 0xFFFF_FFFF
      }
    }
  }
}
