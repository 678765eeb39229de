import CloudFormation
import StackDiff

/// The change report (issue 7): two generated 500-resource templates that differ in 10% of their
/// resources (in-place updates, replacements, IAM statements, additions and removals).
enum DiffBenchmarks {
  static let scenarios: [Scenario] = [
    Scenario(name: "diff-500-resources 10%") {
      let (old, new) = pair(resources: 500, changedEvery: 10)
      let report = TemplateDiffer().diff(from: old, to: new)
      let work = {
        let report = TemplateDiffer().diff(from: old, to: new)
        precondition(report.hasChanges)
      }
      return (work, "diff only: \(report.summary.line), \(report.iamStatements.count) IAM changes")
    },
    Scenario(name: "diff-500-resources 10% +render") {
      let (old, new) = pair(resources: 500, changedEvery: 10)
      let sizes = render(TemplateDiffer().diff(from: old, to: new))
      let work = { _ = render(TemplateDiffer().diff(from: old, to: new)) }
      return (work, "diff + text, markdown, json: \(sizes)")
    },
    Scenario(name: "diff-500-resources 10% yaml") {
      let (old, new) = pair(resources: 500, changedEvery: 10)
      let oldYAML = Array(try TemplateWriter.write(old, as: .yaml).utf8)
      let newYAML = Array(try TemplateWriter.write(new, as: .yaml).utf8)
      let work = {
        let report = TemplateDiffer().diff(
          from: try TemplateReader.read(oldYAML, file: "old.yaml"),
          to: try TemplateReader.read(newYAML, file: "new.yaml"))
        _ = TextRenderer().render(report)
      }
      return (work, "read 2 × \(oldYAML.count / 1024) KiB YAML + diff + text")
    },
    Scenario(name: "diff-500-resources reordered") {
      let (old, _) = pair(resources: 500, changedEvery: 10)
      // Every resource's properties in reverse order: no resource is byte-equal, none changed.
      var new = old
      for (id, resource) in old.resources {
        var reordered = resource
        reordered.properties = OrderedMap(resource.properties.reversed().map { ($0.key, $0.value) })
        new.resources[id] = reordered
      }
      let work = { precondition(!TemplateDiffer().diff(from: old, to: new).hasChanges) }
      return (work, "semantic comparison of every resource: no changes")
    },
  ]

  private static func render(_ report: ChangeReport) -> String {
    let text = TextRenderer().render(report).utf8.count
    let markdown = MarkdownRenderer().render(report).utf8.count
    let json = JSONRenderer().render(report).utf8.count
    return "\(text / 1024) KiB text, \(markdown / 1024) KiB markdown, \(json / 1024) KiB json"
  }

  /// The benchmark template and a copy in which every `changedEvery`-th resource differs.
  static func pair(resources: Int, changedEvery: Int) -> (Template, Template) {
    let old = TemplateBenchmarks.generated(resources: resources)
    var new = old
    for position in 0..<(resources / changedEvery) {
      // Spread over the four generated types (functions, roles, queues, tables).
      let index = position * changedEvery + position % 4
      let id = "Resource\(index)"
      guard var resource = new.resources[id] else { continue }
      if position % 10 == 9 {
        // Removed, and a new resource added in its place.
        new.resources[id] = nil
        new.resources["Added\(index)"] = Resource(
          type: "AWS::SQS::Queue", properties: ["MessageRetentionPeriod": 345_600])
        continue
      }
      switch resource.type {
      case "AWS::Lambda::Function":
        resource.properties["MemorySize"] = 2048
        resource.properties["Environment"] = [
          "Variables": ["TABLE_NAME": .ref("Resource\(index + 3)"), "STAGE": "prod"]
        ]
      case "AWS::IAM::Role":
        var policies = resource.properties["Policies"]?.listValue ?? []
        if case .map(var policy)? = policies.first,
          case .map(var document)? = policy["PolicyDocument"],
          case .list(var statements)? = document["Statement"]
        {
          statements.append(["Effect": "Allow", "Action": "s3:*", "Resource": "*"])
          document["Statement"] = .list(statements.reversed())
          policy["PolicyDocument"] = .map(document)
          policies[0] = .map(policy)
        }
        resource.properties["Policies"] = .list(policies)
      case "AWS::DynamoDB::Table":
        resource.properties["TableName"] = .string("results-\(index)")
      default:
        resource.properties["MessageRetentionPeriod"] = 86_400
      }
      new.resources[id] = resource
    }
    return (old, new)
  }
}
