import FacestackCLI
import Foundation

exit(await FacestackCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
