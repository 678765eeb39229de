import Foundation

/// An AWS partition (`aws`, `aws-cn`, `aws-us-gov`, ...) and its regions, from the endpoints
/// data botocore ships (`Generated/AWSPartitions.swift`, written by `scripts/update-regions`).
///
/// ```swift
/// AWSPartition.of(region: "eu-west-1")?.id        // "aws"
/// AWSPartition.check(region: "us-esat-1")
/// // "must be a region of the aws partition (AWS Standard), got 'us-esat-1'; did you mean us-east-1?"
/// ```
public struct AWSPartition: Hashable, Sendable {
  /// The partition's id, as in ARNs (`aws`, `aws-cn`).
  public var id: String
  /// Its name (`AWS Standard`).
  public var name: String
  /// The pattern its region names follow (botocore's `regionRegex`).
  public var regionPattern: String
  /// Its regions, with their names (`us-east-1`: `US East (N. Virginia)`).
  public var regions: [String: String]

  /// The partition that has `region`, or nil when no partition has it.
  public static func of(region: String) -> AWSPartition? {
    all.first { $0.regions[region] != nil }
  }

  /// Why `region` is not a region of its partition (the partition whose pattern it follows),
  /// with a suggestion when one is close; nil when it is one.
  public static func check(region: String) -> String? {
    guard of(region: region) == nil else { return nil }
    guard
      let partition = all.first(where: {
        region.range(of: $0.regionPattern, options: .regularExpression) != nil
      })
    else {
      return "must be a region of an AWS partition (\(all.map(\.id).joined(separator: ", "))) "
        + "such as us-east-1, got '\(region)'"
    }
    var message =
      "must be a region of the \(partition.id) partition (\(partition.name)), got '\(region)'"
    let closest = partition.regions.keys.sorted().map { ($0, distance($0, region)) }
      .min { $0.1 < $1.1 }
    if let closest, closest.1 <= 3 {
      message += "; did you mean \(closest.0)?"
    } else {
      message += "; its regions: \(partition.regions.keys.sorted().joined(separator: ", "))"
    }
    return message
  }

  /// The edit distance between two names (insertions, deletions, substitutions and swaps of
  /// neighbours, each 1), for suggestions.
  static func distance(_ left: String, _ right: String) -> Int {
    let a = Array(left)
    let b = Array(right)
    guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { table[i][0] = i }
    for j in 0...b.count { table[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
        }
      }
    }
    return table[a.count][b.count]
  }
}
