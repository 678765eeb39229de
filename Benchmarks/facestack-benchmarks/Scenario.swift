import Foundation

/// One benchmark: a name and a body that is timed over several runs.
struct Scenario: Sendable {
  var name: String
  /// Runs before timing; returns a closure that does the measured work and a detail string.
  var setUp: @Sendable () throws -> (work: () throws -> Void, detail: String)
  var runs = 5

  func measure() throws -> Measurement {
    let (work, detail) = try setUp()
    try work()  // warm-up
    var times: [Double] = []
    for _ in 0..<runs {
      let start = DispatchTime.now().uptimeNanoseconds
      try work()
      times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    times.sort()
    return Measurement(
      name: name, medianMilliseconds: times[times.count / 2], minimumMilliseconds: times[0],
      detail: detail)
  }
}

struct Measurement {
  var name: String
  var medianMilliseconds: Double
  var minimumMilliseconds: Double
  var detail: String

  func summary(peakMemory: Int) -> String {
    let median = String(format: "%8.1f ms", medianMilliseconds)
    let minimum = String(format: "%8.1f ms", minimumMilliseconds)
    let memory = String(format: "%7.1f MiB", Double(peakMemory) / 1_048_576)
    return name.padding(toLength: 34, withPad: " ", startingAt: 0) + median + minimum + "  "
      + memory + "  " + detail
  }
}

/// The process's peak resident set size in bytes (Linux reports kilobytes).
func peakResidentBytes() -> Int {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  #if os(Linux)
    return usage.ru_maxrss * 1024
  #else
    return usage.ru_maxrss
  #endif
}
