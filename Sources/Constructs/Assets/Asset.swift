/// A Lambda package: source folders copied into a zip, plus pinned dependencies installed for
/// the Lambda platform. Paths are relative to the repository's root, so packages do not depend
/// on where the checkout is.
///
/// ```swift
/// let detect = Asset(name: "detect", sources: [
///   .init(from: "stacks/FaceRecognition/handlers/detect", to: ""),
///   .init(from: "stacks/FaceRecognition/handlers/facecommon", to: "facecommon"),
/// ], requirements: "stacks/FaceRecognition/handlers/detect/requirements.txt")
/// ```
public struct Asset: Hashable, Sendable {
  /// One folder copied into the zip.
  public struct Source: Hashable, Sendable {
    /// The folder, relative to the repository's root.
    public var from: String
    /// Where its files go inside the zip (`""` for the root).
    public var to: String

    /// A folder and its place in the zip.
    public init(from: String, to: String) {
      self.from = from
      self.to = to
    }
  }

  /// A short name for messages and the manifest (`detect`).
  public var name: String
  /// The folders copied into the zip.
  public var sources: [Source]
  /// A pip requirements file of pinned dependencies, relative to the root.
  public var requirements: String?

  /// An asset.
  public init(name: String, sources: [Source], requirements: String? = nil) {
    self.name = name
    self.sources = sources
    self.requirements = requirements
  }
}

/// What packaging an asset produced: the zip's content hash names it in S3.
public struct PackagedAsset: Hashable, Sendable, Codable {
  /// The asset's name.
  public var name: String
  /// SHA-256 of the zip, hex.
  public var sha256: String
  /// The zip's size in bytes.
  public var size: Int
  /// A packaged asset.
  public init(name: String, sha256: String, size: Int) {
    self.name = name
    self.sha256 = sha256
    self.size = size
  }

  /// The S3 key in the assets bucket (`assets/<sha256>.zip`).
  public var key: String { "assets/\(sha256).zip" }
}

/// Turns assets into packages; the live implementation zips and installs dependencies, tests
/// use a fake.
public protocol AssetPackaging {
  /// The packaged asset, building it when its inputs changed.
  func package(_ asset: Asset) throws -> PackagedAsset
}
