import CloudFormation
import Constructs

/// The Glue table over `processed/` and the Athena workgroup with named queries.
///
/// The columns are handlers/manifest.json's `processed.columns`, written out here rather than
/// read at synthesis: the stack stays a pure function of the environment (no file access, so
/// synthesis cannot fail on a missing checkout file), and a test fails when the two disagree.
/// Its constructs sit under `Analytics` (`AnalyticsDatabase`, `AnalyticsProcessed`).
public struct Analytics {
  /// The workgroup's name.
  public let workGroupName: Value
  /// The Glue database.
  public let database: CatalogDatabase
  /// The table over `processed/`.
  public let processed: CatalogTable
  /// The workgroup.
  public let workGroup: WorkGroup
  /// The saved queries.
  public let queries: [NamedQuery]

  /// Where Athena writes results, in the images bucket.
  public static let resultsPrefix = "athena-results/"
  /// Days query results are kept.
  public static let resultsRetentionDays = 30

  /// The columns of `processed/` objects (manifest.json `processed.columns`).
  public static let columns: [CatalogTable.Column] = [
    .init("record_type", "string"),
    .init("image_id", "string"),
    .init("record_id", "string"),
    .init("bucket", "string"),
    .init("key", "string"),
    .init("version_id", "string"),
    .init("execution_id", "string"),
    .init("timestamp", "string"),
    .init("captured_at", "string"),
    .init("processed_at", "string"),
    .init("camera_id", "string"),
    .init("image_format", "string"),
    .init("image_width", "int"),
    .init("image_height", "int"),
    .init("size_bytes", "bigint"),
    .init("face_count", "int"),
    .init("face_index", "int"),
    .init("confidence", "double"),
    .init("bounding_box", "struct<left:double,top:double,width:double,height:double>"),
    .init("emotions", "array<struct<type:string,confidence:double>>"),
    .init("top_emotion", "string"),
    .init("age_low", "int"),
    .init("age_high", "int"),
    .init("pose", "struct<roll:double,yaw:double,pitch:double>"),
    .init("quality", "struct<brightness:double,sharpness:double>"),
    .init("match_status", "string"),
    .init("matched", "boolean"),
    .init("face_id", "string"),
    .init("person_id", "string"),
    .init("similarity", "double"),
    .init("reason", "string"),
    .init("error", "string"),
    .init("error_message", "string"),
  ]

  /// Analytics over the pipeline's results.
  public init(_ stack: Stack, _ id: String, pipeline: Pipeline, environment: Environment) {
    let prefix = environment.namePrefix
    let analytics = Construct(stack, id)
    func location(_ keyPrefix: String) -> Value {
      var text = SubstitutionText()
      text.append(literal: "s3://")
      text.append(pipeline.images.name)
      text.append(literal: "/\(keyPrefix)")
      return text.value
    }
    let database = CatalogDatabase(
      analytics, "Database", name: environment.underscoredNamePrefix,
      description: "\(prefix) face recognition results")
    self.database = database
    processed = CatalogTable(
      analytics, "Processed",
      options: .init(
        database: database, name: "processed", location: location(Pipeline.processedPrefix),
        columns: Self.columns,
        description: "one row per detected face, or per image without faces, rejected or failed"
      ))
    pipeline.images.expire(prefix: Self.resultsPrefix, afterDays: Self.resultsRetentionDays)
    let name = "\(prefix)-analytics"
    workGroupName = .string(name)
    let workGroup = WorkGroup(
      analytics, "WorkGroup",
      options: .init(
        name: name, resultsLocation: location(Self.resultsPrefix),
        description: "\(prefix): queries over processed/, results encrypted in the images bucket"))

    self.workGroup = workGroup
    let table = processed.qualifiedName
    queries = Self.queries(table: table).map { query in
      NamedQuery(
        analytics, query.id, name: "\(prefix) \(query.name)", database: database,
        workGroup: workGroup, sql: query.sql, description: query.description)
    }
  }

  /// The saved queries: faces per day, top identities, unmatched faces, failures.
  static func queries(table: String) -> [(
    id: String, name: String, sql: String, description: String
  )] {
    [
      (
        "FacesPerDay", "faces per day",
        """
        SELECT date(from_iso8601_timestamp("timestamp")) AS day,
               count(*) AS faces,
               count_if(matched) AS matched_faces,
               count(DISTINCT image_id) AS images
        FROM \(table)
        WHERE record_type = 'FACE'
        GROUP BY 1
        ORDER BY 1 DESC
        """,
        "faces detected and matched per day (UTC)"
      ),
      (
        "TopIdentities", "top identities",
        """
        SELECT person_id,
               count(*) AS sightings,
               count(DISTINCT camera_id) AS cameras,
               max("timestamp") AS last_seen,
               round(avg(similarity), 2) AS average_similarity
        FROM \(table)
        WHERE record_type = 'FACE' AND matched
        GROUP BY person_id
        ORDER BY sightings DESC
        LIMIT 50
        """,
        "enrolled people seen most often"
      ),
      (
        "UnmatchedFaces", "unmatched faces",
        """
        SELECT "timestamp", camera_id, bucket, "key", face_index, confidence, match_status,
               top_emotion, bounding_box
        FROM \(table)
        WHERE record_type = 'FACE' AND NOT coalesce(matched, false)
        ORDER BY "timestamp" DESC
        LIMIT 100
        """,
        "the latest faces that matched nobody in the collection"
      ),
      (
        "Failures", "failures",
        """
        SELECT "timestamp", record_type, bucket, "key", reason, error, error_message, execution_id
        FROM \(table)
        WHERE record_type IN ('REJECTED', 'FAILURE')
        ORDER BY "timestamp" DESC
        LIMIT 100
        """,
        "the latest images detect rejected or the workflow failed to process"
      ),
    ]
  }
}
