import ArgumentParser
import CloudFormation
import FacestackCore

/// `facestack fmt`: prints templates in facestack's canonical form, comments kept.
struct FmtCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fmt",
    abstract: "Print CloudFormation templates in facestack's canonical form.",
    discussion: """
      Reads YAML (long or short form) or JSON templates, with their transforms and macros, and \
      writes them with sections in CloudFormation's documented order, short-form intrinsics in \
      YAML, and strings quoted only where YAML would read them as something else. Each comment \
      stays on its node, above it or at the end of its line. The output format defaults to the \
      input's; JSON has no comments, so converting says on standard error how many were dropped.
      Without --write or --check, exactly one file is printed to standard output.
      Every file is checked before any is written: a file that cannot be read, or that breaks \
      CloudFormation's quotas (500 resources, 200 parameters/outputs/mappings, logical IDs, body \
      size), exits 2 and nothing is rewritten.
      """
  )

  @Argument(help: "Template files, YAML or JSON.")
  var files: [String]

  @Option(help: "Output format: yaml or json (default: the input's format).")
  var format: OutputFormat?

  @Flag(help: "Exit 1 and list the files whose canonical form differs; change nothing.")
  var check = false

  @Flag(help: "Rewrite the files in place, atomically, once every file has been checked.")
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
    var formatted: [(file: String, text: String, changed: Bool)] = []
    var problems: [String] = []
    for file in files {
      do {
        let bytes = try FileIO.read(file)
        let result = try TemplateFormatter.format(bytes, file: file, as: format?.templateFormat)
        if result.droppedComments > 0 {
          let noun = result.droppedComments == 1 ? "comment" : "comments"
          Console.diagnostic(
            "\(file): \(result.droppedComments) \(noun) dropped: JSON has no comments")
        }
        var brokenQuota = false
        for problem in TemplateLimits.check(result.template, bodySize: result.text.utf8.count) {
          var located = problem
          located.location = [file, problem.location].compactMap { $0 }.joined(separator: ": ")
          Console.diagnostic(located.description)
          brokenQuota = brokenQuota || problem.severity == .error
        }
        if brokenQuota { problems.append("\(file): breaks CloudFormation's quotas") }
        formatted.append((file, result.text, Array(result.text.utf8) != bytes))
      } catch let error as TemplateError {
        problems.append(error.description)
      } catch let error as TemplateWriteError {
        problems.append("\(file): \(error.description)")
      } catch let error as FacestackError {
        problems.append(error.message)
      }
    }
    // Nothing is written, printed or listed unless every file was read and fits the quotas.
    if let last = problems.last {
      for problem in problems.dropLast() { Console.error(problem) }
      let written = write ? "; no file was rewritten" : ""
      throw FacestackError.input(last + written)
    }
    if check {
      let changed = formatted.filter(\.changed)
      guard !changed.isEmpty else { return }
      for file in changed { Console.out("would reformat \(file.file)") }
      throw FacestackError.failed(
        "\(changed.count) of \(files.count) files are not in canonical form")
    }
    if write {
      for file in formatted where file.changed {
        try FileIO.writeAtomically(file.text, to: file.file)
      }
    } else if let only = formatted.first {
      Console.out(only.text, terminator: "")
    }
  }
}
