import CloudFormation

/// Finds the security-group rules that appear or disappear, in `AWS::EC2::SecurityGroup`'s
/// `SecurityGroupIngress`/`SecurityGroupEgress` and in standalone
/// `AWS::EC2::SecurityGroupIngress`/`Egress` resources.
struct SecurityGroupDiffer {
  var names: NamePrefixes?

  struct Rule {
    var resource: String
    var group: String
    var direction: SecurityGroupRuleChange.Direction
    var ipProtocol: String
    var ports: String
    var peer: String
    var description: String?

    var key: String {
      [resource, group, direction.rawValue, ipProtocol, ports, peer].joined(separator: "|")
    }
  }

  func diff(_ old: OrderedMap<Resource>, _ new: OrderedMap<Resource>) -> [SecurityGroupRuleChange] {
    let before = rules(old)
    let after = rules(new)
    let beforeKeys = Set(before.map(\.key))
    let afterKeys = Set(after.map(\.key))
    var result: [SecurityGroupRuleChange] = []
    for rule in before where !afterKeys.contains(rule.key) { result.append(change(rule, .removed)) }
    for rule in after where !beforeKeys.contains(rule.key) { result.append(change(rule, .added)) }
    return result.sorted {
      ($0.resource, $0.direction.rawValue, $0.kind.rawValue, $0.ports, $0.peer) < (
        $1.resource, $1.direction.rawValue, $1.kind.rawValue, $1.ports, $1.peer
      )
    }
  }

  private func change(_ rule: Rule, _ kind: ChangeKind) -> SecurityGroupRuleChange {
    let world = rule.direction == .ingress && (rule.peer == "0.0.0.0/0" || rule.peer == "::/0")
    return SecurityGroupRuleChange(
      resource: rule.resource, group: rule.group, direction: rule.direction, kind: kind,
      ipProtocol: rule.ipProtocol, ports: rule.ports, peer: rule.peer,
      description: rule.description,
      opensToWorld: kind == .added && world, broadens: kind == .added)
  }

  private func rules(_ resources: OrderedMap<Resource>) -> [Rule] {
    var result: [Rule] = []
    for (id, resource) in resources {
      switch resource.type {
      case "AWS::EC2::SecurityGroup":
        for (key, direction) in [
          ("SecurityGroupIngress", SecurityGroupRuleChange.Direction.ingress),
          ("SecurityGroupEgress", .egress),
        ] {
          for entry in resource.properties[key]?.listValue ?? [] {
            if let map = entry.mapValue { result.append(rule(id, "${\(id)}", direction, map)) }
          }
        }
      case "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress":
        let direction: SecurityGroupRuleChange.Direction =
          resource.type.hasSuffix("Ingress") ? .ingress : .egress
        let group =
          (resource.properties["GroupId"] ?? resource.properties["GroupName"]).map(
            ValueFormatter.bare) ?? "?"
        result.append(rule(id, group, direction, resource.properties))
      default: break
      }
    }
    return result
  }

  private func rule(
    _ id: String, _ group: String, _ direction: SecurityGroupRuleChange.Direction,
    _ map: OrderedMap<Value>
  ) -> Rule {
    let rawProtocol = map["IpProtocol"].map(ValueFormatter.bare) ?? "all"
    let ipProtocol = rawProtocol == "-1" ? "all" : rawProtocol.lowercased()
    let from = map["FromPort"].map(ValueFormatter.bare)
    let to = map["ToPort"].map(ValueFormatter.bare)
    let ports: String
    if ipProtocol == "all" || from == nil || from == "-1" {
      ports = "all"
    } else if let from, let to, from != to {
      ports = from + "-" + to
    } else {
      ports = from ?? "all"
    }
    let peerKeys = [
      "CidrIp", "CidrIpv6", "SourceSecurityGroupId", "SourceSecurityGroupName",
      "SourcePrefixListId", "DestinationSecurityGroupId", "DestinationPrefixListId",
    ]
    let peer = peerKeys.lazy.compactMap { map[$0].map(ValueFormatter.bare) }.first ?? "?"
    return Rule(
      resource: id, group: group, direction: direction, ipProtocol: ipProtocol, ports: ports,
      peer: peer, description: map["Description"].map(ValueFormatter.bare))
  }
}
