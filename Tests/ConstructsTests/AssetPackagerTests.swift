import CloudFormation
import Crypto
import Foundation
import Processes
import Testing

@testable import Constructs

/// The packager's zips, opened by an independent reader (Python's `zipfile`): entries, order,
/// compression, timestamps, permissions, CRCs, exclusions and determinism.
@Suite("asset packager")
struct AssetPackagerTests {
  /// A checkout with one handler folder, a shared package, caches and tests that must stay out.
  func checkout() throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "facestack-packager-\(UUID().uuidString)")
    let files = [
      "h/fn/app.py": "import shared.util\n",
      "h/fn/requirements.txt": "# no dependencies\n",
      "h/fn/tests/test_app.py": "assert True\n",
      "h/fn/__pycache__/app.cpython-312.pyc": "x",
      "h/fn/.hidden": "x",
      "h/shared/__init__.py": "",
      "h/shared/util.py": "VALUE = 1\n",
      "h/shared/sub/deep.py": "DEEP = 2\n",
      "h/shared/util.pyc": "x",
    ]
    for (path, contents) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try contents.write(to: url, atomically: true, encoding: .utf8)
    }
    return root
  }

  let asset = Asset(
    name: "fn",
    sources: [.init(from: "h/fn", to: ""), .init(from: "h/shared", to: "shared")],
    requirements: "h/fn/requirements.txt")

  /// What `zipfile` reads from `zip`: one line per entry.
  func read(_ zip: URL) throws -> [String] {
    let script = """
      import sys, zipfile
      with zipfile.ZipFile(sys.argv[1]) as archive:
          assert archive.testzip() is None, "bad CRC"
          for info in archive.infolist():
              print(info.filename, info.compress_type, info.date_time, oct(info.external_attr >> 16),
                    info.file_size, info.create_system)
      """
    let result = try ProcessRunner.run(["python3", "-c", script, zip.path])
    #expect(result.succeeded, "\(result.errorOutput)")
    return result.output.split(separator: "\n").map(String.init)
  }

  @Test func zipsHoldTheSourcesStoredSortedDatedAndReadOnly() throws {
    let root = try checkout()
    defer { try? FileManager.default.removeItem(at: root) }
    let packaged = try AssetPackager(root: root).package(asset)
    let zip = root.appendingPathComponent(".facestack/assets/\(packaged.sha256).zip")
    #expect(packaged.key == "assets/\(packaged.sha256).zip")
    #expect(try Data(contentsOf: zip).count == packaged.size)
    #expect(
      try read(zip) == [
        "app.py 0 (1980, 1, 1, 0, 0, 0) 0o100644 19 3",
        "requirements.txt 0 (1980, 1, 1, 0, 0, 0) 0o100644 18 3",
        "shared/__init__.py 0 (1980, 1, 1, 0, 0, 0) 0o100644 0 3",
        "shared/sub/deep.py 0 (1980, 1, 1, 0, 0, 0) 0o100644 9 3",
        "shared/util.py 0 (1980, 1, 1, 0, 0, 0) 0o100644 10 3",
      ])
  }

  @Test func theSameInputsGiveTheSameBytesAndAChangeGivesANewPackage() throws {
    let first = try checkout()
    let second = try checkout()
    defer {
      try? FileManager.default.removeItem(at: first)
      try? FileManager.default.removeItem(at: second)
    }
    let a = try AssetPackager(root: first).package(asset)
    let b = try AssetPackager(root: second).package(asset)
    #expect(a == b)
    #expect(
      try Data(contentsOf: first.appendingPathComponent(".facestack/assets/\(a.sha256).zip"))
        == Data(contentsOf: second.appendingPathComponent(".facestack/assets/\(b.sha256).zip")))
    try "VALUE = 2\n".write(
      to: second.appendingPathComponent("h/shared/util.py"), atomically: true, encoding: .utf8)
    #expect(try AssetPackager(root: second).package(asset).sha256 != a.sha256)
  }

  @Test func anUnchangedAssetIsReadBackFromTheManifestWithoutZippingAgain() throws {
    let root = try checkout()
    defer { try? FileManager.default.removeItem(at: root) }
    let packager = AssetPackager(root: root)
    let packaged = try packager.package(asset)
    #expect(Array(packager.readManifest().packages.values) == [packaged])
    // A cached package is not written again: a zip marked by hand stays as it is.
    let zip = root.appendingPathComponent(".facestack/assets/\(packaged.sha256).zip")
    try Data("marked".utf8).write(to: zip)
    #expect(try packager.package(asset) == packaged)
    #expect(try Data(contentsOf: zip) == Data("marked".utf8))
    // An unreadable manifest only costs a rebuild.
    try Data("{not json".utf8).write(to: packager.manifestURL)
    #expect(packager.readManifest().packages.isEmpty)
    #expect(try packager.package(asset) == packaged)
    #expect(try Data(contentsOf: zip).count == packaged.size)
  }

  /// One packager reads a source folder once, however many assets package it (the pipeline's
  /// four share `facecommon`); a new packager reads it again.
  @Test func aSharedFolderIsReadOncePerPackager() throws {
    let root = try checkout()
    defer { try? FileManager.default.removeItem(at: root) }
    let packager = AssetPackager(root: root)
    let first = try packager.package(asset)
    let other = Asset(name: "other", sources: [.init(from: "h/shared", to: "shared")])
    let before = try packager.sourceFiles(other)
    #expect(before.map(\.path) == ["shared/__init__.py", "shared/sub/deep.py", "shared/util.py"])
    try "VALUE = 2\n".write(
      to: root.appendingPathComponent("h/shared/util.py"), atomically: true, encoding: .utf8)
    #expect(try packager.sourceFiles(other).map(\.contents) == before.map(\.contents))
    #expect(try packager.package(asset) == first)
    let fresh = AssetPackager(root: root)
    #expect(try fresh.sourceFiles(other).last?.contents == Array("VALUE = 2\n".utf8))
    #expect(try fresh.package(asset).sha256 != first.sha256)
  }

  /// A file where the assets folder belongs: one error naming it, in words.
  @Test func anAssetsFolderThatCannotBeMadeIsOneWriteError() throws {
    let root = try checkout()
    defer { try? FileManager.default.removeItem(at: root) }
    let packager = AssetPackager(root: root)
    try FileManager.default.createDirectory(
      at: packager.workFolder, withIntermediateDirectories: true)
    try Data("not a folder".utf8).write(to: packager.assetsFolder)
    #expect {
      try packager.package(asset)
    } throws: { error in
      guard case .writeFailed(let path, let reason) = error as? PackagingError else { return false }
      return path == packager.assetsFolder.path && !reason.contains("Domain=")
        && !reason.isEmpty
    }
  }

  @Test func aMissingSourceFolderIsATypedError() throws {
    let root = try checkout()
    defer { try? FileManager.default.removeItem(at: root) }
    let broken = Asset(name: "fn", sources: [.init(from: "h/nope", to: "")])
    #expect(throws: PackagingError.missingSource(asset: "fn", folder: "h/nope")) {
      try AssetPackager(root: root).package(broken)
    }
  }

  @Test func anArchiveBeyondZip32IsAnErrorNotACrash() {
    let entries = (0...Int(UInt16.max)).map { ZipArchive.Entry(path: "f\($0)", contents: []) }
    #expect(throws: PackagingError.self) { try ZipArchive.write(entries) }
  }
}

