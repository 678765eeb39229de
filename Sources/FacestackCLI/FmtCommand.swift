import ArgumentParser
struct FmtCommand: ParsableCommand { static let configuration = CommandConfiguration(commandName: "fmt") }
