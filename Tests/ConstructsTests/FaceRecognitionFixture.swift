import CloudFormation
import FaceRecognitionStack

@testable import Constructs

/// The face-recognition stack's parts, for tests of the constructs they wire.
enum FaceRecognitionFixture {
  static func stack(_ environment: Environment = testEnvironment()) -> Stack {
    Stack(name: FaceRecognitionStack.name, environment: environment)
  }

  static func pipeline(_ stack: Stack) -> Pipeline {
    Pipeline(stack, environment: stack.environment)
  }
}
