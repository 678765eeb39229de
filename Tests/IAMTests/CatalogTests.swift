import CloudFormation
import Foundation
import Testing

@testable import IAM

@Suite struct CatalogTests {
  @Test func lookups() throws {
    let catalog = try catalog()
    let getObject = try #require(catalog.action("S3:getobject"))
    #expect(getObject.fullName == "s3:GetObject")
    #expect(getObject.accessLevel == .read)
    #expect(catalog.resourceTypes(of: getObject).map(\.name) == ["accesspointobject", "object"])
    #expect(
      catalog.resourceTypes(of: getObject).last?.arnFormat
        == "arn:${Partition}:s3:::${BucketName}/${ObjectName}")
    #expect(catalog.action("iam:PassRole")?.accessLevel == .permissionsManagement)
    #expect(catalog.action("rekognition:DetectFaces")?.supportsResourceScoping == false)
    #expect(catalog.action("s3:NoSuchThing") == nil)
    #expect(
      catalog.isConditionKey(
        "iam:PassedToService", validFor: try #require(catalog.action("iam:PassRole"))))
    #expect(catalog.isGlobalConditionKey("aws:ResourceTag/Project"))
    #expect(!catalog.isGlobalConditionKey("aws:ResourceTag/"))
    #expect(catalog.isConditionKey("s3:ExistingObjectTag/owner", validFor: getObject))
  }

  @Test func decodedOnceAndSharedAcrossTasks() async throws {
    let counts = try await withThrowingTaskGroup(of: Int.self) { group in
      for _ in 0..<8 { group.addTask { try IAMCatalog.bundled().services.count } }
      return try await group.reduce(into: [Int]()) { $0.append($1) }
    }
    #expect(Set(counts).count == 1 && counts.count == 8)
    #expect(counts.first ?? 0 > 400)
  }

  @Test func wildcardPatterns() throws {
    let catalog = try catalog()
    let names = catalog.actions(matching: "rekognition:Search*").map(\.fullName)
    #expect(
      names.contains("rekognition:SearchFaces") && names.contains("rekognition:SearchFacesByImage"))
    #expect(names.allSatisfy { $0.hasPrefix("rekognition:Search") })
    #expect(catalog.actions(matching: "s3:Gett*").isEmpty)
    #expect(catalog.actions(matching: "dynamodb:?etItem").map(\.fullName) == ["dynamodb:GetItem"])
    #expect(catalog.actions(matching: "*").count > 10_000)
  }

  @Test func everyMappedBoto3ActionExistsInTheCatalog() throws {
    let catalog = try catalog()
    let map = try Boto3Map.bundled()
    var missing: [String] = []
    var count = 0
    for call in map.allCalls {
      for action in call.actions + call.conditionalActions {
        count += 1
        if catalog.action(action) == nil {
          missing.append("\(call.service).\(call.method): \(action)")
        }
      }
    }
    #expect(count > 500)
    #expect(missing == [])
    #expect(map.call(service: "s3", method: "list_objects_v2")?.actions == ["s3:ListBucket"])
    #expect(
      map.call(service: "dynamodb", method: "Table.put_item")?.actions == ["dynamodb:PutItem"])
  }

  /// Every `actions` / `conditional` list anywhere in the file (client, resource classes,
  /// collections, batch actions), read without the typed decoder.
  @Test func everyActionAnywhereInTheBoto3MapExists() throws {
    let catalog = try catalog()
    let data = try Data(contentsOf: boto3MapURL)
    var missing = Set<String>()
    var count = 0
    func walk(_ node: Any) {
      if let map = node as? [String: Any] {
        for (key, value) in map {
          if key == "actions" || key == "conditional", let list = value as? [String] {
            for action in list {
              count += 1
              if catalog.action(action) == nil { missing.insert(action) }
            }
          } else {
            walk(value)
          }
        }
      } else if let list = node as? [Any] {
        list.forEach(walk)
      }
    }
    walk(try JSONSerialization.jsonObject(with: data))
    #expect(count > 1000)
    #expect(missing.sorted() == [])
  }
}

/// The shortcuts the validator takes on every statement agree with what they replace.
@Suite struct CatalogShortcutTests {
  /// Every string of up to four characters over the characters that matter, and some longer.
  static let texts: [String] = {
    let alphabet: [String] = ["a", "$", "{", "}", "*", "?", "é"]
    var texts: [String] = [""]
    var layer: [String] = [""]
    for _ in 0..<4 {
      layer = layer.flatMap { prefix in alphabet.map { prefix + $0 } }
      texts += layer
    }
    return texts + [
      "s3:GetObject", "s3:Get*", "s3:Get?bject", "iam:${aws:username}", "a${b", "a$b{c}",
      "$${x}", "${}", "e\u{301}*", "$\u{301}{x}", "{$}",
    ]
  }()

  @Test func aWildcardIsFoundWithoutMakingTheGlob() {
    for text in Self.texts {
      #expect(Glob.hasWildcard(in: text) == Glob(text).hasWildcard, "\(text)")
      #expect(Glob.hasWildcard(in: text) == Glob(text, ignoringCase: true).hasWildcard, "\(text)")
    }
  }

  /// The matching the catalog did before condition keys were read once.
  static func previousMatch(_ catalogKey: String, _ key: String) -> Bool {
    let catalogKey = catalogKey.lowercased()
    let key = key.lowercased()
    let placeholder = catalogKey.range(of: "${") ?? catalogKey.range(of: "<")
    guard let placeholder else { return catalogKey == key }
    let prefix = catalogKey[..<placeholder.lowerBound]
    return key.hasPrefix(prefix) && key.count > prefix.count
  }

  @Test func conditionKeysMatchAsBefore() throws {
    let catalog = try catalog()
    var catalogKeys = Array(catalog.globalConditionKeys.keys)
    for prefix in ["s3", "dynamodb", "kms", "sqs", "lambda", "iam", "ec2"] {
      catalogKeys += try #require(catalog.service(prefix)).conditionKeys.keys
    }
    catalogKeys += ["a<b${c}", "x:${A}<b>", "k:<n>", "plain", "", "${}", "<"]
    #expect(catalogKeys.count > 400)
    var keys = [
      "aws:SourceArn", "AWS:SOURCEARN", "aws:RequestTag/Team", "aws:RequestTag/", "aws:requesttag",
      "s3:prefix", "s3:ExistingObjectTag/x", "kms:EncryptionContext:Purpose", "a", "ab", "x:",
      "x:z", "k:", "k:n", "plain", "", "é",
    ]
    keys += catalogKeys.prefix(80)
    for catalogKey in catalogKeys {
      for key in keys {
        #expect(
          IAMCatalog.conditionKey(catalogKey, matches: key)
            == Self.previousMatch(catalogKey, key), "\(catalogKey) ~ \(key)")
      }
    }
    #expect(catalog.isGlobalConditionKey("aws:RequestTag/Team"))
    #expect(catalog.isGlobalConditionKey("AWS:SourceArn"))
    #expect(!catalog.isGlobalConditionKey("aws:RequestTag/"))
    #expect(!catalog.isGlobalConditionKey("s3:prefix"))
  }
}
