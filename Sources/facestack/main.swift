import FacestackCLI
FacestackCommand.main()
