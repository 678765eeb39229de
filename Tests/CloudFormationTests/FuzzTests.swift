import Testing

@testable import CloudFormation

/// Mutated and truncated templates never crash the reader: each gives a template or an error.
@Test(arguments: fixtureFiles)
func mutatedTemplatesNeverCrashTheReader(file: String) throws {
  let original = try fixture(file)
  var random = SplitMix64(state: 0x00FA_CE57_ACC0 &+ UInt64(file.utf8.count))
  let interesting = Array("!&*[]{}:,-?|>'\"#%@`\t\n \\".utf8) + [0x00, 0xC3, 0xFF]
  var templates = 0
  var errors = 0
  for round in 0..<1_500 {
    var bytes = original
    switch round % 5 {
    case 0:
      bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
    case 1:
      for _ in 0..<Int.random(in: 1...8, using: &random) where !bytes.isEmpty {
        bytes[Int.random(in: 0..<bytes.count, using: &random)] =
          interesting.randomElement(using: &random) ?? 0
      }
    case 2:
      for _ in 0..<Int.random(in: 1...4, using: &random) {
        bytes.insert(
          interesting.randomElement(using: &random) ?? 0,
          at: Int.random(in: 0...bytes.count, using: &random))
      }
    case 3:
      if bytes.count > 2 {
        let start = Int.random(in: 0..<bytes.count - 1, using: &random)
        let end = Int.random(in: start...min(bytes.count, start + 200), using: &random)
        bytes.removeSubrange(start..<end)
      }
    default:
      if bytes.count > 2 {
        let start = Int.random(in: 0..<bytes.count - 1, using: &random)
        let length = Int.random(in: 1...min(300, bytes.count - start), using: &random)
        let chunk = bytes[start..<start + length]
        bytes.insert(contentsOf: chunk, at: Int.random(in: 0...bytes.count, using: &random))
      }
    }
    do {
      let template = try TemplateReader.read(bytes, file: "fuzz")
      _ = try TemplateWriter.write(template, as: .yaml)
      _ = try TemplateWriter.write(template, as: .json)
      templates += 1
    } catch is TemplateError {
      errors += 1
    }
  }
  #expect(templates + errors == 1_500)
  #expect(errors > 0)
}
