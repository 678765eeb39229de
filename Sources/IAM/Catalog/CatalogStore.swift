import CloudFormation
import Foundation

/// Where an ``IAMCatalog`` gets its services: all decoded up front (from one JSON document), or
/// decoded one service at a time, on first use, from byte ranges of the bundled file that its
/// index names. The whole catalog stays available either way; a run pays only for the services
/// it touches. Thread-safe: decoded services are kept behind a lock.
final class CatalogStore: @unchecked Sendable {
  private let lock = NSLock()
  private var decoded: [String: CatalogService]
  private let file: RangedFile?
  private let ranges: [String: Range<Int>]
  private var sortedPrefixes: [String]?

  /// A store holding `services`, all decoded.
  init(services: [String: CatalogService]) {
    self.decoded = services
    self.file = nil
    self.ranges = [:]
  }

  /// A store reading services from `file` at `ranges`, on demand.
  init(file: RangedFile, ranges: [String: Range<Int>]) {
    self.decoded = [:]
    self.file = file
    self.ranges = ranges
  }

  /// Every service prefix, sorted (on first use: only wildcard service names need them, and
  /// sorting 440 prefixes was a fifth of opening the catalog, issue 20).
  var prefixes: [String] {
    lock.lock()
    defer { lock.unlock() }
    if let sortedPrefixes { return sortedPrefixes }
    let sorted = (file == nil ? Array(decoded.keys) : Array(ranges.keys)).sorted()
    sortedPrefixes = sorted
    return sorted
  }

  /// The service with the lowercased `prefix`, decoding it on first use.
  func service(_ prefix: String) -> CatalogService? {
    lock.lock()
    defer { lock.unlock() }
    if let service = decoded[prefix] { return service }
    guard let file, let range = ranges[prefix] else { return nil }
    do {
      let service = try CatalogService(
        prefix: prefix,
        json: JSONDocument.parse(bytes: try file.read(range), file: "iam-catalog.json"))
      decoded[prefix] = service
      return service
    } catch {
      // The bundled catalog and its index are generated and checked together (IAMTests and
      // scripts/tests); a range that does not decode is a broken build, never a user's input.
      preconditionFailure("the bundled iam catalog is inconsistent with its index: \(error)")
    }
  }

  /// The prefixes of the services decoded so far, sorted.
  var decodedPrefixes: [String] {
    lock.lock()
    defer { lock.unlock() }
    return decoded.keys.sorted()
  }

  /// Every service, decoding those not decoded yet.
  func allServices() -> [String: CatalogService] {
    var services: [String: CatalogService] = [:]
    for prefix in prefixes { services[prefix] = service(prefix) }
    return services
  }
}

/// A file read by byte ranges (`pread`), kept open for the life of the process.
final class RangedFile: @unchecked Sendable {
  private let handle: FileHandle
  /// The file's size in bytes.
  let size: Int

  init(url: URL) throws {
    handle = try FileHandle(forReadingFrom: url)
    size = Int(try handle.seekToEnd())
  }

  deinit { try? handle.close() }

  /// The bytes of `range`, read with `pread` straight into the array (through `Data` they
  /// were copied twice). Thread-safe: `pread` keeps no file position.
  func read(_ range: Range<Int>) throws -> [UInt8] {
    let descriptor = handle.fileDescriptor
    let data = [UInt8](unsafeUninitializedCapacity: range.count) { buffer, count in
      while count < range.count, let base = buffer.baseAddress {
        let read = pread(
          descriptor, base + count, range.count - count, off_t(range.lowerBound + count))
        if read < 0, errno == EINTR { continue }
        guard read > 0 else { break }
        count += read
      }
    }
    guard data.count == range.count, data.first == UInt8(ascii: "{"),
      data.last == UInt8(ascii: "}")
    else {
      throw CatalogError("bytes \(range) of the iam catalog are not one json object")
    }
    return data
  }
}
