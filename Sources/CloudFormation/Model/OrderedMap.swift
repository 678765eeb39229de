/// A map with `String` keys that remembers the order in which keys were inserted.
///
/// Templates are written in a fixed order, so every map in the model keeps its order:
///
/// ```swift
/// var tags: OrderedMap<Value> = ["Project": "facestack"]
/// tags["Stage"] = "dev"
/// tags.keys  // ["Project", "Stage"]
/// ```
///
/// Two maps are equal when they hold the same keys in the same order with equal values.
public struct OrderedMap<Element> {
  /// The keys in insertion order.
  public private(set) var keys: [String]
  private var storage: [String: Element]

  /// An empty map.
  public init() {
    keys = []
    storage = [:]
  }

  /// An empty map with room for `minimumCapacity` keys (a map that grows from empty reallocates
  /// and rehashes at 1, 2, 4 ... keys; a synth builds thousands of small maps, issue 20).
  public init(minimumCapacity: Int) {
    keys = []
    keys.reserveCapacity(minimumCapacity)
    storage = Dictionary(minimumCapacity: minimumCapacity)
  }

  /// A map holding `pairs` in their order; a repeated key keeps its first position and last value.
  public init<S: Sequence>(_ pairs: S) where S.Element == (String, Element) {
    self.init(minimumCapacity: pairs.underestimatedCount)
    for (key, value) in pairs { self[key] = value }
  }

  /// The value for `key`; assigning `nil` removes the key.
  public subscript(key: String) -> Element? {
    get { storage[key] }
    set {
      if let newValue {
        if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
      } else if storage.removeValue(forKey: key) != nil {
        keys.removeAll { $0 == key }
      }
    }
  }

  /// The number of entries.
  public var count: Int { keys.count }
  /// Whether the map has no entries.
  public var isEmpty: Bool { keys.isEmpty }
  /// The values in key order.
  public var values: [Element] { keys.compactMap { storage[$0] } }

  /// Whether `key` is present.
  public func contains(_ key: String) -> Bool { storage[key] != nil }

  /// A map with the same keys and transformed values.
  public func mapValues<T>(_ transform: (Element) throws -> T) rethrows -> OrderedMap<T> {
    var result = OrderedMap<T>()
    for key in keys {
      if let value = storage[key] { result[key] = try transform(value) }
    }
    return result
  }

  /// A copy with the keys sorted by `areInIncreasingOrder` (by default, lexicographically).
  public func sortedByKey(by areInIncreasingOrder: (String, String) -> Bool = (<)) -> OrderedMap {
    var copy = self
    copy.keys.sort(by: areInIncreasingOrder)
    return copy
  }
}

extension OrderedMap: Sequence {
  /// Iterates the `(key, value)` pairs in order.
  public func makeIterator() -> OrderedMapIterator<Element> {
    OrderedMapIterator(keys: keys, storage: storage)
  }
}

/// The iterator of an ``OrderedMap``'s `(key, value)` pairs in order. A struct of its own, not
/// an `AnyIterator`: that boxed a closure for every loop and called through it for every pair.
public struct OrderedMapIterator<Stored>: IteratorProtocol {
  let keys: [String]
  let storage: [String: Stored]
  var index = 0

  /// The next pair.
  public mutating func next() -> (key: String, value: Stored)? {
    while index < keys.count {
      let key = keys[index]
      index += 1
      if let value = storage[key] { return (key, value) }
    }
    return nil
  }
}

extension OrderedMap: ExpressibleByDictionaryLiteral {
  public init(dictionaryLiteral elements: (String, Element)...) {
    self.init(elements)
  }
}

extension OrderedMap: Equatable where Element: Equatable {
  public static func == (lhs: OrderedMap, rhs: OrderedMap) -> Bool {
    lhs.keys == rhs.keys && lhs.storage == rhs.storage
  }
}

extension OrderedMap: Hashable where Element: Hashable {
  public func hash(into hasher: inout Hasher) {
    hasher.combine(keys)
    for key in keys { hasher.combine(storage[key]) }
  }
}

extension OrderedMap: Sendable where Element: Sendable {}

extension OrderedMap: Encodable where Element: Encodable {
  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: DynamicKey.self)
    for (key, value) in self { try container.encode(value, forKey: DynamicKey(key)) }
  }
}

extension OrderedMap: Decodable where Element: Decodable {
  /// Decoding keeps the decoder's key order, which Foundation's JSON decoder does not promise;
  /// facestack's own readers keep the order of the file.
  public init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: DynamicKey.self)
    self.init()
    for key in container.allKeys {
      self[key.stringValue] = try container.decode(Element.self, forKey: key)
    }
  }
}

/// A coding key for maps whose keys are data.
struct DynamicKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(_ string: String) { stringValue = string }
  init?(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}
