/// Myers' shortest edit script ("An O(ND) Difference Algorithm and Its Variations", 1986): the
/// lines two texts keep in common, found in time proportional to their length times the number
/// of edits, so a long script with a few changed lines is quick.
///
/// ```swift
/// ShortestEditScript.pairs(["a", "b", "c"], ["a", "c"], maxEdits: 10)   // [(0, 0), (2, 1)]
/// ```
enum ShortestEditScript {
  /// The matched `(oldIndex, newIndex)` pairs in increasing order, or nil when more than
  /// `maxEdits` insertions and deletions are needed (the caller then treats the texts as
  /// replaced; memory grows with the square of the edits).
  static func pairs(_ old: [String], _ new: [String], maxEdits: Int) -> [(Int, Int)]? {
    let oldCount = old.count
    let newCount = new.count
    let offset = oldCount + newCount + 1
    // The furthest old index reached on each diagonal k = x - y, at offset + k.
    var furthest = [Int](repeating: 0, count: 2 * offset + 1)
    // Before each step d: the furthest points of diagonals -d...d.
    var trace: [[Int]] = []
    for edits in 0...min(oldCount + newCount, maxEdits) {
      trace.append(Array(furthest[(offset - edits)...(offset + edits)]))
      for diagonal in stride(from: -edits, through: edits, by: 2) {
        var x =
          diagonal == -edits
            || (diagonal != edits
              && furthest[offset + diagonal - 1] < furthest[offset + diagonal + 1])
          ? furthest[offset + diagonal + 1] : furthest[offset + diagonal - 1] + 1
        var y = x - diagonal
        while x < oldCount, y < newCount, old[x] == new[y] {
          x += 1
          y += 1
        }
        furthest[offset + diagonal] = x
        if x >= oldCount && y >= newCount {
          return backtrack(trace, to: edits, oldCount: oldCount, newCount: newCount)
        }
      }
    }
    return nil
  }

  /// The diagonal moves (kept lines) of the path that reached the end after `edits` steps.
  private static func backtrack(_ trace: [[Int]], to edits: Int, oldCount: Int, newCount: Int)
    -> [(Int, Int)]
  {
    var pairs: [(Int, Int)] = []
    var x = oldCount
    var y = newCount
    for step in stride(from: edits, to: 0, by: -1) {
      let before = trace[step]
      func reached(_ diagonal: Int) -> Int { before[diagonal + step] }
      let diagonal = x - y
      let previous =
        diagonal == -step || (diagonal != step && reached(diagonal - 1) < reached(diagonal + 1))
        ? diagonal + 1 : diagonal - 1
      let previousX = reached(previous)
      let previousY = previousX - previous
      while x > previousX && y > previousY {
        x -= 1
        y -= 1
        pairs.append((x, y))
      }
      x = previousX
      y = previousY
    }
    while x > 0 && y > 0 {
      x -= 1
      y -= 1
      pairs.append((x, y))
    }
    return pairs.reversed()
  }
}
