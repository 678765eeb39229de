"""The DynamoDB table and the processed/ records: the schema the stack must create.

``manifest.json`` repeats these definitions for the Swift side; a test keeps the two equal.
"""

from __future__ import annotations

TABLE_LOGICAL_NAME = "FaceRecognitionResults"
PARTITION_KEY = "image_id"
SORT_KEY = "record_id"
TTL_ATTRIBUTE = "expires_at"

# Sparse index: only face records matched to an enrolled person carry ``person_id``.
PERSON_INDEX = "person-timestamp-index"
# Sparse index: only ENROLLMENT, REJECTED and FAILURE records carry ``listing``.
LISTING_INDEX = "listing-timestamp-index"
# Every pipeline record (not enrollments) by the time it was stored, partitioned by the minute:
# the live view's reads (service/live.py) are Queries of one minute each, newest first.
PROCESSED_INDEX = "processed-time-index"
PROCESSED_MINUTE = "processed_minute"

KEY_SCHEMA = [
    {"AttributeName": PARTITION_KEY, "KeyType": "HASH"},
    {"AttributeName": SORT_KEY, "KeyType": "RANGE"},
]
ATTRIBUTE_DEFINITIONS = [
    {"AttributeName": "image_id", "AttributeType": "S"},
    {"AttributeName": "listing", "AttributeType": "S"},
    {"AttributeName": "person_id", "AttributeType": "S"},
    {"AttributeName": "processed_at", "AttributeType": "S"},
    {"AttributeName": "processed_minute", "AttributeType": "S"},
    {"AttributeName": "record_id", "AttributeType": "S"},
    {"AttributeName": "timestamp", "AttributeType": "S"},
]
GLOBAL_SECONDARY_INDEXES = [
    {
        "IndexName": LISTING_INDEX,
        "KeySchema": [
            {"AttributeName": "listing", "KeyType": "HASH"},
            {"AttributeName": "timestamp", "KeyType": "RANGE"},
        ],
        "Projection": {"ProjectionType": "ALL"},
    },
    {
        "IndexName": PERSON_INDEX,
        "KeySchema": [
            {"AttributeName": "person_id", "KeyType": "HASH"},
            {"AttributeName": "timestamp", "KeyType": "RANGE"},
        ],
        "Projection": {"ProjectionType": "ALL"},
    },
    {
        "IndexName": PROCESSED_INDEX,
        "KeySchema": [
            {"AttributeName": PROCESSED_MINUTE, "KeyType": "HASH"},
            {"AttributeName": "processed_at", "KeyType": "RANGE"},
        ],
        "Projection": {"ProjectionType": "ALL"},
    },
]

# record_type values and their record_id (sort key) values.
FACE = "FACE"  # record_id FACE#000, FACE#001, ... (index in the image, largest face first)
NO_FACE = "NO_FACE"  # record_id NO_FACE: an image in which no face was detected
REJECTED = "REJECTED"  # record_id REJECTED: detect returned a typed failure
FAILURE = "FAILURE"  # record_id FAILURE: the state machine's Catch recorded an error
ENROLLMENT = "ENROLLMENT"  # record_id ENROLLMENT: written by enroll for an enroll/ image

# Records of one processed image that store replaces as a set (never ENROLLMENT records).
PIPELINE_RECORD_TYPES = (FACE, NO_FACE, REJECTED, FAILURE)


def face_record_id(index: int) -> str:
    return f"FACE#{index:03d}"


def processed_minute(processed_at: str) -> str:
    """The processed-time-index partition of a record: its ``processed_at`` to the minute
    (``2026-12-05T07:52``); ISO 8601 in UTC, so minutes sort as text."""
    return processed_at[:16]


# The columns of every processed/ JSON line, in order, with their Glue (Hive) types.
PROCESSED_COLUMNS: list[tuple[str, str]] = [
    ("record_type", "string"),
    ("image_id", "string"),
    ("record_id", "string"),
    ("bucket", "string"),
    ("key", "string"),
    ("version_id", "string"),
    ("execution_id", "string"),
    ("timestamp", "string"),
    ("captured_at", "string"),
    ("processed_at", "string"),
    ("camera_id", "string"),
    ("image_format", "string"),
    ("image_width", "int"),
    ("image_height", "int"),
    ("size_bytes", "bigint"),
    ("face_count", "int"),
    ("face_index", "int"),
    ("confidence", "double"),
    ("bounding_box", "struct<left:double,top:double,width:double,height:double>"),
    ("emotions", "array<struct<type:string,confidence:double>>"),
    ("top_emotion", "string"),
    ("age_low", "int"),
    ("age_high", "int"),
    ("pose", "struct<roll:double,yaw:double,pitch:double>"),
    ("quality", "struct<brightness:double,sharpness:double>"),
    ("match_status", "string"),
    ("matched", "boolean"),
    ("face_id", "string"),
    ("person_id", "string"),
    ("similarity", "double"),
    ("reason", "string"),
    ("error", "string"),
    ("error_message", "string"),
]
