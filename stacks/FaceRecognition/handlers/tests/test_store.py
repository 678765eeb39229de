"""The store step: DynamoDB items, the processed/ object, idempotency, failures, metrics."""

from __future__ import annotations

import json
from typing import Any

import pytest
from boto3.dynamodb.types import TypeDeserializer

from facecommon import schema
from facecommon.detection import detect_image
from facecommon.errors import DynamoDBThrottled, InvalidEventError
from facecommon.events import ImageRef
from facecommon.ids import image_id
from facecommon.storage import batch_write, store_event
from tests.conftest import BUCKET, COLLECTION, TABLE, put_image
from tests.pictures import BLUE, GREEN, RED, Face, picture

GROUP = [
    Face(RED, (40, 60, 180, 200)),
    Face(GREEN, (300, 80, 140, 160)),
    Face(BLUE, (520, 100, 120, 130)),
]

_DESERIALIZER = TypeDeserializer()


def items(clients) -> list[dict[str, Any]]:
    scanned = clients.dynamodb.scan(TableName=TABLE)["Items"]
    plain = [{k: _DESERIALIZER.deserialize(v) for k, v in item.items()} for item in scanned]
    return sorted(plain, key=lambda i: (i["image_id"], i["record_id"]))


def processed_lines(clients, key: str) -> list[dict[str, Any]]:
    body = clients.s3.get_object(Bucket=BUCKET, Key=key)["Body"].read().decode()
    assert body.endswith("\n")
    return [json.loads(line) for line in body.splitlines()]


@pytest.fixture
def pipeline(clients, bucket, table, rekognition, detect_settings, store_settings, metrics, clock):
    """Runs detect then store for a key, like the state machine does."""

    def run(key: str, **ref: Any) -> dict[str, Any]:
        detected = detect_image(
            ImageRef(BUCKET, key, **ref), detect_settings, clients.s3, rekognition.client, clock
        )
        return store_event(
            detected, store_settings, clients.s3, clients.dynamodb, metrics, clock, lambda _: None
        )

    return run


def test_one_item_per_face_with_match_and_sighting_attributes(
    clients, rekognition, pipeline, metrics
):
    alice = rekognition.enroll(COLLECTION, RED, "alice")
    put_image(clients, "input/cam-1/group.png", picture(GROUP), Metadata={"camera-id": "lobby"})

    summary = pipeline("input/cam-1/group.png", execution_id="arn:exec:1")

    image = image_id(BUCKET, "input/cam-1/group.png", None)
    assert summary == {
        "status": "STORED",
        "record_type": "FACE",
        "image_id": image,
        "records_written": 3,
        "records_deleted": 0,
        "table": TABLE,
        "processed_object": {"bucket": BUCKET, "key": "processed/cam-1/group.png.json"},
    }
    stored = items(clients)
    assert [i["record_id"] for i in stored] == ["FACE#000", "FACE#001", "FACE#002"]
    first = stored[0]
    assert first["record_type"] == "FACE"
    assert first["person_id"] == "alice"
    assert first["face_id"] == alice
    assert first["matched"] is True
    assert float(first["similarity"]) == 99.5
    assert first["execution_id"] == "arn:exec:1"
    assert first["camera_id"] == "lobby"
    assert set(first["bounding_box"]) == {"left", "top", "width", "height"}
    assert first["emotions"][0]["type"] == "HAPPY"
    assert first["top_emotion"] == "HAPPY"
    assert first["timestamp"] == first["captured_at"]
    # Unmatched faces stay out of the person index (sparse: no person_id attribute at all).
    assert "person_id" not in stored[1]
    assert stored[1]["match_status"] == "UNMATCHED"
    assert "listing" not in first
    assert "expires_at" not in first
    assert metrics.totals() == {
        "ImagesProcessed": 1,
        "FacesDetected": 3,
        "FacesMatched": 1,
        "ProcessingLatency": metrics.totals()["ProcessingLatency"],
    }
    assert metrics.totals()["ProcessingLatency"] > 0


