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
    // The local cloud's servers (facestack-local): HTTP, TLS and its certificate authority.
    .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.30.0"),
    .package(url: "https://github.com/apple/swift-certificates", from: "1.10.0"),
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
    // The one way to run other programs (git, python3, pip), for every module.
    .target(name: "Processes"),
    .target(name: "ResourceTypes", dependencies: ["CloudFormation"]),
    .target(name: "StackDiff", dependencies: ["CloudFormation", "ResourceTypes", "IAM"]),
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
        "CloudFormation", "ResourceTypes", "IAM", "Processes",
        .product(name: "Crypto", package: "swift-crypto"),
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
    // HTTP/1.1 server and client on SwiftNIO, TLS, and the local certificate authority: what the
    // local cloud's gateway and runtime serve and call with.
    .target(
      name: "LocalHTTP",
      dependencies: [
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    // The core library: workspace discovery, synthesis orchestration, review inputs, diff
    // sources, deploy targets and the local cloud's control. The CLI, the benchmarks and the
    // tests all call it.
    .target(
      name: "FacestackCore",
      dependencies: [
        "CloudFormation", "Constructs", "FaceRecognitionStack", "IAM", "StackDiff", "Deploy",
        "AWSClient", "Processes",
      ]
    ),
    // The commands: parse arguments, call the core, render.
    .target(
      name: "FacestackCLI",
      dependencies: [
        "FacestackCore", "CloudFormation", "Constructs", "IAM", "StackDiff", "Deploy", "AWSClient",
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
      dependencies: [
        "CloudFormation", "Constructs", "FaceRecognitionStack", "FacestackCore", "StackDiff",
        "Processes",
      ],
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
      dependencies: ["StackDiff", "CloudFormation", "IAM"],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "ConstructsTests",
      dependencies: ["Constructs", "FaceRecognitionStack", "ResourceTypes", "IAM", "Processes"]
    ),
    .testTarget(
      name: "AWSClientTests",
      dependencies: ["AWSClient"],
      // AWS's SigV4 suite (Apache-2.0, LICENSE and NOTICE beside it) and recorded responses.
      resources: [.copy("Fixtures")]
    ),
    .testTarget(name: "FacestackCLITests", dependencies: ["FacestackCLI", "FacestackCore"]),
    .testTarget(name: "LocalHTTPTests", dependencies: ["LocalHTTP"]),
    .testTarget(
      name: "FacestackCoreTests",
      dependencies: ["FacestackCore", "CloudFormation", "Deploy", "Processes", "Constructs"]),
    .testTarget(
      name: "StatesLanguageTests", dependencies: ["StatesLanguage", "JSONPaths", "CloudFormation"]),
    .testTarget(
      name: "EventPatternsTests", dependencies: ["EventPatterns", "JSONPaths", "CloudFormation"]),
    .testTarget(
      name: "DeployTests", dependencies: ["Deploy", "AWSClient", "CloudFormation", "StackDiff"]),
  ]
)
