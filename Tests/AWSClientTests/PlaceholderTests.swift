import Testing
@testable import AWSClient
@Test func placeholder() { #expect(Bool(true)) }
