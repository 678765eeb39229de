import AWSClient
import CloudFormation
import Crypto
import FaceRecognitionStack
import FacestackCore
import Foundation

/// Puts images into the environment's images bucket the way a camera would: under `input/`,
/// under `batch/` (the fleet's work queue, with routing `split`), or under `enroll/<person>/` to
/// enroll a face (`facestack local upload`).
///
/// ```swift
/// let upload = ImageUpload(aws: target.aws, bucket: try deployed.output("ImagesBucketName"))
/// let keys = try await upload.put(["photos/ana.jpg"], enrolling: "ana")
/// ```
public struct ImageUpload: Sendable {
  public var aws: AWSClient
  public var bucket: String

  public init(aws: AWSClient, bucket: String) {
    self.aws = aws
    self.bucket = bucket
  }

  /// Where an image goes.
  public enum Destination: Sendable, Equatable {
    /// `input/`: the pipeline's uploads (the Lambda path, or the fleet with routing `fleet`).
    case input
    /// `batch/`: bulk uploads (the fleet with routing `split`).
    case batch
    /// `enroll/<person>/`: the face joins the collection as `person`.
    case enroll(String)
  }

  /// The key `file` goes to under `destination`.
  public static func key(for file: String, to destination: Destination) -> String {
    let name = URL(fileURLWithPath: file).lastPathComponent
    switch destination {
    case .input: return Pipeline.inputPrefix + name
    case .batch: return Pipeline.batchPrefix + name
    case .enroll(let person): return Pipeline.enrollPrefix + person + "/" + name
    }
  }

  /// What happened to one file.
  public struct Uploaded: Sendable, Equatable {
    public var file: String
    public var key: String
    /// False when the object already had this content and `skippingUnchanged` was asked.
    public var sent: Bool
    /// When it was sent.
    public var time: Date
  }

  /// Checks every file and the person's name first (nothing is uploaded when one is wrong),
  /// then uploads them in order. With `skippingUnchanged`, a file whose object already holds
  /// the same bytes (its ETag is their MD5) is not sent again, as `aws s3 sync` does.
  public func put(_ files: [String], to destination: Destination, skippingUnchanged: Bool = false)
    async throws -> [Uploaded]
  {
    if case .enroll(let person) = destination { try Self.validate(person: person) }
    var bodies: [(file: String, data: Data)] = []
    for file in files {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
        throw FacestackError.input("\(file): no such file")
      }
      guard !isDirectory.boolValue else { throw FacestackError.input("\(file) is a directory") }
      guard let data = FileManager.default.contents(atPath: file) else {
        throw FacestackError.input("\(file) cannot be read")
      }
      bodies.append((file, data))
    }
    var uploaded: [Uploaded] = []
    for (file, data) in bodies {
      let key = Self.key(for: file, to: destination)
      do {
        if skippingUnchanged, let existing = try await aws.s3.headObject(bucket, key),
          existing.eTag == Hex.string(Insecure.MD5.hash(data: data))
        {
          uploaded.append(Uploaded(file: file, key: key, sent: false, time: Date()))
          continue
        }
        let time = Date()
        _ = try await aws.s3.putObject(
          PutObjectInput(
            bucket: bucket, key: key, body: data, contentType: Self.contentType(of: file)))
        uploaded.append(Uploaded(file: file, key: key, sent: true, time: time))
      } catch {
        throw FacestackError.from(cloud: error)
      }
    }
    return uploaded
  }

  /// Rekognition's `ExternalImageId` pattern: `[a-zA-Z0-9_.\-:]+`, at most 255 characters.
  static func validate(person: String) throws {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-:")
    guard !person.isEmpty, person.count <= 255, person.allSatisfy(allowed.contains) else {
      throw FacestackError.input(
        "--enroll \(person): a person's id is 1 to 255 letters, digits, '_', '.', '-' or ':' "
          + "(Rekognition's ExternalImageId)")
    }
  }

  /// The content type of an image file, by its extension.
  static func contentType(of file: String) -> String {
    switch URL(fileURLWithPath: file).pathExtension.lowercased() {
    case "jpg", "jpeg": return "image/jpeg"
    case "png": return "image/png"
    default: return "application/octet-stream"
    }
  }
}
