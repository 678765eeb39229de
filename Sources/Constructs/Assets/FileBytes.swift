import Foundation

/// Reads files into byte arrays and streams packages to disk without intermediate copies. A
/// cold synth packages 20 MB of wheels for the detect function: reading through `Data` and
/// building the zip in memory copied each byte five times, and the page faults of those
/// copies were a third of a cold synth (issue 20).
enum FileBytes {
  /// The bytes of the file at `path`, read straight into an array.
  static func read(_ path: String) throws -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw readError(path) }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { throw readError(path) }
    let expected = max(Int(status.st_size), 0)
    var bytes = try [UInt8](unsafeUninitializedCapacity: expected) { buffer, count in
      guard let base = buffer.baseAddress else { return }
      while count < expected {
        let read = Foundation.read(descriptor, base + count, expected - count)
        if read < 0, errno == EINTR { continue }
        guard read >= 0 else { throw readError(path) }
        if read == 0 { break }  // the file shrank while it was read
        count += read
      }
    }
    // The file grew while it was read (or `stat` gave no size): read on to its end.
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let read = chunk.withUnsafeMutableBytes {
        Foundation.read(descriptor, $0.baseAddress, $0.count)
      }
      if read < 0, errno == EINTR { continue }
      guard read >= 0 else { throw readError(path) }
      if read == 0 { return bytes }
      bytes.append(contentsOf: chunk[..<read])
    }
  }

  /// The error `Data(contentsOf:)` would give for the failure in `errno`.
  private static func readError(_ path: String) -> Error {
    let code = errno
    let kind: CocoaError.Code
    switch code {
    case ENOENT, ENOTDIR: kind = .fileReadNoSuchFile
    case EACCES, EPERM: kind = .fileReadNoPermission
    default: kind = .fileReadUnknown
    }
    return CocoaError(
      kind,
      userInfo: [
        NSFilePathErrorKey: path,
        NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO),
      ])
  }

  /// The text of the failure in `errno`.
  static func errorText() -> String { String(cString: strerror(errno)) }

  /// A new file written through a 64 KiB buffer; large pieces go to the file directly.
  final class Output {
    /// The file's path.
    let path: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private static let capacity = 64 * 1024

    /// Creates `path`, which must not exist (a temporary name), readable by everyone.
    init(creating path: String) throws {
      self.path = path
      descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
      guard descriptor >= 0 else {
        throw PackagingError.writeFailed(path: path, reason: FileBytes.errorText())
      }
      buffer.reserveCapacity(Self.capacity)
    }

    deinit { if descriptor >= 0 { Foundation.close(descriptor) } }

    /// Writes what is buffered and closes the file.
    func close() throws {
      try flush()
      let file = descriptor
      descriptor = -1
      guard Foundation.close(file) == 0 else {
        throw PackagingError.writeFailed(path: path, reason: FileBytes.errorText())
      }
    }

    /// Appends `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
      if buffer.count + bytes.count > Self.capacity { try flush() }
      if bytes.count >= Self.capacity {
        try writeAll(bytes)
      } else {
        buffer.append(contentsOf: bytes)
      }
    }

    /// Writes what is buffered.
    func flush() throws {
      try buffer.withUnsafeBytes { try writeAll($0) }
      buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
      guard var next = bytes.baseAddress else { return }
      var left = bytes.count
      while left > 0 {
        let written = Foundation.write(descriptor, next, left)
        if written < 0, errno == EINTR { continue }
        guard written > 0 else {
          throw PackagingError.writeFailed(
            path: path, reason: written == 0 ? "nothing was written" : FileBytes.errorText())
        }
        next += written
        left -= written
      }
    }
  }
}
