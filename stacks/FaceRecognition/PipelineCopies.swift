import CloudFormation
import Constructs

extension Pipeline {
  /// `count` copies of the pipeline in one stack, each under its own construct and name prefix
  /// (`fs0`, `fs1`, ...): what the synthesis benchmarks scale with.
  ///
  /// ```swift
  /// let stack = Pipeline.copies(10, environment: dev)
  /// var synthesizer = Synthesizer(packager: NamedAssetPackager())
  /// synthesizer.enforceQuotas = false
  /// ```
  public static func copies(_ count: Int, environment: Environment) -> Stack {
    let stack = Stack(name: "Copies", environment: environment)
    for index in 0..<count {
      var copy = environment
      copy.namePrefix = "fs\(index)"
      _ = Pipeline(Construct(stack, "Copy\(index)"), environment: copy)
    }
    return stack
  }
}

/// Names each asset by its name, without zipping: for benchmarks that measure synthesis alone,
/// as the peers reference their code.
public struct NamedAssetPackager: AssetPackaging {
  public init() {}

  public func package(_ asset: Asset) throws -> PackagedAsset {
    PackagedAsset(name: asset.name, sha256: asset.name, size: 0)
  }
}
