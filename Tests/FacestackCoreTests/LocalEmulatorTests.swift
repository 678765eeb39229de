import Foundation
import Testing

@testable import FacestackCore

@Suite("local emulator")
struct LocalEmulatorTests {
  @Test func aStaleStateFileIsNotARunningEmulator() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "emulator-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let emulator = LocalEmulator(folder: folder)
    #expect(emulator.status() == nil)
    // Our own pid is alive but is not moto's server.
    let state = EmulatorState(
      pid: ProcessInfo.processInfo.processIdentifier, port: 1, python: "python3",
      version: LocalEmulator.motoVersion, startedAt: "2026-01-01T00:00:00Z")
    try JSONEncoder().encode(state).write(to: folder.appendingPathComponent("state.json"))
    #expect(emulator.status() == nil)
    #expect(!emulator.stop())
    #expect(
      !FileManager.default.fileExists(atPath: folder.appendingPathComponent("state.json").path))
  }
}
