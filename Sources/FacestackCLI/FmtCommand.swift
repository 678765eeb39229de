import ArgumentParser
import CloudFormation
import FacestackCore

/// `facestack fmt`: prints templates in facestack's canonical form.
struct FmtCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fmt",
    abstract: "Print CloudFormation templates in facestack's canonical form.",
    discussion: """
      Reads YAML (long or short form) or JSON templates and writes them with sections in \
      CloudFormation's documented order, short-form intrinsics in YAML, and strings quoted only \
      where YAML would read them as something else. The output format defaults to the input's.
      Without --write or --check, exactly one file is printed to standard output.
      CloudFormation's quotas (500 resources, 200 parameters/outputs/mappings, logical IDs, \
      body size) are reported on standard error; a broken quota exits 2.
      """
  )

  @Argument(help: "Template files, YAML or JSON.")
  var files: [String]

  @Option(help: "Output format: yaml or json (default: the input's format).")
  var format: OutputFormat?

  @Flag(help: "Exit 1 and list the files whose canonical form differs; change nothing.")
  var check = false

  @Flag(help: "Rewrite the files in place, atomically.")
  var write = false

  enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case yaml, json
    var templateFormat: TemplateFormat { self == .yaml ? .yaml : .json }
  }

  func validate() throws {
    if check && write { throw ValidationError("--check and --write cannot be used together") }
    if files.count > 1 && !check && !write {
      throw ValidationError("give one file to print, or use --write or --check for several")
    }
  }

  func run() throws {
    var changed: [String] = []
    var brokenQuota = false
    for file in files {
      let bytes = try FileIO.read(file)
      let template: Template
      do {
        template = try TemplateReader.read(bytes, file: file)
      } catch let error as TemplateError {
        throw FacestackError.input(error.description)
      }
      let outputFormat = format?.templateFormat ?? TemplateReader.detectFormat(bytes)
      let text = try TemplateWriter.write(template, as: outputFormat)
      for problem in TemplateLimits.check(template, bodySize: text.utf8.count) {
        var located = problem
        located.location = [file, problem.location].compactMap { $0 }.joined(separator: ": ")
        Console.diagnostic(located.description)
        brokenQuota = brokenQuota || problem.severity == .error
      }
      let isCanonical = Array(text.utf8) == bytes
      if check {
        if !isCanonical { changed.append(file) }
      } else if write {
        if !isCanonical { try FileIO.writeAtomically(text, to: file) }
      } else {
        Console.out(text, terminator: "")
      }
    }
    if brokenQuota { throw FacestackError.input("templates break CloudFormation's quotas") }
    if check && !changed.isEmpty {
      for file in changed { Console.out("would reformat \(file)") }
      throw FacestackError.failed(
        "\(changed.count) of \(files.count) files are not in canonical form")
    }
  }
}
