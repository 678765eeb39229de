/// What a template's `Transform` lets it contain beyond CloudFormation's own syntax.
///
/// Without a transform the reader is strict, so a typo (`Propertes`) is an error with its line. A
/// transform relaxes only what it reads: `AWS::LanguageExtensions` allows `Fn::ForEach` loops,
/// functions in `DeletionPolicy` and `Fn::FindInMap` defaults; SAM its `Globals` section and the
/// `Connectors` and `IgnoreGlobals` attributes; `AWS::CodeDeployBlueGreen` its `Hooks` section. A
/// macro of the account (or `AWS::Include`) may read any key, so under one every key the model
/// does not know, and every entry it cannot type, is kept as data.
struct TransformSupport {
  /// The transform names, in order.
  var names: [String]

  static let languageExtensions = "AWS::LanguageExtensions"
  static let serverless = "AWS::Serverless-2016-10-31"
  static let blueGreen = "AWS::CodeDeployBlueGreen"
  /// AWS's transforms that read known syntax only (`AWS::Include` inserts anything, like a macro).
  static let knownSyntax: Set<String> = [
    languageExtensions, serverless, blueGreen, "AWS::SecretsManager-2020-07-23",
  ]

  /// The support of a template whose `Transform` is `transform` (a name, a `{Name: ...}` map, or
  /// a list of them).
  init(transform: Value?) {
    func name(_ value: Value) -> String? {
      if case .string(let name) = value { return name }
      if case .string(let name)? = value["Name"] { return name }
      return nil
    }
    switch transform {
    case nil: names = []
    case .list(let list)?: names = list.map { name($0) ?? "" }
    case let value?: names = [name(value) ?? ""]
    }
  }

  /// `AWS::LanguageExtensions` is declared.
  var hasLanguageExtensions: Bool { names.contains(Self.languageExtensions) }

  /// A transform that may read any key is declared: a macro, or `AWS::Include`.
  var hasMacro: Bool { names.contains { !Self.knownSyntax.contains($0) } }

  /// Whether a top-level section the model does not know is allowed.
  func allowsSection(_ key: String) -> Bool {
    hasMacro || (key == "Globals" && names.contains(Self.serverless))
      || (key == "Hooks" && names.contains(Self.blueGreen))
  }

  /// Whether a resource attribute the model does not type is allowed. `Version` (an attribute
  /// from CloudFormation's first template format) and `Fn::Transform` always are.
  func allowsResourceAttribute(_ key: String) -> Bool {
    key == "Version" || key == "Fn::Transform" || hasMacro
      || (["Connectors", "IgnoreGlobals"].contains(key) && names.contains(Self.serverless))
  }
}
