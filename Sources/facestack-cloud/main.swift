import FacestackCloudCLI
import Foundation

exit(await FacestackCloudCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
