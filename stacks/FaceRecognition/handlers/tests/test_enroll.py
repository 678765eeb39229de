"""Enrollment: IndexFaces with one face per image, records, and every refusal."""

from __future__ import annotations

import pytest
from boto3.dynamodb.types import TypeDeserializer

from facecommon import schema
from facecommon.enrollment import EnrollmentRollbackFailed, enroll_image
from facecommon.errors import RekognitionThrottled
from facecommon.events import ImageRef
from facecommon.ids import image_id
from tests.conftest import BUCKET, COLLECTION, TABLE, put_image
from tests.pictures import BLUE, GREEN, RED, Face, picture

ONE_FACE = [Face(RED, (250, 150, 250, 280))]


@pytest.fixture
def enroll(clients, bucket, table, rekognition, enroll_settings, metrics, clock):
    def run(key: str):
        return enroll_image(
            ImageRef(BUCKET, key),
            enroll_settings,
            clients.s3,
            rekognition.client,
            clients.dynamodb,
            metrics,
            clock,
        )

    return run


def enrollments(clients):
    found = clients.dynamodb.query(
        TableName=TABLE,
        IndexName=schema.LISTING_INDEX,
        KeyConditionExpression="listing = :l",
        ExpressionAttributeValues={":l": {"S": "ENROLLMENT"}},
    )["Items"]
    deserializer = TypeDeserializer()
    return [{k: deserializer.deserialize(v) for k, v in item.items()} for item in found]


def test_good_key_enrolls_the_face(clients, rekognition, enroll, metrics):
    put_image(clients, "enroll/alice.smith-01/passport.jpg", picture(ONE_FACE, image_format="JPEG"))

    result = enroll("enroll/alice.smith-01/passport.jpg")

    assert result["status"] == "ENROLLED"
    assert result["external_image_id"] == "alice.smith-01"
    (request,) = rekognition.params("IndexFaces")
    assert request == {
        "CollectionId": COLLECTION,
        "Image": {"S3Object": {"Bucket": BUCKET, "Name": "enroll/alice.smith-01/passport.jpg"}},
        "ExternalImageId": "alice.smith-01",
        "DetectionAttributes": ["DEFAULT"],
        "MaxFaces": 1,
        "QualityFilter": "AUTO",
    }
    stored = rekognition.collections[COLLECTION]
    assert list(stored) == [result["face_id"]]
    (record,) = enrollments(clients)
    assert record["image_id"] == image_id(BUCKET, "enroll/alice.smith-01/passport.jpg", None)
    assert record["record_id"] == "ENROLLMENT"
    assert record["external_image_id"] == "alice.smith-01"
    assert record["face_id"] == result["face_id"]
    assert record["timestamp"] == result["enrolled_at"]
    assert "person_id" not in record  # an enrollment is not a sighting
    assert metrics.totals() == {"FacesEnrolled": 1}


def test_enrolled_face_is_then_recognised(clients, rekognition, enroll, detect_settings):
    from facecommon.detection import detect_image

    put_image(clients, "enroll/bob/1.png", picture([Face(BLUE, (300, 200, 200, 200))]))
    enroll("enroll/bob/1.png")
    put_image(clients, "input/cam/x.png", picture([Face(BLUE, (50, 50, 120, 120))]))

    result = detect_image(
        ImageRef(BUCKET, "input/cam/x.png"), detect_settings, clients.s3, rekognition.client
    )

    assert result["faces"][0]["match"]["external_image_id"] == "bob"


def test_same_image_is_not_indexed_twice(clients, rekognition, enroll):
    put_image(clients, "enroll/alice/1.png", picture(ONE_FACE))

    first = enroll("enroll/alice/1.png")
    second = enroll("enroll/alice/1.png")

    assert second["status"] == "ALREADY_ENROLLED"
    assert second["face_id"] == first["face_id"]
    assert len(rekognition.params("IndexFaces")) == 1


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("enroll/bad id/1.png", "must match"),
        ("enroll/al*ce/1.png", "must match"),
        (f"enroll/{'x' * 256}/1.png", "at most 255 characters"),
        ("enroll/1.png", "enroll/<ExternalImageId>/<file>"),
        ("enroll/alice/sub/1.png", "enroll/<ExternalImageId>/<file>"),
        ("enroll//1.png", "empty ExternalImageId"),
    ],
)
def test_bad_id_is_rejected_with_a_clear_error(
    clients, rekognition, enroll, metrics, key, expected
):
    put_image(clients, key, picture(ONE_FACE))

    result = enroll(key)

    assert result["status"] == "REJECTED"
    assert result["reason"] == "INVALID_EXTERNAL_IMAGE_ID"
    assert expected in result["message"]
    assert key in result["message"]
    assert rekognition.calls == []
    assert metrics.totals() == {"EnrollmentsRejected": 1}


