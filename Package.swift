// swift-tools-version:6.0
// The facestack package: one target per module of ../shared/DESIGN.md, each with its test target.
// Dependency direction: CloudFormation <- ResourceTypes <- IAM <- Constructs <- stacks;
// StackDiff <- CloudFormation, ResourceTypes, IAM; Deploy <- AWSClient, StackDiff; CLI <- all.
import PackageDescription

let package = Package(
  name: "facestack",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "facestack", targets: ["facestack"]),
    .library(name: "CloudFormation", targets: ["CloudFormation"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
  ],
  targets: [
    // libyaml from the system (Debian's libyaml-dev): the emitter writes short-form tags on
    // scalars, which Yams' emitter cannot.
    .systemLibrary(
      name: "CLibYAML",
      pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
    ),
    .target(name: "CloudFormation", dependencies: ["CLibYAML"]),
    .target(name: "ResourceTypes", dependencies: ["CloudFormation"]),
    .target(name: "StackDiff", dependencies: ["CloudFormation", "ResourceTypes"]),
    .target(
      name: "IAM",
      dependencies: ["CloudFormation"],
      exclude: ["README.md", "Resources/README.md"],
      resources: [
        .copy("Resources/iam-catalog.json"),
        .copy("Resources/iam-catalog.provenance.json"),
        .copy("Resources/boto3-iam-map.json"),
      ]
    ),
    .target(
      name: "Constructs",
      dependencies: [
        "CloudFormation", "ResourceTypes", "IAM", .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    // The face-recognition pipeline, written in the DSL; its handlers are Python beside it.
    .target(
      name: "FaceRecognitionStack",
      dependencies: ["Constructs"],
      path: "stacks/FaceRecognition",
      exclude: ["handlers"]
    ),
    .target(
      name: "AWSClient",
      dependencies: [.product(name: "Crypto", package: "swift-crypto")]
    ),
    // Bootstrap, assets, change sets, progress, safety gates and the local emulator.
    .target(
      name: "Deploy", dependencies: ["AWSClient", "CloudFormation", "StackDiff"]),
    .target(
      name: "FacestackCLI",
      dependencies: [
        "CloudFormation", "Constructs", "FaceRecognitionStack", "IAM", "StackDiff", "Deploy",
        "AWSClient",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(name: "facestack", dependencies: ["FacestackCLI"]),
    // The engines of the local run, pure and deterministic: JSONPath (shared), the Amazon States
    // Language interpreter, and EventBridge's event patterns and input transformers.
    .target(name: "JSONPaths", dependencies: ["CloudFormation"]),
    .target(name: "StatesLanguage", dependencies: ["CloudFormation", "JSONPaths"]),
    .target(name: "EventPatterns", dependencies: ["CloudFormation", "JSONPaths"]),
    // Reads Schemas/, writes Sources/ResourceTypes/Generated/; it does not depend on the module
    // it generates, so a broken generated module never stops the generator from building.
    .executableTarget(name: "generate-resources", dependencies: ["CloudFormation"]),
    .executableTarget(
      name: "facestack-benchmarks",
      dependencies: ["CloudFormation", "Constructs", "FaceRecognitionStack", "StackDiff"],
      path: "Benchmarks/facestack-benchmarks"
    ),
    .testTarget(
      name: "CloudFormationTests", dependencies: ["CloudFormation"], exclude: ["Fixtures"]),
    .testTarget(
      name: "ResourceTypesTests",
      dependencies: ["ResourceTypes", "CloudFormation", "generate-resources"]
    ),
    .testTarget(name: "IAMTests", dependencies: ["IAM", "CloudFormation"], exclude: ["Fixtures"]),
    .testTarget(
      name: "StackDiffTests",
      dependencies: ["StackDiff", "CloudFormation"],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "ConstructsTests",
      dependencies: ["Constructs", "FaceRecognitionStack", "ResourceTypes", "IAM"]
    ),
    .testTarget(
      name: "AWSClientTests",
      dependencies: ["AWSClient"],
      // AWS's SigV4 suite (Apache-2.0, LICENSE and NOTICE beside it) and recorded responses.
      resources: [.copy("Fixtures")]
    ),
    .testTarget(name: "FacestackCLITests", dependencies: ["FacestackCLI"]),
    .testTarget(
      name: "StatesLanguageTests", dependencies: ["StatesLanguage", "JSONPaths", "CloudFormation"]),
    .testTarget(
      name: "EventPatternsTests", dependencies: ["EventPatterns", "JSONPaths", "CloudFormation"]),
    .testTarget(
      name: "DeployTests", dependencies: ["Deploy", "AWSClient", "CloudFormation", "StackDiff"]),
  ]
)
