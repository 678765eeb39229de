import Testing
@testable import FacestackCLI
@Test func placeholder() { #expect(Bool(true)) }
