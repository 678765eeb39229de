import FacestackCore
import Foundation

/// What a local deploy has already told about the local cloud's gaps (the resources its
/// emulator does not create), so that a later deploy to the same running local cloud does not
/// repeat it: each notice is shown once per local cloud (a restart shows it again) and again
/// only when it changes.
///
/// ```swift
/// let notices = EmulatorNotices(folder: cloud.folder, startedAt: state.startedAt)
/// if notices.isNew(lines, key: stackName) { for line in lines { warn(line) } }
/// ```
public struct EmulatorNotices: Sendable {
  /// `.facestack/local/notices`.
  public var folder: URL
  /// The running local cloud's start time: a notice recorded by an earlier one is shown again.
  public var startedAt: String

  /// The notices of the local cloud in `folder` (its state folder) that started at `startedAt`.
  public init(folder: URL, startedAt: String) {
    self.folder = folder.appendingPathComponent("notices")
    self.startedAt = startedAt
  }

  /// True, and recorded, when `lines` were not yet shown under `key` on this local cloud.
  public func isNew(_ lines: [String], key: String) -> Bool {
    let text = ([startedAt] + lines).joined(separator: "\n") + "\n"
    let url = folder.appendingPathComponent(
      key.map { $0.isLetter || $0.isNumber || $0 == "-" ? String($0) : "_" }.joined())
    if let shown = try? String(contentsOf: url, encoding: .utf8), shown == text { return false }
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try? FileIO.writeAtomically(Data(text.utf8), to: url.path)
    return true
  }
}