def test_processed_object_is_json_lines_with_every_column(clients, rekognition, pipeline):
    rekognition.enroll(COLLECTION, RED, "alice")
    put_image(clients, "input/cam-1/group.png", picture(GROUP))

    pipeline("input/cam-1/group.png")

    lines = processed_lines(clients, "processed/cam-1/group.png.json")
    columns = [name for name, _ in schema.PROCESSED_COLUMNS]
    assert len(lines) == 3
    assert all(list(line) == columns for line in lines)
    assert lines[0]["person_id"] == "alice"
    assert lines[1]["person_id"] is None
    assert lines[0]["image_width"] == 800
    head = clients.s3.head_object(Bucket=BUCKET, Key="processed/cam-1/group.png.json")
    assert head["ContentType"] == "application/x-ndjson"


def test_image_without_faces_gets_one_record(clients, pipeline, metrics):
    put_image(clients, "input/empty.png", picture([]))

    summary = pipeline("input/empty.png")

    assert summary["record_type"] == "NO_FACE"
    (item,) = items(clients)
    assert item["record_id"] == "NO_FACE"
    assert item["face_count"] == 0
    (line,) = processed_lines(clients, "processed/empty.png.json")
    assert line["record_type"] == "NO_FACE"
    assert metrics.totals()["FacesDetected"] == 0


def test_same_image_twice_gives_the_same_items_and_object(clients, rekognition, pipeline):
    rekognition.enroll(COLLECTION, RED, "alice")
    put_image(clients, "input/cam-1/group.png", picture(GROUP))

    pipeline("input/cam-1/group.png")
    first_items = items(clients)
    first_lines = processed_lines(clients, "processed/cam-1/group.png.json")
    pipeline("input/cam-1/group.png")

    second_items = items(clients)
    assert [(i["image_id"], i["record_id"]) for i in second_items] == [
        (i["image_id"], i["record_id"]) for i in first_items
    ]
    strip = [{k: v for k, v in i.items() if k != "processed_at"} for i in second_items]
    assert strip == [{k: v for k, v in i.items() if k != "processed_at"} for i in first_items]
    assert len(processed_lines(clients, "processed/cam-1/group.png.json")) == len(first_lines)
    listed = clients.s3.list_objects_v2(Bucket=BUCKET, Prefix="processed/")["KeyCount"]
    assert listed == 1


def test_latest_outcome_replaces_stale_records(clients, pipeline, store_settings, metrics, clock):
    put_image(clients, "input/cam-1/group.png", picture(GROUP))
    failure = {
        "bucket": BUCKET,
        "key": "input/cam-1/group.png",
        "version_id": None,
        "failure": {"Error": "States.Timeout", "Cause": "task timed out"},
    }
    store_event(failure, store_settings, clients.s3, clients.dynamodb, metrics, clock)
    assert [i["record_id"] for i in items(clients)] == ["FAILURE"]

    summary = pipeline("input/cam-1/group.png")

    assert summary["records_deleted"] == 1
    assert [i["record_id"] for i in items(clients)] == ["FACE#000", "FACE#001", "FACE#002"]


def test_failure_record_from_the_catch(clients, bucket, table, store_settings, metrics, clock):
    cause = json.dumps(
        {
            "errorMessage": "boom: unexpected response",
            "errorType": "KeyError",
            "stackTrace": ["..."],
        }
    )
    event = {
        "bucket": BUCKET,
        "key": "input/cam-2/x.jpg",
        "version_id": "v1",
        "execution_id": "arn:aws:states:us-east-1:123456789012:execution:sm:abc",
        "failure": {"Error": "KeyError", "Cause": cause},
    }

    summary = store_event(event, store_settings, clients.s3, clients.dynamodb, metrics, clock)

    assert summary["record_type"] == "FAILURE"
    (item,) = items(clients)
    assert item["image_id"] == image_id(BUCKET, "input/cam-2/x.jpg", "v1")
    assert item["record_id"] == "FAILURE"
    assert item["listing"] == "FAILURE"
    assert item["error"] == "KeyError"
    assert item["error_message"] == "boom: unexpected response"
    assert item["execution_id"].endswith(":abc")
    (line,) = processed_lines(clients, "processed/cam-2/x.jpg.json")
    assert line["record_type"] == "FAILURE"
    assert metrics.totals() == {"ImagesFailed": 1}
    # Failures can be listed by time through the listing index.
    listed = clients.dynamodb.query(
        TableName=TABLE,
        IndexName=schema.LISTING_INDEX,
        KeyConditionExpression="listing = :l",
        ExpressionAttributeValues={":l": {"S": "FAILURE"}},
    )["Items"]
    assert len(listed) == 1


