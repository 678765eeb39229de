import CloudFormation
import JSONPaths

/// A `Map` state in inline mode.
public struct MapState: Sendable, Equatable {
  /// `InputPath`, `Parameters` (the legacy name of `ItemSelector`), `ResultSelector`,
  /// `ResultPath`, `OutputPath`.
  public let io: InputOutput
  /// `ItemsPath`, `$` by default: the array to iterate, in the effective input.
  public let itemsPath: JSONPath
  /// `ItemSelector` (or legacy `Parameters`): each iteration's input, with `$$.Map.Item.Index`
  /// and `$$.Map.Item.Value`; the item itself when absent.
  public let itemSelector: PayloadTemplate?
  /// `ItemProcessor` (or legacy `Iterator`): the states run for each item.
  public let processor: StateGraph
  /// `MaxConcurrency` (0 means no limit) or `MaxConcurrencyPath`.
  public let maxConcurrency: Concurrency
  /// `Retry`.
  public let retriers: [Retrier]
  /// `Catch`.
  public let catchers: [Catcher]
  /// Distributed-mode features present in the definition (the execution fails on them).
  public let distributedFeatures: [String]

  /// `MaxConcurrency` or `MaxConcurrencyPath`.
  public enum Concurrency: Sendable, Equatable {
    /// At most this many iterations at once; 0 means no limit.
    case fixed(Int)
    /// A reference path to a non-negative integer in the effective input.
    case path(JSONPath)
  }

  init(_ reader: inout DefinitionReader, names: inout Set<String>) throws(DefinitionError) {
    var io = try InputOutput(&reader, parameters: true, resultSelector: true, resultPath: true)
    let legacyParameters = io.parameters
    io.parameters = nil
    self.io = io
    if let value = reader.value("ItemSelector") {
      guard legacyParameters == nil else {
        throw reader.error(
          "ItemSelector", "The fields 'ItemSelector' and 'Parameters' are mutually exclusive")
      }
      itemSelector = try PayloadTemplate(value, reader: reader, field: "ItemSelector")
    } else {
      itemSelector = legacyParameters
    }
    let itemsText = try reader.string("ItemsPath") ?? "$"
    itemsPath = try reader.referencePath(itemsText, field: "ItemsPath", allowContext: true)
    var distributed = reader.accept([
      "ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailurePercentage",
      "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath",
      "Label", "Items",
    ])
    let processorKey = reader.has("ItemProcessor") ? "ItemProcessor" : "Iterator"
    guard let processorDocument = reader.value(processorKey) else {
      throw DefinitionError(
        .schemaValidationFailed, "The field 'ItemProcessor' should be non-null", at: reader.location
      )
    }
    if let mode = processorDocument["ProcessorConfig"]?["Mode"]?.stringValue, mode != "INLINE" {
      distributed.append("ProcessorConfig.Mode \(mode) (Distributed Map)")
    }
    processor = try StateGraph(
      processorDocument, at: reader.pointer(processorKey), names: &names,
      extraFields: ["ProcessorConfig"])
    distributedFeatures = distributed
    let fixed = try reader.integer("MaxConcurrency", in: 0...Int(Int32.max))
    if let pathText = try reader.string("MaxConcurrencyPath") {
      guard fixed == nil else {
        throw reader.error(
          "MaxConcurrency",
          "The fields 'MaxConcurrency' and 'MaxConcurrencyPath' are mutually exclusive")
      }
      maxConcurrency = .path(try reader.referencePath(pathText, field: "MaxConcurrencyPath"))
    } else {
      maxConcurrency = .fixed(fixed ?? 0)
    }
    (retriers, catchers) = try TaskState.errorHandling(&reader)
  }
}
