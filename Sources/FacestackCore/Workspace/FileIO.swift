import Foundation

/// Reads input files and writes output files atomically, so a failed run never leaves a
/// half-written file behind.
public enum FileIO {
  /// The bytes of `path`, or an input error naming the file.
  public static func read(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
        isDirectory.boolValue
      {
        throw FacestackError.input("\(path): is a directory, expected a template file")
      }
      if !FileManager.default.fileExists(atPath: path) {
        throw FacestackError.input("\(path): no such file")
      }
      throw FacestackError.input("\(path): cannot read the file")
    }
    return Array(data)
  }

  /// Writes `contents` to `path` through a temporary file in the same folder and a rename,
  /// creating the folder when needed.
  public static func writeAtomically(_ contents: String, to path: String) throws {
    try writeAtomically(Data(contents.utf8), to: path)
  }

  /// Writes `data` to `path` through a temporary file in the same folder and a rename.
  public static func writeAtomically(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent()
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      let temporary = folder.appendingPathComponent(
        ".\(url.lastPathComponent).\(UUID().uuidString).tmp")
      try data.write(to: temporary)
      if rename(temporary.path, url.path) != 0 {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw FacestackError.input("\(path): cannot replace the file: \(reason)")
      }
    } catch let error as FacestackError {
      throw error
    } catch {
      throw FacestackError.input("\(path): cannot write the file: \(error.localizedDescription)")
    }
  }
}
