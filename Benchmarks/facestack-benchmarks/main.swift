// facestack's benchmarks: run in release mode with
//   swift run -c release facestack-benchmarks            (every scenario)
//   swift run -c release facestack-benchmarks NAME...    (some scenarios)
// Each scenario runs in its own child process, so its peak memory (maximum resident set size)
// is its own.
import Foundation

let scenarios: [Scenario] =
  TemplateBenchmarks.scenarios + SynthBenchmarks.scenarios + DiffBenchmarks.scenarios

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--child", arguments.count == 2 {
  guard let scenario = scenarios.first(where: { $0.name == arguments[1] }) else {
    FileHandle.standardError.write(Data("unknown scenario \(arguments[1])\n".utf8))
    exit(2)
  }
  do {
    let result = try scenario.measure()
    print(result.summary(peakMemory: peakResidentBytes()))
  } catch {
    FileHandle.standardError.write(Data("\(scenario.name): \(error)\n".utf8))
    exit(1)
  }
  exit(0)
}

let chosen = arguments.isEmpty ? scenarios : scenarios.filter { arguments.contains($0.name) }
if chosen.count != max(arguments.count, arguments.isEmpty ? scenarios.count : 0) {
  let known = scenarios.map(\.name).joined(separator: ", ")
  FileHandle.standardError.write(Data("unknown scenario; known: \(known)\n".utf8))
  exit(2)
}
print(
  "scenario".padding(toLength: 34, withPad: " ", startingAt: 0)
    + "  median     min      peak RSS  detail")
var failed = false
for scenario in chosen {
  let child = Process()
  child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
  child.arguments = ["--child", scenario.name]
  let pipe = Pipe()
  child.standardOutput = pipe
  try child.run()
  let output = pipe.fileHandleForReading.readDataToEndOfFile()
  child.waitUntilExit()
  failed = failed || child.terminationStatus != 0
  print(String(decoding: output, as: UTF8.self), terminator: "")
}
exit(failed ? 1 : 0)
