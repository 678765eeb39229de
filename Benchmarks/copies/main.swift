// facestack-copies N OUT.yaml: N copies of the face-recognition pipeline in one stack (each under
// its own construct and name prefix), built, synthesized (IAM validation included) and written
// as one YAML template. A benchmark, not a user-facing command: scripts/bench_cli.py times it as
// a process beside troposphere's `tropo_app.py -n N --mode single` (issue 20). Assets are named,
// not zipped, as the peers reference their code; CloudFormation's 500-resource quota is lifted.
import CloudFormation
import Constructs
import FaceRecognitionStack
import Foundation

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("facestack-copies: \(message)\n".utf8))
  exit(2)
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 2, let count = Int(arguments[0]), count > 0 else {
  fail("usage: facestack-copies N OUT.yaml (N > 0), got \(arguments)")
}
let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
do {
  let dev = try EnvironmentLoader.load(
    file: root.appendingPathComponent("stacks/environments/dev.yaml").path)
  let stack = Pipeline.copies(count, environment: dev)
  var synthesizer = Synthesizer(packager: NamedAssetPackager())
  synthesizer.enforceQuotas = false
  let result = try synthesizer.synthesize(stack)
  let yaml = try TemplateWriter.write(result.template, as: .yaml)
  try Data(yaml.utf8).write(
    to: URL(fileURLWithPath: arguments[1], relativeTo: root), options: .atomic)
  print("\(result.template.resources.count) resources, \(yaml.utf8.count) bytes")
} catch {
  fail("\(error)")
}
