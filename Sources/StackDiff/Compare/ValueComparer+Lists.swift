import CloudFormation

extension ValueComparer {
  /// Lists compared by position: equal elements anchor the alignment (a longest common
  /// subsequence), and the elements between two anchors pair up in order.
  mutating func compareLists(
    _ old: [Value], _ new: [Value], at path: PropertyPath, position: Position
  ) {
    let element = position.element
    if old.count == new.count || old.count * new.count > 250_000 {
      for index in 0..<max(old.count, new.count) {
        compare(
          index < old.count ? old[index] : nil, index < new.count ? new[index] : nil,
          at: path.appending(.index(index)), position: element)
      }
      return
    }
    let oldKeys = old.map { key($0, at: element, side: .old) }
    let newKeys = new.map { key($0, at: element, side: .new) }
    let anchors = LongestCommonSubsequence.pairs(oldKeys, newKeys) + [(old.count, new.count)]
    var oldStart = 0
    var newStart = 0
    for (oldAnchor, newAnchor) in anchors {
      compareGap(
        old, Array(oldStart..<oldAnchor), new, Array(newStart..<newAnchor), at: path,
        position: element)
      oldStart = oldAnchor + 1
      newStart = newAnchor + 1
    }
  }

  /// The elements between two anchors of an ordered list: those with the same identifying field
  /// (`Key`, `Id`, ...) pair up first, the rest in order; what is left was removed or added.
  private mutating func compareGap(
    _ old: [Value], _ oldIndexes: [Int], _ new: [Value], _ newIndexes: [Int], at path: PropertyPath,
    position: Position
  ) {
    var oldLeft = oldIndexes
    var newLeft = newIndexes
    var pairs: [(Int, Int)] = []
    for oldIndex in oldIndexes {
      guard let identity = Self.identity(of: old[oldIndex])?.component,
        let match = newLeft.firstIndex(where: { Self.identity(of: new[$0])?.component == identity })
      else { continue }
      pairs.append((oldIndex, newLeft.remove(at: match)))
      oldLeft.removeAll { $0 == oldIndex }
    }
    let positional = min(oldLeft.count, newLeft.count)
    pairs += zip(oldLeft.prefix(positional), newLeft.prefix(positional)).map { ($0, $1) }
    for (oldIndex, newIndex) in pairs.sorted(by: { $0.1 < $1.1 }) {
      compare(
        old[oldIndex], new[newIndex], at: path.appending(.index(newIndex)), position: position)
    }
    for oldIndex in oldLeft.dropFirst(positional) {
      record(path.appending(.index(oldIndex)), old[oldIndex], nil, position)
    }
    for newIndex in newLeft.dropFirst(positional) {
      record(path.appending(.index(newIndex)), nil, new[newIndex], position)
    }
  }

  /// Lists compared as multisets; members that only changed are matched by an identifying field
  /// (`Key`, `Name`, `Sid`, ...) and compared inside.
  mutating func compareSets(
    _ old: [Value], _ new: [Value], at path: PropertyPath, position: Position
  ) {
    let element = position.element
    var newCounts: [String: Int] = [:]
    for item in new { newCounts[key(item, at: element, side: .new), default: 0] += 1 }
    var oldCounts: [String: Int] = [:]
    for item in old { oldCounts[key(item, at: element, side: .old), default: 0] += 1 }
    var removed: [Value] = []
    for item in old {
      let itemKey = key(item, at: element, side: .old)
      if let count = newCounts[itemKey], count > 0 {
        newCounts[itemKey] = count - 1
      } else {
        removed.append(item)
      }
    }
    var added: [Value] = []
    for item in new {
      let itemKey = key(item, at: element, side: .new)
      if let count = oldCounts[itemKey], count > 0 {
        oldCounts[itemKey] = count - 1
      } else {
        added.append(item)
      }
    }
    var unmatchedAdded = added
    for item in removed {
      if let identity = Self.identity(of: item),
        let match = unmatchedAdded.firstIndex(where: {
          Self.identity(of: $0)?.component == identity.component
        })
      {
        let counterpart = unmatchedAdded.remove(at: match)
        compare(item, counterpart, at: path.appending(identity.component), position: element)
      } else {
        record(path.appending(Self.identity(of: item)?.component ?? .anyMember), item, nil, element)
      }
    }
    for item in unmatchedAdded {
      record(path.appending(Self.identity(of: item)?.component ?? .anyMember), nil, item, element)
    }
  }
}
