import FacestackCLI
import Foundation
import Processes

// The offline commands run here; every other command, and help, runs in facestack-cloud, which
// replaces this process (FacestackCommand.runsHere).
let arguments = Array(CommandLine.arguments.dropFirst())
if FacestackCommand.runsHere(arguments) {
  exit(await FacestackCommand.run(arguments: arguments))
}
let reason = SiblingExecutable.exec("facestack-cloud", arguments: arguments)
_ = Console.write("error: \(reason)\n", to: STDERR_FILENO)
exit(4)
