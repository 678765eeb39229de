import FacestackCLI
import Foundation
import Processes

#if canImport(Glibc)
  import Glibc

  // One malloc arena. The commands run on Dispatch's worker threads, and glibc gives a thread
  // an arena of its own that grows a page range at a time with mprotect(2): about 360 calls in
  // a synth. The main arena grows with brk(2), a few times (issue 20). mallopt is declared in
  // <malloc.h>, which Glibc's module does not import; M_ARENA_MAX is -8 there. A user's own
  // MALLOC_ARENA_MAX or GLIBC_TUNABLES wins.
  if getenv("MALLOC_ARENA_MAX") == nil, getenv("GLIBC_TUNABLES") == nil,
    let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt")
  {
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    _ = unsafeBitCast(symbol, to: Mallopt.self)(-8, 1)
  }
#endif

// The offline commands run here; every other command, and help, runs in facestack-cloud, which
// replaces this process (FacestackCommand.runsHere).
let arguments = Array(CommandLine.arguments.dropFirst())
if FacestackCommand.runsHere(arguments) {
  exit(await FacestackCommand.run(arguments: arguments))
}
guard let cloud = SiblingExecutable.path("facestack-cloud") else {
  Console.error("facestack-cloud is not built: run 'swift build' (it is built with facestack)")
  exit(4)
}
// `swift run facestack` builds only facestack: an older sibling may hold an older stack.
if SiblingExecutable.isOlder(cloud) {
  Console.diagnostic(
    "warning: \(cloud) is older than this facestack; run 'swift build' to build both")
}
Console.error(SiblingExecutable.exec(cloud, arguments: arguments))
exit(4)