def test_longest_valid_id_is_accepted(clients, enroll):
    key = f"enroll/{'a:b_c.d-e' * 28}{'z' * 3}/1.png"
    assert len(key.split("/")[1]) == 255
    put_image(clients, key, picture(ONE_FACE))

    assert enroll(key)["status"] == "ENROLLED"


def test_no_face_is_not_enrolled(clients, rekognition, enroll):
    put_image(clients, "enroll/carol/empty.png", picture([]))

    result = enroll("enroll/carol/empty.png")

    assert (result["status"], result["reason"]) == ("REJECTED", "NO_USABLE_FACE")
    assert rekognition.collections[COLLECTION] == {}
    assert enrollments(clients) == []


def test_only_a_low_quality_face_is_not_enrolled(clients, enroll):
    put_image(clients, "enroll/carol/tiny.png", picture([Face(RED, (10, 10, 30, 30))]))

    result = enroll("enroll/carol/tiny.png")

    assert result["reason"] == "NO_USABLE_FACE"
    assert "SMALL_BOUNDING_BOX" in result["message"]


def test_two_faces_are_not_enrolled_and_the_index_is_undone(clients, rekognition, enroll):
    faces = [Face(RED, (50, 100, 250, 280)), Face(GREEN, (450, 100, 240, 260))]
    put_image(clients, "enroll/dave/pair.png", picture(faces))

    result = enroll("enroll/dave/pair.png")

    assert (result["status"], result["reason"]) == ("REJECTED", "MULTIPLE_FACES")
    assert "2 usable faces" in result["message"]
    assert rekognition.collections[COLLECTION] == {}
    assert rekognition.operations() == ["IndexFaces", "DeleteFaces"]
    assert enrollments(clients) == []


def test_a_blurred_bystander_does_not_block_enrollment(clients, rekognition, enroll):
    faces = [Face(RED, (50, 100, 250, 280)), Face(GREEN, (600, 20, 30, 30))]
    put_image(clients, "enroll/erin/street.png", picture(faces))

    result = enroll("enroll/erin/street.png")

    assert result["status"] == "ENROLLED"
    assert len(rekognition.collections[COLLECTION]) == 1


def test_non_image_is_rejected_without_indexing(clients, rekognition, enroll):
    put_image(clients, "enroll/frank/notes.jpg", b"just some text")

    result = enroll("enroll/frank/notes.jpg")

    assert result["reason"] == "UNSUPPORTED_FORMAT"
    assert rekognition.calls == []


def test_throttled_index_is_retryable(clients, rekognition, enroll):
    put_image(clients, "enroll/gina/1.png", picture(ONE_FACE))
    rekognition.fail("IndexFaces", "ThrottlingException")

    with pytest.raises(RekognitionThrottled):
        enroll("enroll/gina/1.png")
    assert enrollments(clients) == []


def test_url_encoded_key_from_the_event_is_decoded(clients, enroll):
    put_image(clients, "enroll/alice:2026/front door.png", picture(ONE_FACE))

    result = enroll("enroll/alice%3A2026/front+door.png")

    assert result["status"] == "ENROLLED"
    assert result["external_image_id"] == "alice:2026"
    assert result["key"] == "enroll/alice:2026/front door.png"
    assert result["image_id"] == image_id(BUCKET, "enroll/alice:2026/front door.png", None)


def test_missing_object_is_rejected(clients, rekognition, enroll):
    result = enroll("enroll/alice/gone.png")

    assert result["reason"] == "OBJECT_NOT_FOUND"
    assert rekognition.calls == []


def test_failed_undo_of_a_group_photo_is_an_error_not_a_rejection(clients, rekognition, enroll):
    faces = [Face(RED, (50, 100, 250, 280)), Face(GREEN, (450, 100, 240, 260))]
    put_image(clients, "enroll/dave/pair.png", picture(faces))
    rekognition.fail("DeleteFaces", "AccessDeniedException")

    with pytest.raises(EnrollmentRollbackFailed, match="stay in collection"):
        enroll("enroll/dave/pair.png")


def test_throttled_undo_is_retryable(clients, rekognition, enroll):
    faces = [Face(RED, (50, 100, 250, 280)), Face(GREEN, (450, 100, 240, 260))]
    put_image(clients, "enroll/dave/pair.png", picture(faces))
    rekognition.fail("DeleteFaces", "ThrottlingException")

    with pytest.raises(RekognitionThrottled):
        enroll("enroll/dave/pair.png")
