import CloudFormation
import Foundation
import JSONPaths

extension Interpreter {
  /// How one branch or iteration ended.
  enum BranchOutcome: Sendable {
    /// Its output, and its last event.
    case succeeded(JSONDocument, last: Int)
    /// Its error, and its last event.
    case failed(StateError, last: Int)
  }

  /// Parallel: every branch gets the effective input (after `Parameters`); the result is the
  /// array of their outputs. A failing branch fails the state with the branch's error and stops
  /// the others.
  func runParallel(
    _ parallel: ParallelState, state: StateDefinition, input: JSONDocument,
    scope: inout StateScope, cursor: inout Cursor
  ) async throws -> Outcome {
    let effective = try DataFlow.select(
      parallel.io.inputPath, in: input, context: contextObject(scope))
    var attempts = Array(repeating: 0, count: parallel.retriers.count)
    while true {
      let context = contextObject(scope)
      let branchInput =
        try await DataFlow.evaluate(
          parallel.io.parameters, input: effective, context: context, random: random)
        ?? effective
      let started = await recorder.record(.parallelStateStarted, previous: cursor.last)
      cursor.last = started
      let branches = parallel.branches
      let outcomes = try await runAll(count: branches.count, limit: branches.count) { index in
        var branchCursor = Cursor(last: started)
        do {
          let output = try await runGraph(
            branches[index], input: branchInput, cursor: &branchCursor)
          return .succeeded(output, last: branchCursor.last)
        } catch let error as StateError {
          return .failed(error, last: branchCursor.last)
        }
      }
      if let (error, last) = Self.firstFailure(outcomes) {
        cursor.last = await recorder.record(.parallelStateFailed, previous: last)
        switch try await recover(
          from: error, retriers: parallel.retriers, catchers: parallel.catchers,
          attempts: &attempts, scope: &scope, input: input)
        {
        case .retry?: continue
        case .caught(let output, let next)?: return Outcome(output: output, transition: .next(next))
        case nil: throw error
        }
      }
      let last =
        outcomes.compactMap { outcome -> Int? in
          if case .succeeded(_, let last)? = outcome { return last }
          return nil
        }.max() ?? started
      await recorder.record(.parallelStateSucceeded, previous: last)
      let results = JSONDocument.array(
        outcomes.compactMap { outcome -> JSONDocument? in
          if case .succeeded(let output, _)? = outcome { return output }
          return nil
        })
      let output = try await finish(
        parallel.io, result: results, input: input, context: context)
      return Outcome(output: output, transition: state.transition ?? .end, exitFollows: last)
    }
  }

  /// `ResultSelector`, `ResultPath`, `OutputPath` of a Parallel or Map state.
  func finish(
    _ io: InputOutput, result: JSONDocument, input: JSONDocument, context: JSONDocument
  ) async throws -> JSONDocument {
    let selected =
      try await DataFlow.evaluate(
        io.resultSelector, input: result, context: context, random: random)
      ?? result
    let merged = try ResultPathWriter.apply(io.resultPath, input: input, result: selected)
    return try DataFlow.select(io.outputPath, in: merged, context: context)
  }

  /// The first failure in order, when any.
  static func firstFailure(_ outcomes: [BranchOutcome?]) -> (StateError, Int)? {
    for outcome in outcomes {
      if case .failed(let error, let last)? = outcome { return (error, last) }
    }
    return nil
  }

  /// Runs `body` for `0..<count`, at most `limit` at once (one at a time, in order, when the
  /// options ask for sequential runs); after the first failure no new one starts and the
  /// running ones are cancelled. Those that never ran, or were cancelled, are `nil`.
  func runAll(
    count: Int, limit: Int,
    _ body: @escaping @Sendable (Int) async throws -> BranchOutcome
  ) async throws -> [BranchOutcome?] {
    var outcomes = [BranchOutcome?](repeating: nil, count: count)
    guard options.runsBranchesConcurrently, limit > 1 else {
      for index in 0..<count {
        let outcome = try await body(index)
        outcomes[index] = outcome
        if case .failed = outcome { break }
      }
      return outcomes
    }
    try await withThrowingTaskGroup(of: (Int, BranchOutcome?).self) { group in
      var next = 0
      func startNext() {
        let index = next
        next += 1
        group.addTask {
          do {
            return (index, try await body(index))
          } catch is CancellationError {
            return (index, nil)
          }
        }
      }
      while next < min(limit, count) { startNext() }
      while let (index, outcome) = try await group.next() {
        outcomes[index] = outcome
        if case .failed? = outcome {
          group.cancelAll()
          continue
        }
        if next < count, !group.isCancelled { startNext() }
      }
    }
    try Task.checkCancellation()
    return outcomes
  }
}
