import FacestackCore
import Foundation
import Processes

/// The live view on the local cloud: the recognition service (`app.py`) that the local fleet
/// runs on the first instance of each deployed Auto Scaling group, under the group's instance
/// role, serves `GET /live`; this finds its address.
///
/// ```swift
/// let views = try await cloud.liveViews(state)
/// views.first?.url   // "http://127.0.0.1:41523/live"
/// ```
public struct LocalLiveView: Sendable, Codable, Equatable {
  /// The page (`http://127.0.0.1:<port>/live`).
  public var url: String
  /// The results API the page polls.
  public var api: String
  /// The Auto Scaling group whose first instance serves it.
  public var group: String
  /// The local instance.
  public var instance: String
  /// The instance profile's role, whose credentials the service uses (and signs image URLs
  /// with).
  public var role: String
  /// The service's process and whether it is up.
  public var pid: Int32
  public var running: Bool
  /// The service's output.
  public var log: String
}

/// One process of the local fleet as the runtime's `GET /_facestack/fleet` lists it.
private struct FleetProcess: Decodable {
  var group: String
  var instance: String
  var program: String
  var pid: Int32
  var running: Bool
  var port: Int?
  var role: String
  var log: String
}

extension LocalCloud {
  /// The program of a fleet instance that serves the live view.
  static let liveViewProgram = "app.py"

  /// Every local live view (one per running Auto Scaling group), ordered by group; `groups`
  /// keeps only those.
  public func liveViews(_ state: LocalCloudState, groups: [String]? = nil) async throws
    -> [LocalLiveView]
  {
    let data = try await runtime(state, "_facestack/fleet")
    let processes: [FleetProcess]
    do {
      processes = try JSONDecoder().decode([FleetProcess].self, from: data)
    } catch {
      throw FacestackError.aws("the runtime's fleet status is not readable: \(error)")
    }
    return
      processes
      .filter { $0.program == Self.liveViewProgram && (groups?.contains($0.group) ?? true) }
      .compactMap { process -> LocalLiveView? in
        guard let port = process.port else { return nil }
        return LocalLiveView(
          url: "http://127.0.0.1:\(port)/live", api: "http://127.0.0.1:\(port)/api/results",
          group: process.group, instance: process.instance, role: process.role,
          pid: process.pid, running: process.running, log: process.log)
      }
      .sorted { $0.group < $1.group }
  }

  /// The live view of a deployed stack's fleet, or an input error saying how to get one.
  public func liveView(_ state: LocalCloudState, of deployed: DeployedStack) async throws
    -> LocalLiveView
  {
    let groups = try await Self.fleetGroups(of: deployed)
    let environment = deployed.target.environment.name
    guard !groups.isEmpty else {
      throw FacestackError.input("the \(environment) stack deployed locally has no fleet")
    }
    guard let view = try await liveViews(state, groups: groups).first else {
      throw FacestackError.input(
        "the \(environment) fleet does not run locally (local.workers is 0, or it was "
          + "stopped); 'facestack local stop', then 'facestack local start --workers 1' and "
          + "'facestack deploy --env \(environment) --local'")
    }
    return view
  }
}

extension LocalLiveView {
  /// Opens the page with the desktop's browser (`xdg-open`, or `sensible-browser`); false when
  /// neither is installed.
  public func open() throws -> Bool {
    guard
      let opener = ["xdg-open", "sensible-browser"].first(where: ProcessRunner.isAvailable)
    else { return false }
    let log = URL(fileURLWithPath: "/dev/null")
    do {
      _ = try ProcessRunner.spawn([opener, url], log: log)
    } catch {
      throw FacestackError.tool("cannot open \(url) with \(opener): \(error)")
    }
    return true
  }
}