/// Packages stream to their files: the bytes are those of the in-memory writer, the name is
/// their SHA-256, and nothing is left behind by a failure.
@Suite("streamed packages")
struct StreamedPackageTests {
  func folder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "facestack-stream-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  /// A packager whose work folder is `work`, with its assets folder made.
  func packager(in work: URL) throws -> AssetPackager {
    let packager = AssetPackager(root: work, workFolder: work)
    try FileManager.default.createDirectory(
      at: packager.assetsFolder, withIntermediateDirectories: true)
    return packager
  }

  /// Entries in no order, one larger than the writer's 64 KiB buffer, one empty, one non-ASCII.
  let entries = [
    ZipArchive.Entry(
      path: "z/big.bin", contents: (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
    ZipArchive.Entry(path: "a.py", contents: Array("print('a')\n".utf8)),
    ZipArchive.Entry(path: "empty", contents: []),
    ZipArchive.Entry(path: "é/ü.txt", contents: Array("ü\n".utf8)),
  ]

  @Test func theStreamIsTheArchiveInOrder() throws {
    var pieces: [[UInt8]] = []
    try ZipArchive.write(entries) { pieces.append(Array($0)) }
    let whole = try ZipArchive.write(entries)
    #expect(pieces.flatMap { $0 } == whole)
    #expect(pieces.count == 2 * entries.count + 1)  // header and bytes per entry, the directory
    #expect(Array(whole.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])
    #expect(
      whole.count == 22 + entries.reduce(0) { $0 + 76 + 2 * $1.path.utf8.count + $1.contents.count }
    )
  }

  @Test func aPackageIsWrittenUnderItsHashAndNothingElseStays() throws {
    let work = try folder()
    defer { try? FileManager.default.removeItem(at: work) }
    let packager = try self.packager(in: work)
    let packaged = try packager.writeZip(entries, name: "fn")
    let whole = try ZipArchive.write(entries)
    #expect(packaged.name == "fn")
    #expect(packaged.size == whole.count)
    #expect(packaged.sha256 == Hex.string(SHA256.hash(data: whole)))
    let files = try FileManager.default.contentsOfDirectory(atPath: packager.assetsFolder.path)
    #expect(files == ["\(packaged.sha256).zip"])
    let written = try Data(contentsOf: packager.assetsFolder.appendingPathComponent(files[0]))
    #expect(Array(written) == whole)
  }

  @Test func aFailedPackageLeavesNoFile() throws {
    let work = try folder()
    defer { try? FileManager.default.removeItem(at: work) }
    let packager = try self.packager(in: work)
    let tooMany = (0...Int(UInt16.max)).map { ZipArchive.Entry(path: "f\($0)", contents: []) }
    #expect(throws: PackagingError.self) { try packager.writeZip(tooMany, name: "fn") }
    #expect(try FileManager.default.contentsOfDirectory(atPath: packager.assetsFolder.path) == [])
    // A folder that is not there: one error naming the file, nothing written.
    let missing = AssetPackager(root: work, workFolder: work.appendingPathComponent("nope"))
    #expect {
      try missing.writeZip(entries, name: "fn")
    } throws: { error in
      guard case .writeFailed(let path, let reason) = error as? PackagingError else { return false }
      return path.hasPrefix(missing.assetsFolder.path) && reason == "No such file or directory"
    }
  }

