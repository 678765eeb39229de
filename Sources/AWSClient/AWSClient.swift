/// Placeholder until the AWS client lands (issue 8).
public enum AWSClientModule {}
