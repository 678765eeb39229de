import CloudFormation
import Crypto
import Foundation
import IAM
import Testing

@testable import FacestackCore

/// A folder of handler sources: two handlers' entry modules, a shared module, and what the key
/// must ignore (a README, compiled files, a hidden folder).
private func handlersFolder() throws -> URL {
  let root = try temporaryFolder()
  let files = [
    "handlers/detect/app.py": "import boto3\n",
    "handlers/facecommon/storage.py": "def put(): ...\n",
    "handlers/README.md": "# handlers\n",
    "handlers/__pycache__/app.cpython-311.pyc": "compiled",
    "handlers/.venv/lib/site.py": "# a venv\n",
  ]
  for (path, text) in files {
    let url = root.appendingPathComponent(path)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
  }
  return root
}

private func write(_ text: String, to path: String, in root: URL) throws {
  try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
}

@Test func theScanKeyChangesWithThePythonSourcesAndArgumentsOnly() throws {
  let root = try handlersFolder()
  let cache = HandlerScanCache(root: root)
  let key = try cache.key(arguments: ["scan", "detect"], inputs: ["handlers"])
  #expect(key.count == 64)
  #expect(try cache.key(arguments: ["scan", "detect"], inputs: ["handlers"]) == key)
  #expect(try cache.key(arguments: ["scan", "store"], inputs: ["handlers"]) != key)

  // Not read by the scanner: no new key.
  try write("# changed\n", to: "handlers/README.md", in: root)
  try write("changed", to: "handlers/__pycache__/app.cpython-311.pyc", in: root)
  try write("# changed\n", to: "handlers/.venv/lib/site.py", in: root)
  #expect(try cache.key(arguments: ["scan", "detect"], inputs: ["handlers"]) == key)

  // A handler or a shared module that changes is scanned again.
  try write("import boto3\nboto3.client('s3')\n", to: "handlers/detect/app.py", in: root)
  let afterHandler = try cache.key(arguments: ["scan", "detect"], inputs: ["handlers"])
  #expect(afterHandler != key)
  try write("def put(): return 1\n", to: "handlers/facecommon/storage.py", in: root)
  #expect(try cache.key(arguments: ["scan", "detect"], inputs: ["handlers"]) != afterHandler)
  try write("x = 1\n", to: "handlers/facecommon/new.py", in: root)
  #expect(try cache.key(arguments: ["scan", "detect"], inputs: ["handlers"]) != afterHandler)
}

/// The digest is its definition: each Python file's path, size and bytes, in path order (keys
/// written by earlier versions stay valid).
@Test func theInputsDigestHashesPathsSizesAndBytesInOrder() throws {
  let root = try handlersFolder()
  var expected = SHA256()
  for (path, text) in [
    ("handlers/detect/app.py", "import boto3\n"),
    ("handlers/facecommon/storage.py", "def put(): ...\n"),
  ] {
    expected.update(data: Array("\(path)\n\(text.utf8.count)\n\(text)".utf8))
  }
  let digest = try HandlerScanCache(root: root).inputsDigest(["handlers"])
  #expect(digest == Hex.string(expected.finalize()))
  #expect(try HandlerScanCache(root: root).inputsDigest(["handlers/detect/app.py"]) != digest)
}

@Test func aMissingScanInputIsAnInputError() throws {
  let cache = HandlerScanCache(root: try handlersFolder())
  #expect(throws: FacestackError.self) {
    try cache.key(arguments: [], inputs: ["handlers", "scripts/no_such_scanner.py"])
  }
}

@Test func entriesAreWrittenAndReadBack() throws {
  let cache = HandlerScanCache(root: try handlersFolder())
  #expect(cache.read("abc") == nil)
  try cache.write(Data("{\"calls\":[]}".utf8), for: "abc")
  #expect(cache.read("abc") == Data("{\"calls\":[]}".utf8))
  #expect(
    FileManager.default.fileExists(
      atPath: cache.root.appendingPathComponent(".facestack/cache/handler-scan/abc.json").path))
}

