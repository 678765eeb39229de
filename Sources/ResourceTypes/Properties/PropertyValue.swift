import CloudFormation

/// A value that can stand in a resource's `Properties`: it lowers into the template model.
///
/// The generated structs and enums conform, and so do `String`, `Int`, `Double`, `Bool`,
/// `Value` (free-form JSON), arrays and string-keyed dictionaries of `Field`s.
public protocol PropertyValue: Sendable {
  /// The value in the template model.
  func lowered() -> Value
}

/// A generated struct for an object in a schema (a resource's properties or a nested type).
public protocol PropertyObject: PropertyValue {
  /// The set properties, in CloudFormation's spelling, in alphabetical (schema file) order.
  func loweredProperties() -> OrderedMap<Value>
}

extension PropertyObject {
  public func lowered() -> Value { .map(loweredProperties()) }
}

/// A generated enum of the values a schema lists, with an `other(String)` case for values AWS
/// adds later (synth reports those as warnings, not errors).
public protocol PropertyEnum: PropertyValue, Hashable, RawRepresentable, ExpressibleByStringLiteral
where RawValue == String, StringLiteralType == String {
  init(rawValue: String)
}

extension PropertyEnum {
  public init(stringLiteral value: String) { self.init(rawValue: value) }
  public func lowered() -> Value { .string(rawValue) }
}

extension String: PropertyValue {
  public func lowered() -> Value { .string(self) }
}

extension Int: PropertyValue {
  public func lowered() -> Value { .number(Number(self)) }
}

extension Double: PropertyValue {
  public func lowered() -> Value { .number(Number(self)) }
}

extension Bool: PropertyValue {
  public func lowered() -> Value { .bool(self) }
}

extension Value: PropertyValue {
  public func lowered() -> Value { self }
}

extension Array: PropertyValue where Element: PropertyValue {
  public func lowered() -> Value { .list(map { $0.lowered() }) }
}

extension Dictionary: PropertyValue where Key == String, Value: PropertyValue {
  /// Keys in sorted order, so the same dictionary always lowers the same way.
  public func lowered() -> CloudFormation.Value {
    .map(OrderedMap(keys.sorted().compactMap { key in self[key].map { (key, $0.lowered()) } }))
  }
}

/// Collects a struct's set properties in order; the generated `loweredProperties()` uses it.
public struct PropertyList {
  /// The properties added so far.
  public private(set) var map = OrderedMap<Value>()

  /// An empty list.
  public init() {}

  /// Adds `key` when `field` is set.
  public mutating func add<T: PropertyValue>(_ key: String, _ field: Field<T>?) {
    if let field { map[key] = field.lowered() }
  }
}