  /// A synth killed while writing leaves its temporary file: the next package removes it once
  /// it is old, and leaves a recent one (another synth may still be writing it).
  @Test func abandonedTemporariesAreRemovedOnceOld() throws {
    let work = try folder()
    defer { try? FileManager.default.removeItem(at: work) }
    let packager = try self.packager(in: work)
    let assets = packager.assetsFolder
    let old = assets.appendingPathComponent(".old.zip.tmp")
    let recent = assets.appendingPathComponent(".recent.zip.tmp")
    try Data("partial".utf8).write(to: old)
    try Data("partial".utf8).write(to: recent)
    try FileManager.default.setAttributes(
      [.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: old.path)
    let packaged = try packager.writeZip(entries, name: "fn")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: assets.path).sorted()
        == [".recent.zip.tmp", "\(packaged.sha256).zip"])
  }

  @Test func filesAreReadWhole() throws {
    let work = try folder()
    defer { try? FileManager.default.removeItem(at: work) }
    let big = (0..<150_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    try Data(big).write(to: work.appendingPathComponent("big"))
    try Data().write(to: work.appendingPathComponent("empty"))
    #expect(try FileBytes.read(work.appendingPathComponent("big").path) == big)
    #expect(try FileBytes.read(work.appendingPathComponent("empty").path) == [])
    #if os(Linux)
      // Its size says 0: read to the end all the same.
      #expect(
        try String(decoding: FileBytes.read("/proc/self/status"), as: UTF8.self).contains("Name:"))
    #endif
    #expect {
      try FileBytes.read(work.appendingPathComponent("missing").path)
    } throws: { error in
      (error as? CocoaError)?.code == .fileReadNoSuchFile
        && (error as? CocoaError)?.userInfo[NSFilePathErrorKey] as? String
          == work.appendingPathComponent("missing").path
    }
  }
}

@Suite("the zip entries' CRC-32")
struct CRC32Tests {
  @Test func knownAnswers() {
    #expect(CRC32.checksum([]) == 0)
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    #expect(
      CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
  }

  /// Every length around the 8-byte step, against the byte-wise definition.
  @Test func slicingAgreesWithTheBytewiseDefinitionAtEveryLength() {
    func bytewise(_ bytes: [UInt8]) -> UInt32 {
      var crc: UInt32 = 0xFFFF_FFFF
      for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
      }
      return crc ^ 0xFFFF_FFFF
    }
    var generator = SystemRandomNumberGenerator()
    for length in 0..<70 {
      let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
      #expect(CRC32.checksum(bytes) == bytewise(bytes), "length \(length)")
    }
  }
}
