/// How error names match `ErrorEquals`.
public enum ErrorMatching {
  /// Whether a retrier or catcher with `errorEquals` handles `error`.
  ///
  /// `States.ALL` matches every error but `States.Runtime` and a state's
  /// `States.DataLimitExceeded`, which are terminal (they never reach a retrier or catcher);
  /// `States.TaskFailed` matches every error but the timeouts.
  public static func matches(_ errorEquals: [String], error: String) -> Bool {
    errorEquals.contains { name in
      switch name {
      case StatesErrorName.all: return true
      case StatesErrorName.taskFailed:
        return error != StatesErrorName.timeout && error != StatesErrorName.heartbeatTimeout
      case StatesErrorName.timeout:
        return error == StatesErrorName.timeout || error == StatesErrorName.heartbeatTimeout
      default: return name == error
      }
    }
  }

  static func errorEquals(_ reader: inout DefinitionReader) throws(DefinitionError) -> [String] {
    guard let value = reader.value("ErrorEquals") else {
      throw DefinitionError(
        .schemaValidationFailed, "The field 'ErrorEquals' should be non-null", at: reader.location)
    }
    guard let elements = value.elements, !elements.isEmpty,
      elements.allSatisfy({ $0.stringValue != nil })
    else {
      throw reader.error(
        "ErrorEquals", "The value for the field 'ErrorEquals' must be a non-empty array of strings")
    }
    let names = elements.compactMap(\.stringValue)
    if names.contains(StatesErrorName.all), names.count > 1 {
      throw reader.error("ErrorEquals", "Field 'States.ALL' must appear alone in 'ErrorEquals'")
    }
    return names
  }

  /// `States.ALL` must be in the last retrier or catcher.
  static func checkAllIsLast(_ lists: [[String]], field: String, at location: String)
    throws(DefinitionError)
  {
    for (index, names) in lists.enumerated()
    where names.contains(StatesErrorName.all) && index != lists.count - 1 {
      throw DefinitionError(
        .schemaValidationFailed,
        "'States.ALL' must appear in the last element of '\(field)'",
        at: "\(location)/\(field)/\(index)/ErrorEquals")
    }
  }
}
