import CloudFormation
import Foundation
import Testing

@testable import IAM

/// The bundled catalog's files.
private func bundledFiles() throws -> (catalog: URL, index: URL) {
  let catalog = try #require(Bundle.module.url(forResource: "iam-catalog", withExtension: "json"))
  let index = try #require(
    Bundle.module.url(forResource: "iam-catalog.index", withExtension: "json"))
  return (catalog, index)
}

/// The catalog as it was before the index: the whole file decoded at once.
private let eager = Result { try IAMCatalog(data: Data(contentsOf: bundledFiles().catalog)) }

@Suite struct LazyCatalogTests {
  @Test func everyServiceDecodesLazilyAsTheWholeFileDoes() throws {
    let eager = try eager.get()
    let files = try bundledFiles()
    let lazy = try IAMCatalog(catalog: files.catalog, index: files.index)
    #expect(lazy.servicePrefixes == eager.servicePrefixes)
    #expect(lazy.servicePrefixes.count > 400)
    #expect(lazy.globalConditionKeys == eager.globalConditionKeys)
    for prefix in eager.servicePrefixes {
      #expect(lazy.service(prefix) == eager.service(prefix), "\(prefix)")
    }
    #expect(lazy.services == eager.services)
  }

  @Test func onlyTheServicesAskedForAreDecoded() throws {
    let files = try bundledFiles()
    let lazy = try IAMCatalog(catalog: files.catalog, index: files.index)
    #expect(lazy.store.decodedPrefixes == [])
    #expect(lazy.action("s3:GetObject")?.accessLevel == .read)
    #expect(lazy.actions(matching: "dynamodb:Get*").map(\.name).contains("GetItem"))
    #expect(lazy.service("no-such-service") == nil)
    #expect(lazy.store.decodedPrefixes == ["dynamodb", "s3"])
    // A service wildcard decodes the services it matches, no others.
    _ = lazy.actions(matching: "rekognition*:Search*")
    #expect(lazy.store.decodedPrefixes == ["dynamodb", "rekognition", "s3"])
  }

  /// What synth and review ask the catalog: the same answers from both forms, for every action
  /// pattern and ARN the committed policies use.
  @Test func theCommittedPoliciesGetTheSameAnswers() throws {
    let eager = try eager.get()
    let lazy = try IAMCatalog.bundled()
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let policies = root.appendingPathComponent("policies/dev")
    var patterns: Set<String> = ["*", "s3:*", "*:Get*", "rekognition:Search*", "ec2:Describe*"]
    for name in try FileManager.default.contentsOfDirectory(atPath: policies.path) {
      let text = try String(contentsOf: policies.appendingPathComponent(name), encoding: .utf8)
      for match in text.matches(of: /"([a-z0-9-]+:[A-Za-z0-9*]+)"/) {
        patterns.insert(String(match.1))
      }
    }
    #expect(patterns.count > 20)
    for pattern in patterns.sorted() {
      let fromLazy = lazy.actions(matching: pattern)
      #expect(fromLazy == eager.actions(matching: pattern), "\(pattern)")
      for action in fromLazy.prefix(5) {
        #expect(lazy.resourceTypes(of: action) == eager.resourceTypes(of: action))
        #expect(
          lazy.isConditionKey("aws:SourceArn", validFor: action)
            == eager.isConditionKey("aws:SourceArn", validFor: action))
      }
    }
    for key in ["s3:prefix", "dynamodb:LeadingKeys", "aws:PrincipalTag/team", "ec2:Nope"] {
      #expect(lazy.isDefinedConditionKey(key) == eager.isDefinedConditionKey(key), "\(key)")
    }
  }

  @Test func aStaleIndexIsRefused() throws {
    let files = try bundledFiles()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "facestack-catalog-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let catalog = folder.appendingPathComponent("iam-catalog.json")
    try (Data(contentsOf: files.catalog) + Data("\n".utf8)).write(to: catalog)
    #expect {
      try IAMCatalog(catalog: catalog, index: files.index)
    } throws: { error in
      "\(error)".contains("the iam catalog index is stale")
    }
  }
}

/// The bundled files are found beside the running executable, without `Bundle.module`, and are
/// the same files `Bundle.module` finds.
@Test func bundledResourcesAreTheFilesBundleModuleFinds() throws {
  for (name, ext) in [
    ("iam-catalog", "json"), ("iam-catalog.index", "json"), ("boto3-iam-map", "json"),
  ] {
    let ours = try #require(BundledResource.url(name, ext))
    let bundle = try #require(Bundle.module.url(forResource: name, withExtension: ext))
    #expect(ours.resolvingSymlinksInPath().path == bundle.resolvingSymlinksInPath().path)
    #expect(ours.lastPathComponent == "\(name).\(ext)")
  }
  #expect(BundledResource.url("no-such-file", "json") == nil)
}

