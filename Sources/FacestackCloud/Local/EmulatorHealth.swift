import FacestackCore
import Foundation

/// What the emulator says about itself (`GET /_facestack/health`, docs/local-cloud.md): moto's
/// version, the face engine's state and models, and every face collection with its size.
///
/// ```swift
/// let health = try await cloud.emulatorHealth(try cloud.running())
/// print(health.faceEngine.state, health.collections.map(\.id))
/// ```
public struct EmulatorHealth: Sendable, Decodable, Equatable {
  /// The face engine: `loading`, `ready` or `error`, its models, and why it is degraded or
  /// failed.
  public struct FaceEngine: Sendable, Decodable, Equatable {
    public var state: String
    public var models: [String: String?]
    public var error: String?
  }

  /// One face collection.
  public struct Collection: Sendable, Decodable, Equatable {
    public var region: String
    public var account: String
    public var id: String
    public var faces: Int
  }

  public var moto: String
  public var faceEngine: FaceEngine
  public var collections: [Collection]
}

extension LocalCloud {
  /// The emulator's health answer, as its JSON (`raw`, for `local status --format json`) and
  /// decoded.
  public func emulatorHealth(_ state: LocalCloudState) async throws -> (
    raw: Data, health: EmulatorHealth
  ) {
    let status: Int
    let data: Data
    do {
      (status, data) = try await LoopbackHTTP.send(
        state.emulatorURL.appendingPathComponent("_facestack/health"), timeout: 30)
    } catch {
      throw FacestackError.aws("the local cloud's emulator does not answer: \(error)")
    }
    guard status == 200 else {
      throw FacestackError.aws("the emulator's health answered \(status)")
    }
    do {
      return (data, try JSONDecoder().decode(EmulatorHealth.self, from: data))
    } catch {
      throw FacestackError.aws("the emulator's health answer is not what facestack reads: \(error)")
    }
  }
}
