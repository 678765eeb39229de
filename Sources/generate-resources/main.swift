print("generate-resources: not yet implemented")