def test_failure_record_in_the_explicit_shape(
    clients, bucket, table, store_settings, metrics, clock
):
    event = {
        "failure": {
            "bucket": BUCKET,
            "key": "input/y.jpg",
            "error": "States.TaskFailed",
            "cause": "plain text cause",
        }
    }

    store_event(event, store_settings, clients.s3, clients.dynamodb, metrics, clock)

    (item,) = items(clients)
    assert (item["error"], item["error_message"]) == ("States.TaskFailed", "plain text cause")


def test_rejected_detect_result_is_recorded(clients, pipeline, metrics):
    put_image(clients, "input/fake.jpg", b"GIF89a not supported")

    summary = pipeline("input/fake.jpg")

    assert summary["record_type"] == "REJECTED"
    (item,) = items(clients)
    assert item["reason"] == "UNSUPPORTED_FORMAT"
    assert item["listing"] == "REJECTED"
    assert metrics.totals() == {"ImagesRejected": 1}


def test_sightings_of_a_person_by_time(clients, rekognition, pipeline):
    rekognition.enroll(COLLECTION, RED, "alice")
    for day in ("2026-11-27", "2026-11-25", "2026-11-26"):
        put_image(
            clients,
            f"input/cam-1/{day}.png",
            picture([Face(RED, (100, 100, 150, 150)), Face(GREEN, (400, 100, 150, 150))]),
            Metadata={"captured-at": f"{day}T10:00:00Z"},
        )
        pipeline(f"input/cam-1/{day}.png")

    sightings = clients.dynamodb.query(
        TableName=TABLE,
        IndexName=schema.PERSON_INDEX,
        KeyConditionExpression="person_id = :p AND #t BETWEEN :a AND :b",
        ExpressionAttributeNames={"#t": "timestamp"},
        ExpressionAttributeValues={
            ":p": {"S": "alice"},
            ":a": {"S": "2026-11-25"},
            ":b": {"S": "2026-11-27"},
        },
    )["Items"]
    assert [s["timestamp"]["S"] for s in sightings] == [
        "2026-11-25T10:00:00.000Z",
        "2026-11-26T10:00:00.000Z",
    ]


def test_ttl_attribute_when_configured(clients, bucket, table, store_settings, metrics, clock):
    settings = store_settings.__class__(**{**store_settings.__dict__, "result_ttl_days": 30})
    event = {"bucket": BUCKET, "key": "input/z.jpg", "failure": {"Error": "E", "Cause": "c"}}

    processed_at = clock.now
    store_event(event, settings, clients.s3, clients.dynamodb, metrics, clock)

    (item,) = items(clients)
    assert item["expires_at"] == int(processed_at.timestamp()) + 30 * 86400


def test_invalid_input_is_not_retryable(clients, bucket, table, store_settings, metrics):
    with pytest.raises(InvalidEventError):
        store_event(
            {"status": "MAYBE", "image_id": "x", "bucket": "b", "key": "k"},
            store_settings,
            clients.s3,
            clients.dynamodb,
            metrics,
        )
    with pytest.raises(InvalidEventError):
        store_event(["not", "an", "object"], store_settings, clients.s3, clients.dynamodb, metrics)


class FlakyDynamoDB:
    """Leaves the first item of every batch unprocessed ``failures`` times."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.batches: list[int] = []

    def batch_write_item(self, RequestItems):
        ((table, requests),) = RequestItems.items()
        self.batches.append(len(requests))
        if self.failures > 0:
            self.failures -= 1
            return {"UnprocessedItems": {table: requests[:1]}}
        return {"UnprocessedItems": {}}


def test_batch_write_retries_unprocessed_items_in_chunks_of_25():
    flaky = FlakyDynamoDB(failures=2)
    delays: list[float] = []
    requests = [{"PutRequest": {"Item": {"image_id": {"S": str(n)}}}} for n in range(30)]

    batch_write(flaky, TABLE, requests, delays.append)

    assert flaky.batches == [25, 1, 1, 5]
    assert delays == [0.05, 0.1]


def test_batch_write_gives_up_with_a_retryable_error():
    flaky = FlakyDynamoDB(failures=100)

    with pytest.raises(DynamoDBThrottled, match="unprocessed"):
        batch_write(flaky, TABLE, [{"PutRequest": {"Item": {}}}], lambda _: None)
