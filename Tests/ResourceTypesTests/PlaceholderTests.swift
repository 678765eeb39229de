import Testing
@testable import ResourceTypes
@Test func placeholder() { #expect(Bool(true)) }
