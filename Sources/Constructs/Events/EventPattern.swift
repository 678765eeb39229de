import CloudFormation

/// An EventBridge event pattern built from typed values.
///
/// ```swift
/// let pattern = EventPattern.objectCreated(in: images, prefix: "input/")
/// ```
public struct EventPattern: Sendable {
  /// The pattern as a template value.
  public var value: Value

  /// A pattern from a value.
  public init(_ value: Value) { self.value = value }

  /// S3 `Object Created` events of `bucket` for keys under `prefix` (the bucket must send its
  /// events to EventBridge).
  public static func objectCreated(in bucket: Bucket, prefix: String) -> EventPattern {
    EventPattern([
      "source": ["aws.s3"],
      "detail-type": ["Object Created"],
      "detail": [
        "bucket": ["name": [bucket.name]],
        "object": ["key": [["prefix": .string(prefix)]]],
      ],
    ])
  }
}

/// Reshapes an event into a target's input.
public struct InputTransformer: Sendable {
  /// JSONPaths into the event, by name.
  public var paths: OrderedMap<Value>
  /// The input, with `<name>` placeholders.
  public var template: String

  /// A transformer.
  public init(paths: OrderedMap<Value>, template: String) {
    self.paths = paths
    self.template = template
  }

  /// `{"bucket": ..., "key": ..., "version_id": ..., "event_id": ...}` from an S3 object event.
  public static let s3Object = InputTransformer(
    paths: [
      "bucket": "$.detail.bucket.name", "key": "$.detail.object.key",
      "version": "$.detail.object.version-id",
      "event": "$.id",
    ],
    template: #"{"bucket": <bucket>, "key": <key>, "version_id": <version>, "event_id": <event>}"#)
}
