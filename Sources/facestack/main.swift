import FacestackCLI
import Foundation

exit(FacestackCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
