import Testing
@testable import Constructs
@Test func placeholderConstructs() { #expect(Bool(true)) }
