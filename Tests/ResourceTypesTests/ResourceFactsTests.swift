import CloudFormation
import Testing

@testable import ResourceTypes

/// The facts a diff looks up by type name, with the corrections table applied.
@Suite struct ResourceFactsTests {
  @Test func everyTypeInTypesTxtHasFacts() throws {
    #expect(ResourceFacts.typeNames.count == 53)
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

  @Test func statefulTypesAreOneGeneratedList() throws {
    for type in StatefulTypes.losses.keys {
      let facts = try #require(ResourceFacts.for(type: type), "\(type) is not generated")
      #expect(facts.isStateful)
    }
    for type in ResourceFacts.typeNames {
      #expect(ResourceFacts.for(type: type)?.isStateful == StatefulTypes.contains(type))
    }
    #expect(!StatefulTypes.contains("AWS::SNS::Topic"))
  }

  @Test func customNamesComeFromTheIdentifierOrACorrection() throws {
    let expected: [String: [String]] = [
      "AWS::S3::Bucket": ["/properties/BucketName"],
      "AWS::DynamoDB::Table": ["/properties/TableName"],
      "AWS::Logs::LogGroup": ["/properties/LogGroupName"],
      "AWS::IAM::Role": ["/properties/RoleName"],
      "AWS::Lambda::Function": ["/properties/FunctionName"],
      "AWS::SQS::Queue": ["/properties/QueueName"],
      "AWS::SNS::Topic": ["/properties/TopicName"],
      "AWS::EC2::SecurityGroup": ["/properties/GroupName"],
      "AWS::StepFunctions::StateMachine": ["/properties/StateMachineName"],
      "AWS::Glue::Table": [
        "/properties/CatalogId", "/properties/DatabaseName", "/properties/Name",
      ],
      // Identified by a read-only id: a replacement gets a new one.
      "AWS::Athena::NamedQuery": [], "AWS::Lambda::Permission": [], "AWS::KMS::Key": [],
      "AWS::EC2::VPC": [], "AWS::Rekognition::Collection": ["/properties/CollectionId"],
    ]
    for (type, names) in expected {
      #expect(try #require(ResourceFacts.for(type: type)).customNamePaths == names, "\(type)")
    }
    // A correction only for a type whose schema does not derive the name already.
    for correction in ResourceFacts.corrections where correction.customNamePaths != nil {
      let schema = try #require(
        GeneratedResourceTypes.all.first { $0.typeName == correction.typeName }?.schemaFacts)
      #expect(schema.customNamePaths.isEmpty, "\(correction.typeName)")
      for path in correction.customNamePaths ?? [] {
        #expect(schema.createOnlyPaths.contains(path), "\(correction.typeName) \(path)")
      }
    }
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
