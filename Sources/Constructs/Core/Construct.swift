import CloudFormation

/// A node of the construct tree: a stack, a high-level construct such as ``Bucket``, or a single
/// CloudFormation resource.
///
/// ```swift
/// final class Pipeline: Construct {
///   init(_ scope: Construct, _ id: String, file: String = #fileID, line: Int = #line) {
///     super.init(scope, id, file: file, line: line)
///     _ = Queue(self, "DeadLetters")
///   }
/// }
/// ```
///
/// Children are created with their parent as the first argument, as in AWS CDK. A repeated ID
/// under one parent is recorded as an error naming both source lines and reported at synthesis.
open class Construct {
  /// The ID, unique among its siblings.
  public let id: String
  /// The parent; `nil` only for a stack.
  public private(set) weak var parent: Construct?
  /// The children, in creation order.
  public private(set) var children: [Construct] = []
  /// Where the construct was created.
  public let location: SourceLocation
  /// Scanner checks accepted for this construct's resource, with their reasons
  /// (``acknowledge(_:reason:file:line:)``).
  public internal(set) var scannerAcknowledgements: [ScannerAcknowledgement] = []

  /// A construct under `scope`.
  public init(_ scope: Construct, _ id: String, file: String = #fileID, line: Int = #line) {
    self.id = id
    self.location = SourceLocation(file: file, line: line)
    scope.adopt(self)
  }

  /// A construct without a parent yet: a stack, or a child that a high-level construct creates
  /// before its own initializer finishes and then ``adopt(_:)``s.
  public init(detached id: String, file: String = #fileID, line: Int = #line) {
    self.id = id
    self.location = SourceLocation(file: file, line: line)
  }

  /// Attaches a detached construct as the last child; a repeated ID is reported as an error
  /// naming both source lines.
  public func adopt(_ child: Construct) {
    precondition(child.parent == nil, "construct '\(child.id)' already has a parent")
    if let sibling = children.first(where: { $0.id == child.id }) {
      stack.report(
        .error,
        "duplicate construct id '\(child.id)' under '\(pathDescription)' (first defined at \(sibling.location))",
        at: child.location)
    }
    child.parent = self
    children.append(child)
  }

  /// The path a child with `id` would have under `scope`, before it exists.
  public static func path(of id: String, in scope: Construct) -> [String] {
    scope.parent == nil ? [id] : scope.path + [id]
  }

  /// The stack this construct belongs to.
  public var stack: Stack {
    var node: Construct = self
    while let parent = node.parent { node = parent }
    guard let stack = node as? Stack else {
      preconditionFailure("construct '\(id)' is not inside a stack")
    }
    return stack
  }

  /// The IDs from below the stack down to this construct.
  public var path: [String] {
    var ids: [String] = []
    var node: Construct? = self
    while let current = node, current.parent != nil {
      ids.append(current.id)
      node = current.parent
    }
    return ids.reversed()
  }

  /// The path joined with `/`, for messages.
  public var pathDescription: String { parent == nil ? id : path.joined(separator: "/") }

  /// The child with `id`, of a type the construct itself created it as.
  func child<T: Construct>(_ id: String, as type: T.Type = T.self) -> T {
    guard let child = children.first(where: { $0.id == id }) as? T else {
      preconditionFailure("\(pathDescription) has no \(T.self) child '\(id)'")
    }
    return child
  }

  /// The assets synthesis packages for this construct: a function's code, a launch template's
  /// worker; none for the rest. Subclasses override it. It is a member of the class, not a
  /// protocol the synthesizer casts to: a cast to a protocol scans every conformance record in
  /// the process, once per construct class (about 2 ms of a synth).
  var assets: [Asset] { [] }

  /// This construct as code that runs under a role (a function, a launch template's
  /// instances), for `iam review`; nil for the rest. Read instead of cast, as ``assets`` is.
  open var codeRunner: (Construct & CodeRunner)? { nil }

  /// This construct and everything below it, depth first, in creation order.
  public var subtree: [Construct] {
    [self] + children.flatMap(\.subtree)
  }
}
