import CloudFormation

/// A parsed schema document (the validation keywords embedded in each generated type), read
/// with the template model's JSON reader as plain data (a schema's `{"Ref": ...}` stays an
/// object).
typealias SchemaJSON = JSONDocument
