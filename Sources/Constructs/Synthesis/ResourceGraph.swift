import CloudFormation

/// The resources of a template and how they use each other, for `facestack graph`: S3 events
/// flow into rules, rules start the state machine or invoke functions, the state machine invokes
/// functions, functions use tables, buckets and collections.
///
/// IAM roles, policies, permissions and log groups are left out: they are the wiring, not the
/// flow.
public struct ResourceGraph {
  /// One resource.
  public struct Node: Hashable, Sendable {
    /// The logical ID.
    public var id: String
    /// The CloudFormation type.
    public var type: String
  }

  /// One use of a resource by another.
  public struct Edge: Hashable, Sendable {
    /// Where the flow starts.
    public var from: String
    /// Where it goes.
    public var to: String
    /// What the use is (`events`, `invokes`, `DeadLetterConfig`).
    public var label: String
  }

  /// The nodes, in template order.
  public var nodes: [Node]
  /// The edges, sorted.
  public var edges: [Edge]

  static let hiddenTypes: Set<String> = [
    "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::InstanceProfile",
    "AWS::Lambda::Permission",
    "AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy", "AWS::Logs::LogGroup",
    "AWS::SNS::Subscription",
    "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::Route",
  ]

  /// The graph of `template`.
  public init(template: Template) {
    nodes = template.resources.filter { !Self.hiddenTypes.contains($0.value.type) }.map {
      Node(id: $0.key, type: $0.value.type)
    }
    let shown = Set(nodes.map(\.id))
    var edges = Set<Edge>()
    for (id, resource) in template.resources where shown.contains(id) {
      for (key, value) in resource.properties {
        for target in Self.references(in: value, template: template)
        where shown.contains(target) && target != id {
          switch (resource.type, key) {
          case ("AWS::Events::Rule", "EventPattern"):
            edges.insert(Edge(from: target, to: id, label: "events"))
          case ("AWS::StepFunctions::StateMachine", "DefinitionString"):
            edges.insert(Edge(from: id, to: target, label: "invokes"))
          case ("AWS::Events::Rule", "Targets"):
            edges.insert(Edge(from: id, to: target, label: "targets"))
          default: edges.insert(Edge(from: id, to: target, label: key))
          }
        }
      }
    }
    self.edges = edges.sorted { ($0.from, $0.to, $0.label) < ($1.from, $1.to, $1.label) }
  }

  /// The logical IDs a value refers to through `Ref`, `Fn::GetAtt` and `Fn::Sub`.
  static func references(in value: Value, template: Template) -> Set<String> {
    switch value {
    case .list(let list):
      return list.reduce(into: Set()) { $0.formUnion(references(in: $1, template: template)) }
    case .map(let map):
      return map.values.reduce(into: Set()) { $0.formUnion(references(in: $1, template: template)) }
    case .intrinsic(.ref(let name)): return template.resources.contains(name) ? [name] : []
    case .intrinsic(.getAtt(let name, _)): return [name]
    case .intrinsic(.sub(let text, let variables)):
      var names = references(in: .map(variables), template: template)
      var rest = Substring(text)
      while let start = rest.range(of: "${"),
        let end = rest[start.upperBound...].firstIndex(of: "}")
      {
        let name = rest[start.upperBound..<end].split(separator: ".").first.map(String.init) ?? ""
        if template.resources.contains(name) { names.insert(name) }
        rest = rest[rest.index(after: end)...]
      }
      return names
    case .intrinsic(let intrinsic): return references(in: intrinsic.argument, template: template)
    default: return []
    }
  }

  /// A short name of a type: `AWS::S3::Bucket` is `S3 Bucket`.
  static func shortType(_ type: String) -> String {
    type.split(separator: ":").filter { !$0.isEmpty && $0 != "AWS" }.joined(separator: " ")
  }

  /// Mermaid `flowchart LR` text.
  public var mermaid: String {
    var lines = ["flowchart LR"]
    for node in nodes {
      lines.append("  \(node.id)[\"\(node.id)<br/><small>\(Self.shortType(node.type))</small>\"]")
    }
    for edge in edges { lines.append("  \(edge.from) -->|\(edge.label)| \(edge.to)") }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Graphviz `dot` text.
  public var dot: String {
    var lines = [
      "digraph FaceRecognition {", "  rankdir=LR;", "  node [shape=box, fontname=\"Helvetica\"];",
    ]
    for node in nodes {
      lines.append("  \"\(node.id)\" [label=\"\(node.id)\\n\(Self.shortType(node.type))\"];")
    }
    for edge in edges {
      lines.append("  \"\(edge.from)\" -> \"\(edge.to)\" [label=\"\(edge.label)\"];")
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }
}