/// A checkout with the stack's inputs and the scanner, so scans run for real.
private func checkoutWithScanner() throws -> URL {
  let root = try copyOfStackInputs()
  let manager = FileManager.default
  try manager.createDirectory(
    at: root.appendingPathComponent("Sources/IAM/Resources"), withIntermediateDirectories: true)
  for path in [Workspace.scanner, Workspace.scannerPackage, Workspace.boto3Map] {
    try manager.createDirectory(
      at: root.appendingPathComponent(path).deletingLastPathComponent(),
      withIntermediateDirectories: true)
    try manager.copyItem(
      at: repositoryRoot.appendingPathComponent(path), to: root.appendingPathComponent(path))
  }
  return root
}

@Test func anUnchangedHandlerIsReadFromTheCacheAndAChangedOneIsScannedAgain() throws {
  let root = try checkoutWithScanner()
  let workspace = Workspace(root: root)
  let folder = "stacks/FaceRecognition/handlers/detect"
  let entries = root.appendingPathComponent(".facestack/cache/handler-scan")

  let first = try workspace.scanHandler(folder: folder)
  #expect(first.calls.contains { $0.operation == "detect_faces" })
  let written = try FileManager.default.contentsOfDirectory(atPath: entries.path)
  #expect(written.count == 1)

  // The second scan is the cached entry: a doctored entry comes back as it is.
  let entry = entries.appendingPathComponent(try #require(written.first))
  try Data(#"{"format": 1, "calls": [], "files": ["from the cache"]}"#.utf8).write(to: entry)
  #expect(try workspace.scanHandler(folder: folder).files == ["from the cache"])

  // A shared module of the handlers changes: a new key, a real scan.
  let shared = root.appendingPathComponent("stacks/FaceRecognition/handlers/facecommon/ids.py")
  try (String(contentsOf: shared, encoding: .utf8) + "\n# changed\n").write(
    to: shared, atomically: true, encoding: .utf8)
  let rescanned = try workspace.scanHandler(folder: folder)
  #expect(rescanned == first)
  #expect(try FileManager.default.contentsOfDirectory(atPath: entries.path).count == 2)

  // An unreadable entry is scanned again, never an error.
  for name in try FileManager.default.contentsOfDirectory(atPath: entries.path) {
    try Data("not json".utf8).write(to: entries.appendingPathComponent(name))
  }
  #expect(try workspace.scanHandler(folder: folder) == first)
}

@Test func handlersWithoutACachedScanAreScannedInOneProcessAsEachAloneWouldBe() throws {
  let root = try checkoutWithScanner()
  let workspace = Workspace(root: root)
  let folders = ["detect", "enroll", "store", "service"].map {
    "stacks/FaceRecognition/handlers/\($0)"
  }
  let entries = root.appendingPathComponent(".facestack/cache/handler-scan")

  // One cached, three not: the three are scanned together and cached under their own keys.
  let detect = try workspace.scanHandler(folder: folders[0])
  let scans = try workspace.scanHandlers(folders: folders + [folders[2]])
  #expect(Set(scans.keys) == Set(folders))
  #expect(scans[folders[0]] == detect)
  #expect(try FileManager.default.contentsOfDirectory(atPath: entries.path).count == 4)
  #expect(scans[folders[3]]?.calls.contains { $0.operation == "receive_message" } == true)

  // Each is what a scan of that handler alone gives (read back from the cache it wrote).
  for folder in folders.dropFirst() {
    #expect(try workspace.scanHandler(folder: folder) == scans[folder], "\(folder)")
  }
  try FileManager.default.removeItem(at: entries)
  for folder in folders.dropFirst() {
    #expect(try workspace.scanHandler(folder: folder) == scans[folder], "\(folder)")
  }
}
