import CloudFormation

/// Schema files are read with the template model's JSON reader, as plain data: key order and
/// number text kept, so the generator's output depends only on the schema files' bytes.
typealias JSON = JSONDocument
