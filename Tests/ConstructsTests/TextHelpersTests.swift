import CloudFormation
import FaceRecognitionStack
import Foundation
import Testing

@testable import Constructs

/// The helpers that replaced Foundation's formatting and replacing on the synth path write
/// exactly what those wrote.
@Suite struct TextHelpersTests {
  @Test(arguments: [
    "", "plain", "${", "${AWS::Region}", "$${x}", "${!already}", "a$b{c}", "$", "{", "é${ü}",
    "${${",
  ])
  func escapingSubstitutionsAgreesWithReplacingOccurrences(text: String) {
    #expect(SubstitutionText.escaped(text) == text.replacingOccurrences(of: "${", with: "${!"))
  }

  /// Unlike `replacingOccurrences`, which compares characters, a `{` that a combining mark
  /// follows is escaped too: CloudFormation reads `${` as bytes.
  @Test func aBraceWithACombiningMarkIsEscapedToo() {
    #expect(SubstitutionText.escaped("${\u{301}x}") == "${!\u{301}x}")
  }

  @Test(arguments: [
    2, 1, 1.5, 0.25, 0.35, 0.45, 2.05, 2.25, 10, 123.45, 0, -0.0, -1.5, -0.04, -0.25,
    99_999_999_999_999.9, 1e15, .infinity,
  ])
  func oneDecimalAgreesWithFormat(rate: Double) {
    #expect(State.oneDecimal(rate) == String(format: "%.1f", rate))
  }

  @Test func oneDecimalAgreesWithFormatOnHundredthsAndThousandths() {
    let rates = (0...5_000).map { Double($0) / 100 } + (0...5_000).map { Double($0) / 1_000 }
    let differing = rates.filter { State.oneDecimal($0) != String(format: "%.1f", $0) }
    #expect(differing.isEmpty)
  }
}

/// The template synthesis writes once for its size quota is the one the outputs hold.
@Suite struct RenderedTemplateTests {
  @Test func theOutputsReuseTheQuotaCheckYAMLUntilTheTemplateChanges() throws {
    let environment = testEnvironment()
    var result = try Synthesizer(packager: FakePackager()).synthesize(
      FaceRecognitionStack.build(environment: environment))
    let written = try TemplateWriter.write(result.template, as: .yaml)
    #expect(result.templateYAML == written)
    let path = OutputFiles.templatePath(
      environment: result.environment, stack: result.stackName, format: .yaml)
    let files = try OutputFiles.render(
      result, environment: environment, stackName: "facestack-test", format: .yaml)
    #expect(files[path] == written)

    result.template.description = "changed"
    #expect(result.templateYAML == nil)
    let changed = try OutputFiles.render(
      result, environment: environment, stackName: "facestack-test", format: .yaml)
    #expect(changed[path]?.contains("changed") == true)
    #expect(changed[path] == (try TemplateWriter.write(result.template, as: .yaml)))
  }
}
