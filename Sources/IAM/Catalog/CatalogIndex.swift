import CloudFormation
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

  /// The index from its JSON, read with CloudFormation's JSON parser (faster to start than
  /// `JSONDecoder`, issue 20).
  init(json: JSONDocument) throws {
    func int(_ value: JSONDocument?) -> Int? {
      if case .number(let text)? = value { return Int(text) }
      return nil
    }
    func pair(_ value: JSONDocument?, _ name: String) throws -> [Int] {
      guard let elements = value?.elements else {
        throw CatalogError("the iam catalog index has no range for \(name)")
      }
      return try elements.map {
        guard let number = int($0) else {
          throw CatalogError("the iam catalog index has a bad range for \(name)")
        }
        return number
      }
    }
    guard let format = int(json["format"]), let catalogBytes = int(json["catalogBytes"]),
      let services = json["services"]?.members
    else { throw CatalogError("the iam catalog index lacks format, catalogBytes or services") }
    self.format = format
    self.catalogBytes = catalogBytes
    self.globalConditionKeys = try pair(json["globalConditionKeys"], "globalConditionKeys")
    var ranges: [String: [Int]] = [:]
    for (prefix, value) in services { ranges[prefix] = try pair(value, prefix) }
    self.services = ranges
  }

  /// A byte range of the catalog, checked against the catalog's size.
  static func range(_ pair: [Int], of name: String, size: Int) throws -> Range<Int> {
    guard pair.count == 2, pair[0] >= 0, pair[1] > 0, pair[0] + pair[1] <= size else {
      throw CatalogError("the iam catalog index has a bad range for \(name): \(pair)")
    }
    return pair[0]..<(pair[0] + pair[1])
  }
}
