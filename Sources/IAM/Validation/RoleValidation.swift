import CloudFormation

extension PolicyValidator {
  /// Every synth-time diagnostic of a role: each statement of its policies and of its trust
  /// policy, then its policy sizes.
  ///
  /// `location` maps a statement to where it was written (the grant's stack source line);
  /// `roleLocation` is where the role was declared, used for sizes and for statements
  /// `location` does not know.
  ///
  /// ```swift
  /// let diagnostics = validator.validate(role, roleLocation: "Stack.swift:40") { statement in
  ///   grantLines[statement]   // e.g. "stacks/FaceRecognition/Stack.swift:57"
  /// }
  /// ```
  public func validate(
    _ role: Role, roleLocation: String?, location: (StatementLocation) -> String? = { _ in nil }
  ) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    for located in role.trustStatements + role.statements {
      diagnostics += validate(
        located.statement, location: location(located.location) ?? roleLocation)
    }
    return diagnostics + PolicySizeCheck.check(role, location: roleLocation)
  }
}
