import AWSClient
import FaceRecognitionStack
import Foundation

/// Puts images into the environment's images bucket the way a camera would: under `input/`, or
/// under `enroll/<person>/` to enroll a face (`facestack local upload`).
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

  /// The key `file` goes to: `input/<file name>`, or `enroll/<person>/<file name>`.
  public static func key(for file: String, enrolling person: String?) -> String {
    let name = URL(fileURLWithPath: file).lastPathComponent
    if let person { return Pipeline.enrollPrefix + person + "/" + name }
    return Pipeline.inputPrefix + name
  }

  /// Checks every file and the person's name first (nothing is uploaded when one is wrong),
  /// then uploads them in order; returns the keys.
  public func put(_ files: [String], enrolling person: String?) async throws -> [String] {
    if let person { try Self.validate(person: person) }
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
    var keys: [String] = []
    for (file, data) in bodies {
      let key = Self.key(for: file, enrolling: person)
      do {
        _ = try await aws.s3.putObject(
          PutObjectInput(
            bucket: bucket, key: key, body: data, contentType: Self.contentType(of: file)))
      } catch {
        throw FacestackError.from(error)
      }
      keys.append(key)
    }
    return keys
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
