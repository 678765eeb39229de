/// Lists in messages: sorted, de-duplicated, at most `limit` shown then "and N more".
enum ListText {
  static func brief(_ items: [String], limit: Int = 5) -> String {
    let sorted = Array(Set(items)).sorted()
    guard sorted.count > limit else { return sorted.joined(separator: ", ") }
    return sorted.prefix(limit).joined(separator: ", ") + " and \(sorted.count - limit) more"
  }
}

extension RoleContext {
  /// Grants grouped by statement, in statement order.
  func byStatement(_ grants: [Grant]) -> [(location: StatementLocation, actions: [String])] {
    var order: [StatementLocation] = []
    var actions: [StatementLocation: [String]] = [:]
    for grant in grants {
      let location = grant.statement.location
      if actions[location] == nil { order.append(location) }
      actions[location, default: []].append(grant.action.fullName)
    }
    return order.sorted().map { ($0, actions[$0] ?? []) }
  }
}
