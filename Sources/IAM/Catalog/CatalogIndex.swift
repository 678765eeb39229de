import Foundation

/// The JSON shape of `iam-catalog.index.json` (format 1), written by `scripts/update-iam-catalog`
/// beside the catalog: where each service's object lies in `iam-catalog.json`, as
/// `[offset, length]` in bytes, so a run reads and decodes only the services it uses.
struct CatalogIndex: Decodable {
  var format: Int
  /// The catalog's size in bytes, to tell a stale index from a current one without reading it.
  var catalogBytes: Int
  /// The range of the `globalConditionKeys` object.
  var globalConditionKeys: [Int]
  /// Each service's range, by prefix.
  var services: [String: [Int]]

  /// A byte range of the catalog, checked against the catalog's size.
  static func range(_ pair: [Int], of name: String, size: Int) throws -> Range<Int> {
    guard pair.count == 2, pair[0] >= 0, pair[1] > 0, pair[0] + pair[1] <= size else {
      throw CatalogError("the iam catalog index has a bad range for \(name): \(pair)")
    }
    return pair[0]..<(pair[0] + pair[1])
  }
}
