import AWSClient
import Deploy
import FacestackCore
import Processes
import Testing

@testable import FacestackCloud

/// `FacestackError.from(cloud:)` gives the errors of the commands that talk to AWS the exit
/// codes the README promises; what it does not know, `from(_:)` sorts as before.
@Test func cloudErrorsKeepTheirExitCodes() {
  let service = AWSServiceError(
    service: "cloudformation", operation: "CreateChangeSet", code: "ValidationError",
    message: "Stack [x] does not exist", requestID: "r", statusCode: 400)
  let cases: [(any Error, Int32)] = [
    (service, 3),
    (AWSClientError.transport("connection refused"), 3),
    (AWSClientError.timeout("60 s"), 3),
    (AWSClientError.missingCredentials(searched: ["environment"]), 2),
    (AWSClientError.missingRegion(searched: ["environment"]), 2),
    (AWSClientError.profileNotFound(name: "x", searched: "~/.aws/config"), 2),
    (DeployError.refused("IAM broadens"), 1),
    (DeployError.input("no such environment"), 2),
    (DeployError.aws("stack failed"), 3),
    (CancellationError(), 3),
    (ProcessError.notFound(program: "python3"), 4),
    (FacestackError.failed("changes"), 1),
  ]
  for (error, code) in cases {
    #expect(FacestackError.from(cloud: error).exitCode == code, "\(error)")
  }
  #expect(FacestackError.from(cloud: service).message == service.description)
  // The offline commands' sorting does not know AWS: it never sees its errors.
  #expect(FacestackError.from(ProcessError.notFound(program: "git")).exitCode == 4)
}
