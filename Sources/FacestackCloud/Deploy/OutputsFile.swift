import AWSClient
import FacestackCore
import Foundation

/// `.facestack/outputs/<env>.json`: the stack's outputs after a deploy, for scripts.
public enum OutputsFile {
  /// Writes `{"stack": ..., "outputs": {key: value}}` with sorted keys, atomically; returns the
  /// file's URL.
  @discardableResult
  public static func write(
    _ outputs: [StackOutput], stackName: String, environment: String, workFolder: URL
  ) throws -> URL {
    let folder = workFolder.appendingPathComponent("outputs")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent("\(environment).json")
    struct File: Encodable {
      var stack: String
      var outputs: [String: String]
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let values = Dictionary(
      outputs.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    var data = try encoder.encode(File(stack: stackName, outputs: values))
    data.append(0x0A)
    try FileIO.writeAtomically(data, to: url.path)
    return url
  }
}