/// A service entry read straight from its JSON (what a run does for each service it uses)
/// names what is wrong with a broken one.
@Suite struct CatalogServiceJSONTests {
  func read(_ text: String) throws -> CatalogService {
    try CatalogService(prefix: "demo", json: JSONDocument.parse(text))
  }

  @Test func readsActionsResourcesAndConditionsAsTheDecoderDoes() throws {
    let text = """
      {"name":"Demo","actions":{"GetThing":{"a":"R","r":[{"t":"thing","q":true,"c":["demo:Tag"]},
      {"t":"other"}],"c":["aws:RequestTag"],"d":["demo:List"]},"ListThings":{"a":"L"}},
      "resources":{"thing":{"arn":"arn:${Partition}:demo:::thing/${Id}","c":["demo:Tag"]},
      "other":{"arn":"arn:${Partition}:demo:::other/${Id}"}},"conditions":{"demo:Tag":"String"}}
      """
    let service = try read(text)
    #expect(service.prefix == "demo" && service.name == "Demo")
    let get = try #require(service.action(named: "getthing"))
    #expect(get.name == "GetThing" && get.fullName == "demo:GetThing")
    #expect(get.accessLevel == .read)
    #expect(
      get.resourceTypes == [
        .init(name: "thing", required: true, conditionKeys: ["demo:Tag"]),
        .init(name: "other", required: false, conditionKeys: []),
      ])
    #expect(get.conditionKeys == ["aws:RequestTag"] && get.dependentActions == ["demo:List"])
    let list = try #require(service.action(named: "ListThings"))
    #expect(list.resourceTypes == [] && list.conditionKeys == [] && list.dependentActions == [])
    #expect(service.resourceTypes["thing"]?.conditionKeys == ["demo:Tag"])
    #expect(service.resourceTypes["other"]?.conditionKeys == [])
    #expect(service.conditionKeys == ["demo:Tag": "String"])
    // The eager path (`IAMCatalog(data:)`) decodes the same object with JSONDecoder.
    let entry = try JSONDecoder().decode(CatalogFile.ServiceEntry.self, from: Data(text.utf8))
    #expect(try CatalogService(prefix: "demo", entry: entry) == service)
  }

  @Test func brokenEntriesSayWhatIsWrong() throws {
    let cases: [(String, String)] = [
      (#"{"actions":{}}"#, "a service entry has no name or actions"),
      (#"{"name":"D","actions":{"A":{}}}"#, "action A has no access level"),
      (#"{"name":"D","actions":{"A":{"a":"X"}}}"#, "unknown access level 'X' of demo:A"),
      (#"{"name":"D","actions":{"A":{"a":"R","c":"k"}}}"#, "A.c is not a list"),
      (#"{"name":"D","actions":{"A":{"a":"R","d":[1]}}}"#, "A.d holds a non-string"),
      (
        #"{"name":"D","actions":{"A":{"a":"R","r":[{}]}}}"#,
        "action A has a resource without a type"
      ),
      (#"{"name":"D","actions":{},"resources":{"t":{}}}"#, "resource type t has no arn"),
      (#"{"name":"D","actions":{},"resources":[]}"#, "resources is not an object"),
      (#"{"name":"D","actions":{"A":{"a":"R","r":{}}}}"#, "action A's resources are not a list"),
      (#"{"name":"D","actions":{"A":{"a":"R","r":[{"t":"x","c":"k"}]}}}"#, "A.r.c is not a list"),
      (
        #"{"name":"D","actions":{},"resources":{"t":{"arn":"a","c":[true]}}}"#,
        "t.c holds a non-string"
      ),
      (#"{"name":"D","actions":{},"conditions":[]}"#, "conditions is not an object"),
      (#"{"name":"D","actions":{},"conditions":{"k":1}}"#, "conditions.k is not a string"),
      // A repeated key: the first one counts, as JSONDocument's subscript reads it.
      (#"{"name":"D","actions":{"A":{"a":"X","a":"R"}}}"#, "unknown access level 'X' of demo:A"),
    ]
    for (text, message) in cases {
      #expect(throws: CatalogError(message), "\(text)") { try read(text) }
    }
  }
}
