import CloudFormation

/// One finding of a synth-time schema check: where in the template, what, and how bad.
///
/// Named apart from `CloudFormation.Diagnostic`, into which `diagnostic(at:)` turns it. Its
/// description is the line synth prints:
/// `Resources.ImagesBucket.Properties.BucketName: "My_Bucket" does not match ^...$`.
public struct SchemaDiagnostic: Hashable, Sendable, CustomStringConvertible {
  /// How bad a finding is.
  public enum Severity: String, Hashable, Sendable {
    /// CloudFormation or the service would reject the template.
    case error
    /// Probably wrong, but AWS may accept it (a value the schema's enum does not list yet).
    case warning
  }

  /// Error or warning.
  public var severity: Severity
  /// The property path in the template: `Resources.Table.Properties.KeySchema[0].KeyType`.
  public var path: String
  /// Lowercase, no final period; shows the value and what was expected.
  public var message: String

  /// A finding.
  public init(severity: Severity = .error, path: String, message: String) {
    self.severity = severity
    self.path = path
    self.message = message
  }

  public var description: String { "\(path): \(message)" }
}

extension SchemaDiagnostic {
  /// The template model's diagnostic, with `location` (the stack source line, when known) and
  /// this finding's description as the message; warnings stay warnings.
  public func diagnostic(at location: String?) -> Diagnostic {
    Diagnostic(severity == .error ? .error : .warning, description, at: location)
  }
}
