import CloudFormation
import JSONPaths
import Testing

/// Step Functions developer guide, "Paths" (paths follow Jayway's JsonPath): the document's
/// reference path examples, and the forms `InputPath`, `OutputPath` and `.$` fields accept.
@Suite struct JSONPathTests {
  static let input = #"""
    {"foo": 123, "bar": ["a", "b", "c"], "car": {"cdr": true},
     "jar": [{"a": 1}, {"a": 5}, {"a": 2}, {"a": 7}, {"a": 3}]}
    """#

  func value(_ path: String, _ text: String = input) throws -> JSONDocument {
    try JSONPath(path).value(in: JSONDocument.parse(text))
  }

  /// "Reference paths": the document's four examples.
  @Test func documentExamples() throws {
    #expect(try value("$.foo") == .integer(123))
    #expect(try value("$.bar") == (try JSONDocument.parse(#"["a", "b", "c"]"#)))
    #expect(try value("$.car.cdr") == .bool(true))
    #expect(try value("$.jar[?(@.a >= 5)]") == (try JSONDocument.parse(#"[{"a": 5}, {"a": 7}]"#)))
    #expect(try JSONPath("$.car.cdr").isReferencePath)
    #expect(try !JSONPath("$.jar[?(@.a >= 5)]").isReferencePath)
  }

  /// Jayway's forms: brackets, indexes from the end, wildcards, slices, unions, deep scans,
  /// filters combined with `&&`, `||` and `!`; `@` never matches a scalar.
  @Test func jaywayForms() throws {
    #expect(try value("$['car']['cdr']") == .bool(true))
    #expect(try value("$.bar[-1]") == .string("c"))
    #expect(try value("$.bar[*]") == (try JSONDocument.parse(#"["a", "b", "c"]"#)))
    #expect(try value("$.bar[0:2]") == (try JSONDocument.parse(#"["a", "b"]"#)))
    #expect(try value("$.bar[0,2]") == (try JSONDocument.parse(#"["a", "c"]"#)))
    #expect(try value("$.jar[*].a") == (try JSONDocument.parse("[1, 5, 2, 7, 3]")))
    #expect(try value("$..a") == (try JSONDocument.parse("[1, 5, 2, 7, 3]")))
    #expect(try value("$.jar[?(@.a > 1 && @.a < 5)].a") == (try JSONDocument.parse("[2, 3]")))
    #expect(try value("$.jar[?(@.a == 1 || !(@.a < 7))].a") == (try JSONDocument.parse("[1, 7]")))
    #expect(try value("$.bar[?(@ == 'a')]") == .array([]))
    #expect(
      try value("$.detail.object.version-id", #"{"detail": {"object": {"version-id": "v"}}}"#)
        == .string("v"))
  }

  /// A definite path that selects nothing names the step, as Jayway (and Step Functions) do.
  @Test func missingValues() throws {
    #expect(throws: JSONPathError.noResults(path: "$.car.nope", normalized: "$['car']['nope']")) {
      try value("$.car.nope")
    }
    #expect(throws: JSONPathError.missingProperty(path: "$.no.such", normalized: "$['no']")) {
      try value("$.no.such")
    }
    #expect(throws: JSONPathError.self) { try JSONPath("foo") }
    #expect(throws: JSONPathError.self) { try JSONPath("$.bar.length()") }
  }
}
