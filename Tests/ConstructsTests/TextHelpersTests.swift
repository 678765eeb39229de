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

  @Test(arguments: [2, 1, 1.5, 0.25, 0.35, 0.45, 2.05, 2.25, 10, 123.45, 0, -1.5, -0.04, -0.25])
  func oneDecimalAgreesWithFormat(rate: Double) {
    #expect(State.oneDecimal(rate) == String(format: "%.1f", rate))
  }

  @Test func oneDecimalAgreesWithFormatOnHundredthsAndThousandths() {
    let rates = (0...5_000).map { Double($0) / 100 } + (0...5_000).map { Double($0) / 1_000 }
    let differing = rates.filter { State.oneDecimal($0) != String(format: "%.1f", $0) }
    #expect(differing.isEmpty)
  }
}
