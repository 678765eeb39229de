import CloudFormation
import JSONPaths
import StatesLanguage
import Testing

/// Step Functions developer guide, "Intrinsic functions for JSONPath states": each function's
/// documented example, plus its edge cases.
@Suite struct IntrinsicFunctionTests {
  /// The value of `"value.$": <expression>` in a Pass state's `Parameters`.
  func evaluate(_ expression: String, _ input: String = "{}", seed: UInt64 = 7) async throws
    -> ExecutionResult
  {
    let escaped = expression.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
      of: "\"", with: "\\\"")
    return try await execute(
      machine(
        #"{"Type": "Pass", "Parameters": {"value.$": "\#(escaped)"}, "OutputPath": "$.value", "End": true}"#
      ),
      input: input, seed: seed)
  }

  func value(_ expression: String, _ input: String = "{}") async throws -> JSONDocument? {
    let result = try await evaluate(expression, input)
    if result.status != .succeeded { Issue.record("\(result.error ?? "") \(result.cause ?? "")") }
    return result.output
  }

  func failure(_ expression: String, _ input: String = "{}") async throws -> String? {
    let result = try await evaluate(expression, input)
    #expect(result.status == .failed)
    return result.error
  }

  /// "States.Format": literal and path templates, and values as Step Functions writes them.
  @Test func format() async throws {
    let input = #"{"name": "Arnav", "template": "Hello, my name is {}."}"#
    #expect(
      try await value("States.Format('Hello, my name is {}.', $.name)", input)
        == .string("Hello, my name is Arnav."))
    #expect(
      try await value("States.Format($.template, $.name)", input)
        == .string("Hello, my name is Arnav."))
    #expect(try await value(#"States.Format('\{\} {}', $.n)"#, #"{"n": 1.1}"#) == .string("{} 1.1"))
    #expect(
      try await value(
        "States.Format('{} {}', $.a, $.b)", #"{"a": null, "b": {"Arg1": 1, "Arg2": []}}"#)
        == .string("null {Arg1=1, Arg2=[]}"))
    #expect(try await value(#"States.Format('it\'s {}', 'ok')"#) == .string("it's ok"))
    #expect(try await failure("States.Format('{} {}', 'one')") == "States.IntrinsicFailure")
  }

  /// "States.StringToJson" and "States.JsonToString".
  @Test func jsonManipulation() async throws {
    #expect(
      try await value(
        "States.StringToJson($.escapedJsonString)", #"{"escapedJsonString": "{\"foo\": \"bar\"}"}"#)
        == (try json(#"{"foo": "bar"}"#)))
    #expect(try await value("States.StringToJson($.s)", #"{"s": ""}"#) == .null)
    #expect(try await value("States.StringToJson($.s)", #"{"s": "-0"}"#) == .integer(0))
    #expect(
      try await value(
        "States.JsonToString($.unescapedJson)", #"{"unescapedJson": {"foo": "bar", "n": [1, 2]}}"#)
        == .string(#"{"foo":"bar","n":[1,2]}"#))
    #expect(
      try await failure("States.StringToJson($.s)", #"{"s": "{not json"}"#)
        == "States.IntrinsicFailure")
  }

  /// "States.JsonMerge": shallow merge, the second object wins.
  @Test func jsonMerge() async throws {
    let input =
      #"{"json1": {"a": {"a1": 1, "a2": 2}, "b": 2}, "json2": {"a": {"a3": 1, "a4": 2}, "c": 3}}"#
    #expect(
      try await value("States.JsonMerge($.json1, $.json2, false)", input)
        == (try json(#"{"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3}"#)))
    #expect(
      try await failure("States.JsonMerge($.json1, $.json2, true)", input)
        == "States.IntrinsicFailure")
  }

  /// "States.Array", "States.ArrayPartition", "States.ArrayContains", "States.ArrayRange",
  /// "States.ArrayGetItem", "States.ArrayLength", "States.ArrayUnique".
  @Test func arrays() async throws {
    #expect(
      try await value(
        "States.Array('Foo', 2022, $.someJson, null)", #"{"someJson": {"random": "abcdefg"}}"#)
        == (try json(#"["Foo", 2022, {"random": "abcdefg"}, null]"#)))
    #expect(try await value("States.Array()") == .array([]))
    let numbers = #"{"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "lookingFor": 5}"#
    #expect(
      try await value("States.ArrayPartition($.inputArray, 4)", numbers)
        == (try json("[[1,2,3,4], [5,6,7,8], [9]]")))
    #expect(
      try await value("States.ArrayContains($.inputArray, $.lookingFor)", numbers) == .bool(true))
    #expect(
      try await value(
        "States.ArrayContains($.a, $.b)", #"{"a": [{"1": 2, "2": []}], "b": {"2": [], "1": 2}}"#)
        == .bool(true))
    #expect(try await value("States.ArrayRange(1, 9, 2)") == (try json("[1, 3, 5, 7, 9]")))
    #expect(try await value("States.ArrayRange(0, 10, 3)") == (try json("[0, 3, 6, 9]")))
    #expect(try await failure("States.ArrayRange(1, 2000, 1)") == "States.IntrinsicFailure")
    #expect(try await failure("States.ArrayRange(1, 9, 0)") == "States.IntrinsicFailure")
    #expect(
      try await value(
        "States.ArrayGetItem($.inputArray, $.index)",
        #"{"inputArray": [1,2,3,4,5,6,7,8,9], "index": 5}"#)
        == .integer(6))
    #expect(
      try await failure("States.ArrayGetItem($.inputArray, 9)", numbers)
        == "States.IntrinsicFailure")
    #expect(try await value("States.ArrayLength($.inputArray)", numbers) == .integer(9))
    #expect(
      try await value("States.ArrayUnique($.inputArray)", #"{"inputArray": [1,2,3,3,3,3,3,3,4]}"#)
        == (try json("[1,2,3,4]")))
    #expect(
      try await value(
        "States.ArrayUnique($.a)", #"{"a": [null, null, 1, 1.0, "1", {"a": 1}, {"a": 1}]}"#)
        == (try json(#"[null, 1, "1", {"a": 1}]"#)))
  }

  /// "States.Base64Encode", "States.Base64Decode".
  @Test func base64() async throws {
    #expect(
      try await value("States.Base64Encode($.input)", #"{"input": "Data to encode"}"#)
        == .string("RGF0YSB0byBlbmNvZGU="))
    #expect(
      try await value("States.Base64Decode($.base64)", #"{"base64": "RGF0YSB0byBlbmNvZGU="}"#)
        == .string("Data to encode"))
    #expect(try await value("States.Base64Encode('')") == .string(""))
    #expect(try await failure("States.Base64Decode('%%%')") == "States.IntrinsicFailure")
  }

  /// "States.Hash", every algorithm (Step Functions' outputs for "input data").
  @Test(arguments: [
    ("MD5", "812f45842bc6d66ee14572ce20db8e86"),
    ("SHA-1", "aaff4a450a104cd177d28d18d74485e8cae074b7"),
    ("SHA-256", "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"),
    (
      "SHA-384",
      "d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562"
    ),
    (
      "SHA-512",
      "6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4"
    ),
  ])
  func hash(algorithm: String, digest: String) async throws {
    let input = #"{"Data": "input data", "Algorithm": "\#(algorithm)"}"#
    #expect(try await value("States.Hash($.Data, $.Algorithm)", input) == .string(digest))
  }

  /// Digests of longer messages (several blocks): the NIST two-block example.
  @Test func hashOfLongerMessages() async throws {
    let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
    #expect(
      try await value("States.Hash($.m, 'SHA-256')", #"{"m": "\#(message)"}"#)
        == .string("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"))
    #expect(
      try await value("States.Hash($.m, 'SHA-1')", #"{"m": "\#(message)"}"#)
        == .string("84983e441c3bd26ebaae4aa1f95129e5e54670f1"))
    #expect(
      try await value("States.Hash('', 'MD5')") == .string("d41d8cd98f00b204e9800998ecf8427e"))
    #expect(try await failure("States.Hash('x', 'SHA-3')") == "States.IntrinsicFailure")
  }

  /// "States.MathRandom": within the bounds; with a seed, the same number every time.
  @Test func mathRandom() async throws {
    for seed in 1...5 as ClosedRange<UInt64> {
      let result = try await evaluate(
        "States.MathRandom($.start, $.end)", #"{"start": 1, "end": 999}"#, seed: seed)
      let number = try #require(result.output?.integerValue)
      #expect((1...999).contains(number))
    }
    let first = try await value("States.MathRandom(1, 999, 1234)")
    let again = try await value("States.MathRandom(1, 999, 1234)")
    #expect(first == again)
  }

  /// "States.MathAdd": arguments rounded as Java's `Math.round`, then added.
  @Test func mathAdd() async throws {
    #expect(
      try await value("States.MathAdd($.value1, $.step)", #"{"value1": 111, "step": -1}"#)
        == .integer(110))
    #expect(try await value("States.MathAdd(1.5, 1.51)") == .integer(4))
    #expect(try await value("States.MathAdd(-1.5, 0)") == .integer(-1))
    #expect(try await value("States.MathAdd(-2.5, 0)") == .integer(-2))
    #expect(try await failure("States.MathAdd('1', 2)") == "States.IntrinsicFailure")
  }

  /// "States.StringSplit": any of the delimiter characters; empty pieces dropped.
  @Test func stringSplit() async throws {
    #expect(
      try await value(
        "States.StringSplit($.inputString, $.splitter)",
        #"{"inputString": "1,2,3,4,5", "splitter": ","}"#)
        == (try json(#"["1","2","3","4","5"]"#)))
    #expect(
      try await value("States.StringSplit($.s, '.+,=')", #"{"s": "This.is+a,test=string"}"#)
        == (try json(#"["This", "is", "a", "test", "string"]"#)))
    #expect(try await value("States.StringSplit(', , ,', ',')") == (try json(#"[" ", " "]"#)))
  }

  /// "States.UUID": a version 4 UUID, from the execution's random source.
  @Test func uuid() async throws {
    let text = try #require(try await value("States.UUID()")?.stringValue)
    let parts = text.split(separator: "-").map(\.count)
    #expect(parts == [8, 4, 4, 4, 12])
    #expect(Array(text)[14] == "4")
    #expect("89ab".contains(Array(text)[19]))
  }

  /// Nested calls (up to 10), and the context object as an argument.
  @Test func nestedCalls() async throws {
    let input =
      #"{"ImageRecipe": {"Arn": "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/recipe.name/1.0.0"}}"#
    let expression =
      "States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1), 'x')"
    #expect(try await value(expression, input) == .string("1.0.x"))
    #expect(
      try await value("States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 0)")
        == .string("test"))
  }
}
