import Foundation
import Testing

@testable import CloudFormation

@Suite struct HexTests {
  @Test func everyByteIsTwoLowerCaseDigitsAsFormatWritesThem() {
    let bytes = (0...255).map(UInt8.init)
    #expect(Hex.string(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
    #expect(Hex.string([0x0f, 0xa0, 0x00]) == "0fa000")
    #expect(Hex.string([UInt8]()) == "")
  }
}
