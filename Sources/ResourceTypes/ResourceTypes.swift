/// Placeholder until the generator writes the resource types (issue 3).
public enum ResourceTypesModule {}
