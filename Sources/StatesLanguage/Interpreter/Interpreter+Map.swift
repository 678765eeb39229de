import CloudFormation
import Foundation
import JSONPaths

extension Interpreter {
  /// Map (inline): each item of `ItemsPath` (through `ItemSelector`, with `$$.Map.Item`) runs
  /// the item processor; the result is the array of their outputs, in item order. A failing
  /// iteration fails the state with its error and stops the others.
  func runMap(
    _ map: MapState, state: StateDefinition, input: JSONDocument, scope: inout StateScope,
    cursor: inout Cursor
  ) async throws -> Outcome {
    let effective = try DataFlow.select(map.io.inputPath, in: input, context: contextObject(scope))
    var attempts = Array(repeating: 0, count: map.retriers.count)
    while true {
      let context = contextObject(scope)
      let items = try self.items(map, in: effective, context: context)
      let limit = try concurrency(map, in: effective, context: context)
      let started = await recorder.record(
        .mapStateStarted, .mapStateStarted(length: items.count), previous: cursor.last)
      cursor.last = started
      let progress = MapProgress(started: started)
      let currentScope = scope
      let outcomes = try await runAll(count: items.count, limit: limit) { index in
        try await self.iterate(
          map, state: state, index: index, item: items[index], input: effective,
          scope: currentScope, progress: progress)
      }
      if let (error, last) = Self.firstFailure(outcomes) {
        cursor.last = await recorder.record(.mapStateFailed, previous: last)
        switch try await recover(
          from: error, retriers: map.retriers, catchers: map.catchers, attempts: &attempts,
          scope: &scope, input: input)
        {
        case .retry?: continue
        case .caught(let output, let next)?: return Outcome(output: output, transition: .next(next))
        case nil: throw error
        }
      }
      let last = await progress.lastSucceeded ?? started
      await recorder.record(.mapStateSucceeded, previous: last)
      let results = JSONDocument.array(
        outcomes.compactMap { outcome -> JSONDocument? in
          if case .succeeded(let output, _)? = outcome { return output }
          return nil
        })
      let output = try await finish(map.io, result: results, input: input, context: context)
      return Outcome(output: output, transition: state.transition ?? .end, exitFollows: last)
    }
  }

  /// One iteration, between its `MapIterationStarted` and `MapIterationSucceeded`/`Failed`
  /// (or `Aborted` when a sibling's failure stops it).
  private func iterate(
    _ map: MapState, state: StateDefinition, index: Int, item: JSONDocument, input: JSONDocument,
    scope: StateScope, progress: MapProgress
  ) async throws -> BranchOutcome {
    let context = contextObject(scope, item: (index, item))
    let iterationInput: JSONDocument
    do {
      iterationInput =
        try await DataFlow.evaluate(
          map.itemSelector, input: input, context: context, random: random)
        ?? item
    } catch {
      return .failed(error, last: await progress.previous)
    }
    let started = await recorder.record(
      .mapIterationStarted, .mapIteration(name: state.name, index: index),
      previous: await progress.previous)
    var iterationCursor = Cursor(last: started)
    do {
      let output = try await runGraph(
        map.processor, input: iterationInput, cursor: &iterationCursor)
      let succeeded = await recorder.record(
        .mapIterationSucceeded, .mapIteration(name: state.name, index: index),
        previous: iterationCursor.last)
      await progress.finished(lastEvent: iterationCursor.last, succeeded: succeeded)
      return .succeeded(output, last: iterationCursor.last)
    } catch let error as StateError {
      await recorder.record(
        .mapIterationFailed, .mapIteration(name: state.name, index: index),
        previous: iterationCursor.last)
      return .failed(error, last: iterationCursor.last)
    } catch is CancellationError {
      await recorder.record(
        .mapIterationAborted, .mapIteration(name: state.name, index: index),
        previous: iterationCursor.last)
      throw CancellationError()
    }
  }

  private func items(_ map: MapState, in input: JSONDocument, context: JSONDocument)
    throws(StateError) -> [JSONDocument]
  {
    let value: JSONDocument
    do {
      value = try map.itemsPath.value(input: input, context: context)
    } catch {
      throw StateError.runtime("Invalid path '\(map.itemsPath.text)' : \(error.description)")
    }
    guard let items = value.elements else {
      throw StateError.runtime("Reference path \"\(map.itemsPath.text)\" must point to array.")
    }
    return items
  }

  private func concurrency(_ map: MapState, in input: JSONDocument, context: JSONDocument)
    throws(StateError) -> Int
  {
    let requested: Int
    switch map.maxConcurrency {
    case .fixed(let value): requested = value
    case .path(let path):
      guard let value = try? path.value(input: input, context: context) else {
        throw StateError.runtime("Invalid path '\(path.text)' : No results for path")
      }
      guard let number = value.integerValue, number >= 0 else {
        throw StateError.runtime(
          "The MaxConcurrencyPath field refers to value \"\(value.compactText)\" which is not a valid integer: \(path.text)"
        )
      }
      requested = number
    }
    return requested == 0 ? options.inlineMapConcurrencyLimit : requested
  }
}

/// Links iterations in the history as Step Functions does: an iteration's start follows the
/// last event of the previous finished iteration (the Map's start for the first), and the
/// Map's end follows the last `MapIterationSucceeded`.
actor MapProgress {
  private var lastInner: Int?
  private let started: Int
  private(set) var lastSucceeded: Int?

  init(started: Int) { self.started = started }

  var previous: Int { lastInner ?? started }

  func finished(lastEvent: Int, succeeded: Int) {
    lastInner = lastEvent
    lastSucceeded = max(lastSucceeded ?? 0, succeeded)
  }
}
