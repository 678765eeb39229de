// facestack-floor: what a Swift process costs that only starts and prints a small YAML file.
// It links what `facestack synth` links for its work (Foundation, swift-crypto, libyaml through
// the CloudFormation module) and does a token of each: hashes its output and writes a
// one-resource template. scripts/bench_cli.py measures it beside facestack as a whole process;
// the issue states synth's goal as a ratio to it (issue 20).
import CloudFormation
import Crypto
import Foundation

let template = Template(
  description: "facestack-floor",
  resources: [
    "Bucket": Resource(
      type: "AWS::S3::Bucket",
      properties: ["BucketName": .string("facestack-floor")],
      deletionPolicy: .retain)
  ])
do {
  let yaml = try TemplateWriter.write(template, as: .yaml)
  let digest = SHA256.hash(data: Data(yaml.utf8)).map { String(format: "%02x", $0) }.joined()
  FileHandle.standardOutput.write(Data((yaml + "# sha256 \(digest)\n").utf8))
} catch {
  FileHandle.standardError.write(Data("facestack-floor: \(error)\n".utf8))
  exit(1)
}
