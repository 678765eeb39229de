import CloudFormation
import Testing

@testable import ResourceTypes

/// The facts a diff looks up by type name, with the corrections table applied.
@Suite struct ResourceFactsTests {
  @Test func everyTypeInTypesTxtHasFacts() throws {
    #expect(ResourceFacts.typeNames.count == 42)
    for name in ResourceFacts.typeNames {
      let facts = try #require(ResourceFacts.for(type: name))
      #expect(facts.typeName == name)
      #expect(!facts.primaryIdentifier.isEmpty, "\(name)")
    }
    #expect(ResourceFacts.for(type: "AWS::Nope::Nothing") == nil)
  }

  @Test func bucketFactsComeFromTheSchema() throws {
    let facts = try #require(ResourceFacts.for(type: "AWS::S3::Bucket"))
    #expect(facts.createOnlyPaths.contains("/properties/BucketName"))
    #expect(facts.primaryIdentifier == ["/properties/BucketName"])
    #expect(facts.readOnlyPaths.contains("/properties/Arn"))
    #expect(facts.isTaggable)
    #expect(facts.tagsPath == "/properties/Tags")
    #expect(facts.tagsFormat == .keyValueList)
    #expect(facts.isStateful)
    #expect(facts.replacement(forChangeAt: "/properties/BucketName") == .replaces)
    #expect(
      facts.replacement(forChangeAt: "/properties/VersioningConfiguration/Status")
        == .updatesInPlace)
  }

  @Test func replacementRulesCoverNestedPaths() throws {
    let glue = try #require(ResourceFacts.for(type: "AWS::Glue::Table"))
    #expect(glue.replacement(forChangeAt: "/properties/TableInput/Name") == .replaces)
    #expect(glue.replacement(forChangeAt: "/properties/TableInput/Description") == .updatesInPlace)
    #expect(
      glue.replacement(forChangeAt: ResourceFacts.schemaPath(["TableInput", "Name"])) == .replaces)
    #expect(ResourceFacts.schemaPath(["Tags", "0", "Key"]) == "/properties/Tags/0/Key")
    let rule = try #require(ResourceFacts.for(type: "AWS::Events::Rule"))
    #expect(rule.replacement(forChangeAt: "/properties/EventBusName") == .mayReplace)
    let function = try #require(ResourceFacts.for(type: "AWS::Lambda::Function"))
    #expect(function.writeOnlyPaths.contains("/properties/Code/ZipFile"))
  }

  @Test func listsThatCompareAsSetsAndJSONDocuments() throws {
    let role = try #require(ResourceFacts.for(type: "AWS::IAM::Role"))
    #expect(role.isUnorderedList(at: "/properties/ManagedPolicyArns"))
    #expect(role.isJSONDocument(at: "/properties/AssumeRolePolicyDocument"))
    #expect(role.isJSONDocument(at: "/properties/Policies/0/PolicyDocument"))
    let queue = try #require(ResourceFacts.for(type: "AWS::SQS::Queue"))
    #expect(queue.isJSONDocument(at: "/properties/RedrivePolicy"))
    #expect(queue.isUnorderedList(at: "/properties/Tags"))
    let machine = try #require(ResourceFacts.for(type: "AWS::StepFunctions::StateMachine"))
    #expect(machine.isJSONDocument(at: "/properties/Definition"))
  }

  @Test func kmsKeyCorrections() throws {
    let schema = KMSKey.schemaFacts
    #expect(schema.immutablePaths.isEmpty)
    let facts = try #require(ResourceFacts.for(type: "AWS::KMS::Key"))
    for property in ["KeySpec", "KeyUsage", "MultiRegion", "Origin"] {
      #expect(facts.replacement(forChangeAt: "/properties/\(property)") == .failsUpdate)
      #expect(!schema.createOnlyPaths.contains("/properties/\(property)"))
    }
    #expect(facts.replacement(forChangeAt: "/properties/Description") == .updatesInPlace)
    #expect(facts.isStateful)
    #expect(facts.corrections.count == 1)
  }

  @Test func rekognitionCollectionIsStateful() throws {
    #expect(!RekognitionCollection.schemaFacts.isStateful)
    let facts = try #require(ResourceFacts.for(type: "AWS::Rekognition::Collection"))
    #expect(facts.isStateful)
    #expect(facts.replacement(forChangeAt: "/properties/CollectionId") == .replaces)
  }

  @Test func dynamoDBKeySchemaAlwaysReplaces() throws {
    #expect(DynamoDBTable.schemaFacts.conditionalCreateOnlyPaths.contains("/properties/KeySchema"))
    let facts = try #require(ResourceFacts.for(type: "AWS::DynamoDB::Table"))
    #expect(facts.replacement(forChangeAt: "/properties/KeySchema") == .replaces)
    #expect(!facts.conditionalCreateOnlyPaths.contains("/properties/KeySchema"))
  }

  @Test func everyCorrectionNamesAGeneratedTypeAndChangesSomething() throws {
    for correction in ResourceFacts.corrections {
      let type = try #require(
        GeneratedResourceTypes.all.first { $0.typeName == correction.typeName },
        "\(correction.typeName) is not generated")
      var corrected = type.schemaFacts.corrected()
      corrected.corrections = []
      #expect(corrected != type.schemaFacts, "\(correction.typeName): the correction is a no-op")
    }
  }
}
