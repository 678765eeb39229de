/// The longest common subsequence of two lists of keys, as the index pairs it matches.
enum LongestCommonSubsequence {
  /// Matched `(oldIndex, newIndex)` pairs in increasing order.
  static func pairs(_ old: [String], _ new: [String]) -> [(Int, Int)] {
    let rows = old.count + 1
    let columns = new.count + 1
    var lengths = [Int](repeating: 0, count: rows * columns)
    for i in stride(from: old.count - 1, through: 0, by: -1) {
      for j in stride(from: new.count - 1, through: 0, by: -1) {
        lengths[i * columns + j] =
          old[i] == new[j]
          ? lengths[(i + 1) * columns + j + 1] + 1
          : max(lengths[(i + 1) * columns + j], lengths[i * columns + j + 1])
      }
    }
    var result: [(Int, Int)] = []
    var i = 0
    var j = 0
    while i < old.count, j < new.count {
      if old[i] == new[j] {
        result.append((i, j))
        i += 1
        j += 1
      } else if lengths[(i + 1) * columns + j] >= lengths[i * columns + j + 1] {
        i += 1
      } else {
        j += 1
      }
    }
    return result
  }
}
