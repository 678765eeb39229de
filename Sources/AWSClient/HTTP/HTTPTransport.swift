import Foundation

/// Sends one HTTP request and returns its response, whatever the status. Throws
/// ``HTTPTransportError`` when there is no response at all.
///
/// A struct holding a closure, so tests substitute a stub (``stub(_:)``) and never touch the
/// network.
public struct HTTPTransport: Sendable {
  /// Sends a request.
  public var send: @Sendable (HTTPRequest) async throws -> HTTPResponse

  /// Creates a transport from a closure.
  public init(send: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) {
    self.send = send
  }

  /// A transport answering from a closure, for tests.
  public static func stub(_ answer: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse)
    -> HTTPTransport
  {
    HTTPTransport { try answer($0) }
  }
}
