import Foundation

/// The files bundled with this module (`Resources/`), found without creating a `Bundle`.
///
/// SwiftPM copies them into `facestack_IAM.resources` beside the executable, where
/// `Bundle.module` looks first; building that `Bundle` (CoreFoundation's bundle machinery, and a
/// scan of every protocol conformance in the process) cost about 1 % of a synth (issue 20). The
/// folder beside the running executable is read directly; anywhere else (a test runner, another
/// layout) `Bundle.module` decides, as before.
enum BundledResource {
  /// The URL of `name.ext`, or nil when the module does not bundle it.
  static func url(_ name: String, _ ext: String) -> URL? {
    let file = "\(name).\(ext)"
    if let folder = besideExecutable {
      let url = folder.appendingPathComponent(file)
      if FileManager.default.fileExists(atPath: url.path) { return url }
    }
    return Bundle.module.url(forResource: name, withExtension: ext)
  }

  /// `facestack_IAM.resources` beside the running executable, when it is there.
  private static let besideExecutable: URL? = {
    guard let executable = runningExecutable() else { return nil }
    let folder = executable.deletingLastPathComponent()
      .appendingPathComponent("facestack_IAM.resources", isDirectory: true)
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder),
      isFolder.boolValue
    else { return nil }
    return folder
  }()

  /// The running executable's path, read from `/proc/self/exe` (Linux); nil elsewhere, where
  /// `Bundle.module` is used.
  private static func runningExecutable() -> URL? {
    #if os(Linux)
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
      guard length > 0 else { return nil }
      buffer[length] = 0
      return URL(fileURLWithPath: String(cString: buffer))
    #else
      return nil
    #endif
  }
}
