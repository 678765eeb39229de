import CloudFormation
import Foundation

/// The bootstrap stack: the bucket that holds Lambda packages and large templates. Encrypted,
/// versioned, public access blocked, reachable only over TLS, and retained when the stack is
/// deleted (a deployed function's code lives there).
///
/// ```swift
/// let template = BootstrapTemplate.template(namePrefix: "facestack-dev", tags: ["Project": "x"])
/// let name = BootstrapTemplate.stackName(namePrefix: "facestack-dev")  // facestack-dev-bootstrap
/// ```
public enum BootstrapTemplate {
  /// The logical id of the bucket.
  public static let bucketLogicalID = "AssetsBucket"
  /// The output holding the bucket's name.
  public static let bucketOutput = "AssetsBucketName"

  /// `<namePrefix>-bootstrap`.
  public static func stackName(namePrefix: String) -> String { "\(namePrefix)-bootstrap" }

  /// The export name of the bucket (`<namePrefix>-assets-bucket`).
  public static func exportName(namePrefix: String) -> String { "\(namePrefix)-assets-bucket" }

  /// The template. The bucket's name carries the account and region, as bucket names are
  /// global.
  public static func template(namePrefix: String, tags: [String: String]) -> Template {
    let bucketARN: Value = .getAtt(bucketLogicalID, "Arn")
    let objectsARN: Value = .join("", [bucketARN, "/*"])
    let tagList: [Value] = tags.keys.sorted().map { key in
      ["Key": .string(key), "Value": .string(tags[key] ?? "")]
    }
    let bucket = Resource(
      type: "AWS::S3::Bucket",
      properties: [
        "BucketName": .sub("\(namePrefix)-assets-${AWS::AccountId}-${AWS::Region}"),
        "BucketEncryption": [
          "ServerSideEncryptionConfiguration": [
            ["ServerSideEncryptionByDefault": ["SSEAlgorithm": "AES256"], "BucketKeyEnabled": true]
          ]
        ],
        "VersioningConfiguration": ["Status": "Enabled"],
        "PublicAccessBlockConfiguration": [
          "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true,
          "RestrictPublicBuckets": true,
        ],
        "OwnershipControls": ["Rules": [["ObjectOwnership": "BucketOwnerEnforced"]]],
        "LifecycleConfiguration": [
          "Rules": [
            [
              "Id": "expire-noncurrent-versions", "Status": "Enabled",
              "NoncurrentVersionExpiration": ["NoncurrentDays": 30],
              "AbortIncompleteMultipartUpload": ["DaysAfterInitiation": 7],
            ]
          ]
        ],
        "Tags": .list(tagList),
      ],
      deletionPolicy: .retain, updateReplacePolicy: .retain)
    let policy = Resource(
      type: "AWS::S3::BucketPolicy",
      properties: [
        "Bucket": .ref(bucketLogicalID),
        "PolicyDocument": [
          "Version": "2012-10-17",
          "Statement": [
            [
              "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*",
              "Action": "s3:*", "Resource": [bucketARN, objectsARN],
              "Condition": ["Bool": ["aws:SecureTransport": "false"]],
            ]
          ],
        ],
      ])
    return Template(
      description:
        "facestack bootstrap (\(namePrefix)): the assets bucket for Lambda packages and templates",
      resources: [bucketLogicalID: bucket, "AssetsBucketPolicy": policy],
      outputs: [
        bucketOutput: Output(
          value: .ref(bucketLogicalID), description: "the assets bucket",
          exportName: .string(exportName(namePrefix: namePrefix)))
      ])
  }
}
