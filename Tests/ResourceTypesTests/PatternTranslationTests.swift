import CloudFormation
import Foundation
import Testing

@testable import ResourceTypes

/// Schema patterns are ECMA-262; the generator and the synth-time checks translate them for ICU
/// with one function (`ICUPattern`, in the CloudFormation module); every pattern of the pinned
/// set compiling after it is proven by the full-set test.
@Suite struct PatternTranslationTests {
  @Test func patternTranslation() {
    let cases: [(String, String)] = [
      ("", "(?:)"),
      (#"^[a-z,. _\-:/()#,@[\]+=&;\{\}!$*]*$"#, #"^[a-z,. _\-:/()#,@\[\]+=&;\{\}!$*]*$"#),
      (#"^\{config\-name}$"#, #"^\{config\-name\}$"#),
      (#"^[a-z]{1,4}$"#, #"^[a-z]{1,4}$"#),
      (#"^(\/(?!\.)+[^/]+)$"#, #"^(\/(?!\.)[^/]+)$"#),
      (#"^\P{C}*$"#, #"^\P{C}*$"#),
      (#"[a&&b]"#, #"[a\&&b]"#),
    ]
    for (ecma, icu) in cases {
      #expect(ICUPattern.icu(ecma) == icu, "\(ecma)")
    }
  }
}
