import Testing

@testable import CloudFormation

/// OrderedMap at every size, empty or built with room reserved: one map in insertion order.
@Suite struct OrderedMapTests {
  @Test func roomReservedChangesNothingButRoom() {
    var reserved = OrderedMap<Int>(minimumCapacity: 6)
    #expect(reserved.isEmpty && reserved == OrderedMap<Int>())
    for number in 0..<9 { reserved["k\(number)"] = number }
    var grown = OrderedMap<Int>()
    for number in 0..<9 { grown["k\(number)"] = number }
    #expect(reserved == grown)
    // A repeated key keeps its first position and its last value.
    let pairs = OrderedMap([("a", 1), ("b", 2), ("a", 3)])
    #expect(pairs.keys == ["a", "b"] && pairs["a"] == 3)
  }

  @Test(arguments: [3, 12, 13, 40])
  func insertionOrderLookupsReplacementAndRemovalAtEverySize(size: Int) {
    var map = OrderedMap<Int>()
    for number in 0..<size { map["k\(number)"] = number }
    #expect(map.keys == (0..<size).map { "k\($0)" })
    #expect(map.values == Array(0..<size))
    #expect((0..<size).allSatisfy { map["k\($0)"] == $0 })
    #expect(map["missing"] == nil && !map.contains("missing"))

    // Replacing keeps the position; removing closes the gap; re-adding goes to the end.
    map["k1"] = 100
    map["k0"] = nil
    map["k0"] = 0
    #expect(map.keys.first == "k1" && map.keys.last == "k0")
    #expect(map["k1"] == 100 && map["k0"] == 0 && map.count == size)
    for number in stride(from: 2, to: size, by: 2) { map["k\(number)"] = nil }
    #expect(map.keys == ["k1"] + stride(from: 3, to: size, by: 2).map { "k\($0)" } + ["k0"])
    #expect(map.keys.allSatisfy { map[$0] != nil })
    #expect(Array(map.map(\.key)) == map.keys)
  }

  @Test func equalityAndHashingFollowKeysInOrderWithTheirValues() {
    let pairs = (0..<20).map { ("k\($0)", $0) }
    let built = OrderedMap(pairs)
    var shrunk = OrderedMap(pairs + [("extra", 1)])
    shrunk["extra"] = nil
    #expect(built == shrunk && built.hashValue == shrunk.hashValue)
    #expect(OrderedMap(pairs.reversed()) != built)
    #expect(OrderedMap(pairs.reversed()).sortedByKey() == built.sortedByKey())
    let sorted = built.sortedByKey()
    #expect(sorted.keys == sorted.keys.sorted() && sorted["k7"] == 7)
    #expect(built.mapValues { $0 * 2 }["k19"] == 38)
  }
}

@Suite struct OrderedMapIterationTests {
  @Test func iterationYieldsEachPairInOrderOnceAndCopiesDoNotShareProgress() {
    var map: OrderedMap<Int> = ["b": 2, "a": 1, "c": 3]
    map["a"] = nil
    map["a"] = 10
    var iterator = map.makeIterator()
    let copy = iterator
    #expect(iterator.next()! == (key: "b", value: 2))
    #expect(iterator.next()! == (key: "c", value: 3))
    #expect(iterator.next()! == (key: "a", value: 10))
    #expect(iterator.next() == nil && iterator.next() == nil)
    var restarted = copy
    #expect(restarted.next()?.key == "b")
    #expect(Array(OrderedMap<Int>()).isEmpty)
  }
}
