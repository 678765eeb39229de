import CloudFormation
import Foundation
import ResourceTypes

/// A CloudWatch dashboard built from typed widgets. The body is JSON in an `Fn::Sub`, so
/// widgets follow the stack's region and resources (`${AWS::Region}`, `${Results}`).
///
/// ```swift
/// Dashboard(stack, "Dashboard", name: "facestack-dev-pipeline", widgets: [
///   .text("# Face recognition"),
///   .graph(.init(title: "Lambda errors", metrics: [detect.metricErrors(), store.metricErrors()])),
/// ])
/// ```
///
/// Widgets are laid out left to right in rows 24 units wide.
public final class Dashboard: Construct {
  /// A graph of metrics.
  public struct Graph: Hashable, Sendable {
    /// The graph's title.
    public var title: String
    /// The metrics, each with its own statistic and period.
    public var metrics: [Metric]
    /// `timeSeries`, `singleValue`, `bar` or `pie`.
    public var view = "timeSeries"
    /// Stack the lines as areas.
    public var stacked = false
    /// The left Y axis label.
    public var unit: String?
    /// Width, 1 to 24.
    public var width = 12
    /// Height.
    public var height = 6

    /// A graph.
    public init(title: String, metrics: [Metric], unit: String? = nil) {
      self.title = title
      self.metrics = metrics
      self.unit = unit
    }
  }

  /// One widget.
  public enum Widget: Hashable, Sendable {
    /// A metric graph.
    case graph(Graph)
    /// Markdown text across the whole width.
    case text(String, height: Int = 2)
  }

  /// The `AWS::CloudWatch::Dashboard` resource.
  public let resource: CfnResource
  /// The dashboard's name.
  public let name: String
  /// The widgets.
  public let widgets: [Widget]

  /// A dashboard named `name`.
  public init(
    _ scope: Construct, _ id: String, name: String, widgets: [Widget], file: String = #fileID,
    line: Int = #line
  ) {
    self.name = name
    self.widgets = widgets
    resource = CfnResource(
      detached: LogicalID.defaultChild,
      CloudWatchDashboard(
        dashboardBody: .from(Self.body(widgets)), dashboardName: .literal(name)),
      file: file, line: line)
    super.init(scope, id, file: file, line: line)
    adopt(resource)
  }

  /// The body: `Fn::Sub` of the dashboard JSON, one widget per line (compact, yet a change to
  /// one widget is one line of a template diff).
  public static func body(_ widgets: [Widget]) -> Value {
    var text = SubstitutionText()
    let document = document(widgets, text: &text)
    let lines = (document["widgets"]?.listValue ?? []).map(TemplateWriter.compactJSON)
    text.append(substitution: "{\"widgets\": [\n" + lines.joined(separator: ",\n") + "\n]}\n")
    return .sub(text.text, text.variables)
  }

  /// The body as a JSON value whose strings may hold `${...}` substitutions.
  static func document(_ widgets: [Widget], text: inout SubstitutionText) -> Value {
    var placed: [Value] = []
    var x = 0
    var y = 0
    var rowHeight = 0
    for widget in widgets {
      let (width, height) = widget.size
      if x + width > 24 {
        x = 0
        y += rowHeight
        rowHeight = 0
      }
      var map: OrderedMap<Value> = [
        "type": .string(widget.type), "x": .int(x), "y": .int(y), "width": .int(width),
        "height": .int(height),
      ]
      switch widget {
      case .text(let markdown, _):
        map["properties"] = ["markdown": .string(SubstitutionText.escaped(markdown))]
      case .graph(let graph):
        var properties: OrderedMap<Value> = [
          "title": .string(SubstitutionText.escaped(graph.title)),
          "view": .string(graph.view),
          "stacked": .bool(graph.stacked),
          "region": "${AWS::Region}",
          "metrics": .list(graph.metrics.map { metricEntry($0, text: &text) }),
        ]
        if let unit = graph.unit {
          properties["yAxis"] = [
            "left": ["label": .string(SubstitutionText.escaped(unit)), "showUnits": false]
          ]
        }
        map["properties"] = .map(properties)
      }
      placed.append(.map(map))
      x += width
      rowHeight = max(rowHeight, height)
    }
    return ["widgets": .list(placed)]
  }

  /// `[namespace, name, dimension, value, ..., {stat, period, label}]`.
  static func metricEntry(_ metric: Metric, text: inout SubstitutionText) -> Value {
    var entry: [Value] = [
      .string(SubstitutionText.escaped(metric.namespace)),
      .string(SubstitutionText.escaped(metric.name)),
    ]
    for dimension in metric.dimensions {
      entry.append(.string(SubstitutionText.escaped(dimension.name)))
      entry.append(.string(text.placeholder(for: dimension.value)))
    }
    var options: OrderedMap<Value> = [
      "stat": .string(metric.statistic.rawValue), "period": .int(metric.period),
    ]
    if let label = metric.label { options["label"] = .string(SubstitutionText.escaped(label)) }
    entry.append(.map(options))
    return .list(entry)
  }
}

extension Dashboard.Widget {
  var type: String {
    switch self {
    case .graph: return "metric"
    case .text: return "text"
    }
  }

  var size: (width: Int, height: Int) {
    switch self {
    case .graph(let graph): return (min(max(graph.width, 1), 24), graph.height)
    case .text(_, let height): return (24, height)
    }
  }
}
