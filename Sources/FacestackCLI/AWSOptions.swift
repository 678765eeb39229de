import ArgumentParser

/// `--profile NAME --region REGION`: the AWS CLI's choices, for every command that calls AWS
/// (`diff --deployed` among them, so it is declared with the offline commands).
package struct AWSOptions: ParsableArguments {
  @Option(
    help: """
      The AWS CLI profile (~/.aws/config, ~/.aws/credentials): SSO, assumed roles, \
      credential_process and static keys all work; wins over AWS_PROFILE and AWS_ACCESS_KEY_ID.
      """)
  package var profile: String?

  @Option(help: "The region; with --env it may only repeat the environment file's region.")
  package var region: String?

  package init() {}
}
