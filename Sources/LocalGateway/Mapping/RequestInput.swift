/// What a request's members are read from: the path's labels, the query, the headers, the
/// body as a tree.
struct RequestInput: Sendable {
  var labels: [String: String]
  var query: QueryItems
  var headers: [(name: String, value: String)]
  var body: InputNode

  /// The values of a template: one per combination of its references' values; nil when a
  /// required reference has no value. A template of one reference among literal text whose
  /// value is itself an ARN stands for that ARN (a `TableName` given as the table's ARN).
  func render(_ template: ValueTemplate, _ context: ARNContext) -> [String]? {
    var results = [""]
    let single = template.references.count == 1 && !template.isBareReference
    for piece in template.pieces {
      switch piece {
      case .literal(let text):
        results = results.map { $0 + text }
      case .context(let name):
        let value =
          name == "Partition"
          ? context.partition : name == "Region" ? context.region : context.account
        results = results.map { $0 + value }
      case .reference(let reference):
        let values = self.values(reference, context)
        if values.isEmpty {
          if reference.optional { continue }
          return nil
        }
        if single, values.allSatisfy({ $0.hasPrefix("arn:") }) { return values }
        results = results.flatMap { prefix in values.map { prefix + $0 } }
      }
    }
    return results
  }

  private func values(_ reference: ValueTemplate.Reference, _ context: ARNContext) -> [String] {
    let nodes: [InputNode]
    switch reference.location {
    case .uri(let name): nodes = labels[name].map { [.scalar($0)] } ?? []
    case .query(let name): nodes = query.items.filter { $0.name == name }.map { .scalar($0.value) }
    case .header(let name):
      nodes = headers.filter { $0.name.lowercased() == name }.map { .scalar($0.value) }
    case .body(let path): nodes = body.resolve(path)
    }
    guard let transform = reference.transform else {
      return nodes.compactMap { node in
        if let text = node.text { return text }
        return "present"  // a structure: stands for "the member is there" (`when`)
      }.filter { !$0.isEmpty }
    }
    return nodes.flatMap { transform.apply($0, context) }.filter { !$0.isEmpty }
  }
}
