// facestack's benchmarks: run in release mode with
//   swift run -c release --static-swift-stdlib facestack-benchmarks            (every scenario)
//   swift run -c release --static-swift-stdlib facestack-benchmarks NAME...    (some scenarios)
// Each scenario runs in its own child process, so its peak memory (maximum resident set size)
// is its own.
import Foundation
import Processes

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
  let child = try ProcessRunner.run([CommandLine.arguments[0], "--child", scenario.name])
  failed = failed || !child.succeeded
  FileHandle.standardError.write(Data(child.standardError))
  print(child.output, terminator: "")
}
exit(failed ? 1 : 0)
