import ArgumentParser

/// The `facestack` command: synthesize, diff, review and deploy the face-recognition stack.
public struct FacestackCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "facestack",
    abstract: "Describe, review and deploy the face-recognition pipeline as typed code.",
    version: "0.1.0",
    subcommands: [FmtCommand.self]
  )

  public init() {}
}
