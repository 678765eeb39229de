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
    .target(name: "StackDiff", dependencies: ["CloudFormation"]),
    .target(
      name: "AWSClient",
      dependencies: [.product(name: "Crypto", package: "swift-crypto")]
    ),
    .target(
      name: "FacestackCLI",
      dependencies: [
        "CloudFormation",
        "StackDiff",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(name: "facestack", dependencies: ["FacestackCLI"]),
    .executableTarget(name: "generate-resources", dependencies: ["CloudFormation"]),
    .executableTarget(
      name: "facestack-benchmarks",
      dependencies: ["CloudFormation", "StackDiff"],
      path: "Benchmarks/facestack-benchmarks"
    ),
    .testTarget(name: "CloudFormationTests", dependencies: ["CloudFormation"]),
    .testTarget(name: "ResourceTypesTests", dependencies: ["ResourceTypes"]),
    .testTarget(
      name: "StackDiffTests",
      dependencies: ["StackDiff", "CloudFormation"],
      exclude: ["Fixtures"]
    ),
    .testTarget(name: "AWSClientTests", dependencies: ["AWSClient"]),
    .testTarget(name: "FacestackCLITests", dependencies: ["FacestackCLI"]),
  ]
)
