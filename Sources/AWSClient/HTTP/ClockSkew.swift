import Foundation

/// Corrects signatures for a machine clock that is off (laptops after sleep, WSL, small VMs):
/// AWS rejects a signature more than five minutes away from its own time. As AWS SDKs do, when
/// an answer says so, the offset to the server's `Date` header is remembered and the request
/// is signed again with the corrected time.
public actor ClockSkew {
  /// Seconds to add to the local clock.
  public private(set) var offset: TimeInterval = 0

  /// Creates a corrector with no offset.
  public init() {}

  /// The error codes AWS uses for a skewed signature time.
  static let codes: Set<String> = [
    "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException",
    "SignatureDoesNotMatch", "AuthFailure",
  ]

  /// True when `error` may come from a skewed clock (`SignatureDoesNotMatch` only when its
  /// message says the signature expired or is not yet current).
  static func mayBeSkew(_ error: AWSServiceError) -> Bool {
    guard codes.contains(error.code) else { return false }
    guard error.code == "SignatureDoesNotMatch" || error.code == "AuthFailure" else { return true }
    let message = error.message.lowercased()
    return message.contains("expired") || message.contains("not yet current")
  }

  /// Records the server's time from a response's `Date` header; true when the offset changed by
  /// more than four minutes (worth signing again).
  func adjust(serverDate header: String?, localNow: Date) -> Bool {
    guard let header, let serverDate = AWSTimestamp.parseHTTPDate(header) else { return false }
    let newOffset = serverDate.timeIntervalSince(localNow)
    guard abs(newOffset - offset) > 240 else { return false }
    offset = newOffset
    return true
  }
}
