"""The detect step against moto S3 and the fake Rekognition."""

from __future__ import annotations

import pytest

from facecommon.detection import detect_image
from facecommon.errors import RekognitionThrottled, RekognitionUnavailable
from facecommon.events import ImageRef
from facecommon.ids import image_id
from tests.conftest import BUCKET, COLLECTION, put_image
from tests.pictures import BLUE, GREEN, ORANGE, RED, YELLOW, Face, picture

GROUP = [
    Face(RED, (40, 60, 180, 200)),  # the largest face
    Face(GREEN, (300, 80, 140, 160)),
    Face(BLUE, (520, 100, 120, 130)),
]


@pytest.fixture
def world(clients, bucket, rekognition):
    return clients, rekognition


def run(clients, rekognition, settings, key, **ref):
    return detect_image(ImageRef(BUCKET, key, **ref), settings, clients.s3, rekognition.client)


def test_several_faces_some_matched_some_not(world, detect_settings):
    clients, rekognition = world
    alice = rekognition.enroll(COLLECTION, RED, "alice")
    bob = rekognition.enroll(COLLECTION, BLUE, "bob")
    put_image(clients, "input/cam-1/group.png", picture(GROUP), ContentType="image/png")

    result = run(clients, rekognition, detect_settings, "input/cam-1/group.png")

    assert result["status"] == "OK"
    assert result["face_count"] == 3
    assert result["faces_searched"] == 3
    assert result["faces_matched"] == 2
    assert result["image"] == {
        "format": "PNG",
        "width": 800,
        "height": 600,
        "size_bytes": result["image"]["size_bytes"],
        "content_type": "image/png",
        "etag": result["image"]["etag"],
    }
    assert result["image_id"] == image_id(BUCKET, "input/cam-1/group.png", None)
    matches = [face["match"] for face in result["faces"]]
    # Faces come largest first, and each one was searched with its own crop.
    assert matches[0] == {
        "status": "MATCHED",
        "face_id": alice,
        "external_image_id": "alice",
        "similarity": 99.5,
    }
    assert matches[1] == {"status": "UNMATCHED"}
    assert matches[2]["status"] == "MATCHED"
    assert matches[2]["face_id"] == bob
    assert len(rekognition.params("SearchFacesByImage")) == 3


def test_face_summary_has_box_emotions_age_pose_quality(world, detect_settings):
    clients, rekognition = world
    put_image(clients, "input/one.png", picture([Face(RED, (200, 150, 200, 200))]))

    face = run(clients, rekognition, detect_settings, "input/one.png")["faces"][0]

    assert face["bounding_box"] == {"left": 0.25, "top": 0.25, "width": 0.25, "height": 0.3333}
    assert face["confidence"] == 99.9
    assert [e["type"] for e in face["emotions"]] == ["HAPPY", "CALM", "SURPRISED"]
    assert face["emotions"][0]["confidence"] == 80.0
    assert face["age_range"] == {"low": 25, "high": 35}
    assert face["pose"] == {"roll": 1.5, "yaw": -3.25, "pitch": 4.0}
    assert face["quality"] == {"brightness": 80.5, "sharpness": 92.25}


def test_detect_faces_request_uses_s3_object_and_all_attributes(world, detect_settings):
    clients, rekognition = world
    put_image(clients, "input/one.png", picture([Face(RED, (200, 150, 200, 200))]))

    run(clients, rekognition, detect_settings, "input/one.png")

    (request,) = rekognition.params("DetectFaces")
    assert request == {
        "Image": {"S3Object": {"Bucket": BUCKET, "Name": "input/one.png"}},
        "Attributes": ["ALL"],
    }
    (search,) = rekognition.params("SearchFacesByImage")
    assert search["CollectionId"] == COLLECTION
    assert search["FaceMatchThreshold"] == 80.0
    assert search["MaxFaces"] == 1
    assert search["Image"]["Bytes"].startswith(b"\xff\xd8\xff")


def test_versioned_object_pins_the_version(world, detect_settings):
    clients, rekognition = world
    clients.s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    put_image(clients, "input/v.png", picture([Face(RED, (200, 150, 200, 200))]))
    first = clients.s3.head_object(Bucket=BUCKET, Key="input/v.png")["VersionId"]
    put_image(clients, "input/v.png", picture([]))

    result = run(clients, rekognition, detect_settings, "input/v.png", version_id=first)

    assert result["face_count"] == 1
    assert result["version_id"] == first
    assert result["image_id"] == image_id(BUCKET, "input/v.png", first)
    assert result["image_id"] != image_id(BUCKET, "input/v.png", None)
    assert rekognition.params("DetectFaces")[0]["Image"]["S3Object"]["Version"] == first


def test_faces_beyond_the_maximum_are_reported_not_searched(world, detect_settings):
    clients, rekognition = world
    faces = [*GROUP, Face(YELLOW, (40, 400, 100, 100)), Face(ORANGE, (300, 420, 90, 90))]
    put_image(clients, "input/crowd.png", picture(faces))
    settings = detect_settings.__class__(**{**detect_settings.__dict__, "max_faces": 2})

    result = run(clients, rekognition, settings, "input/crowd.png")

    assert result["face_count"] == 5
    assert result["faces_searched"] == 2
    assert [f["match"]["status"] for f in result["faces"]] == [
        "UNMATCHED",
        "UNMATCHED",
        "NOT_SEARCHED",
        "NOT_SEARCHED",
        "NOT_SEARCHED",
    ]


def test_match_below_threshold_is_unmatched(world, detect_settings):
    clients, rekognition = world
    rekognition.enroll(COLLECTION, RED, "alice", similarity=70.0)
    put_image(clients, "input/one.png", picture([Face(RED, (200, 150, 200, 200))]))

    result = run(clients, rekognition, detect_settings, "input/one.png")

    assert result["faces"][0]["match"] == {"status": "UNMATCHED"}


def test_jpeg_is_accepted_and_crops_are_searched(world, detect_settings):
    clients, rekognition = world
    rekognition.enroll(COLLECTION, GREEN, "carol")
    body = picture([Face(GREEN, (100, 100, 150, 150))], image_format="JPEG")
    put_image(clients, "input/photo.jpg", body, ContentType="image/jpeg")

    result = run(clients, rekognition, detect_settings, "input/photo.jpg")

    assert result["image"]["format"] == "JPEG"
    assert result["faces"][0]["match"]["external_image_id"] == "carol"


def test_no_face(world, detect_settings):
    clients, rekognition = world
    put_image(clients, "input/empty.png", picture([]))

    result = run(clients, rekognition, detect_settings, "input/empty.png")

    assert result["status"] == "OK"
    assert result["face_count"] == 0
    assert result["faces"] == []
    assert rekognition.operations() == ["DetectFaces"]


def test_over_size_object_is_rejected_before_download(world, detect_settings):
    clients, rekognition = world
    body = picture([Face(RED, (10, 10, 50, 50))])
    put_image(clients, "input/big.png", body + b"\0" * (15 * 1024 * 1024))

    result = run(clients, rekognition, detect_settings, "input/big.png")

    assert result["status"] == "REJECTED"
    assert result["reason"] == "OBJECT_TOO_LARGE"
    assert "15728640" in result["message"]
    assert rekognition.calls == []


def test_non_image_with_jpg_key_is_rejected_by_magic_bytes(world, detect_settings):
    clients, rekognition = world
    put_image(clients, "input/fake.jpg", b"%PDF-1.7\n not an image", ContentType="image/jpeg")

    result = run(clients, rekognition, detect_settings, "input/fake.jpg")

    assert result["status"] == "REJECTED"
    assert result["reason"] == "UNSUPPORTED_FORMAT"
    assert "255044462d" in result["message"]
    assert rekognition.calls == []


def test_truncated_jpeg_is_undecodable(world, detect_settings):
    clients, rekognition = world
    body = picture([Face(RED, (10, 10, 50, 50))], image_format="JPEG")
    put_image(clients, "input/cut.jpg", body[:200])

    result = run(clients, rekognition, detect_settings, "input/cut.jpg")

    assert result["reason"] == "UNDECODABLE_IMAGE"


def test_missing_object_is_rejected(world, detect_settings):
    clients, rekognition = world

    result = run(clients, rekognition, detect_settings, "input/nothing.jpg", execution_id="exec-1")

    assert result["status"] == "REJECTED"
    assert result["reason"] == "OBJECT_NOT_FOUND"
    assert result["execution_id"] == "exec-1"
    assert result["image_id"] == image_id(BUCKET, "input/nothing.jpg", None)


def test_url_encoded_key_from_the_event_is_decoded(world, detect_settings):
    clients, rekognition = world
    put_image(clients, "input/front door/a b.png", picture([Face(RED, (200, 150, 200, 200))]))

    result = run(clients, rekognition, detect_settings, "input/front+door/a+b.png")

    assert result["status"] == "OK"
    assert result["key"] == "input/front door/a b.png"
    assert result["image_id"] == image_id(BUCKET, "input/front door/a b.png", None)


def test_url_encoded_key_of_an_oversize_object_is_rejected_under_its_real_key(
    world, detect_settings
):
    clients, rekognition = world
    put_image(clients, "input/a b.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (15 * 1024 * 1024))

    result = run(clients, rekognition, detect_settings, "input/a+b.png")

    assert result["reason"] == "OBJECT_TOO_LARGE"
    assert result["key"] == "input/a b.png"


@pytest.mark.parametrize(
    ("operation", "code", "status", "expected"),
    [
        ("DetectFaces", "ThrottlingException", 400, RekognitionThrottled),
        ("DetectFaces", "ProvisionedThroughputExceededException", 400, RekognitionThrottled),
        ("DetectFaces", "InternalServerError", 500, RekognitionUnavailable),
        ("SearchFacesByImage", "ThrottlingException", 400, RekognitionThrottled),
    ],
)
def test_throttling_and_server_errors_are_retryable(
    world, detect_settings, operation, code, status, expected
):
    clients, rekognition = world
    put_image(clients, "input/one.png", picture([Face(RED, (200, 150, 200, 200))]))
    rekognition.fail(operation, code, status)

    with pytest.raises(expected, match=code):
        run(clients, rekognition, detect_settings, "input/one.png")


def test_image_rekognition_refuses_is_a_typed_failure(world, detect_settings):
    clients, rekognition = world
    put_image(clients, "input/one.png", picture([Face(RED, (200, 150, 200, 200))]))
    rekognition.fail("DetectFaces", "InvalidImageFormatException")

    result = run(clients, rekognition, detect_settings, "input/one.png")

    assert result["status"] == "REJECTED"
    assert result["reason"] == "IMAGE_REJECTED_BY_REKOGNITION"


def test_missing_collection_is_a_typed_failure(world, detect_settings):
    clients, rekognition = world
    put_image(clients, "input/one.png", picture([Face(RED, (200, 150, 200, 200))]))
    settings = detect_settings.__class__(**{**detect_settings.__dict__, "collection_id": "nope"})

    result = run(clients, rekognition, settings, "input/one.png")

    assert result["reason"] == "COLLECTION_NOT_FOUND"


def test_unsearchable_crop_is_unmatched(world, detect_settings):
    clients, rekognition = world
    put_image(clients, "input/one.png", picture([Face(RED, (200, 150, 200, 200))]))
    rekognition.fail("SearchFacesByImage", "InvalidParameterException")

    result = run(clients, rekognition, detect_settings, "input/one.png")

    assert result["faces"][0]["match"] == {
        "status": "UNMATCHED",
        "note": "no searchable face in the crop",
    }


def test_captured_at_metadata_sets_the_sighting_time(world, detect_settings):
    clients, rekognition = world
    put_image(
        clients,
        "input/one.png",
        picture([Face(RED, (200, 150, 200, 200))]),
        Metadata={"captured-at": "2026-11-28T08:30:00+01:00", "camera-id": "lobby"},
    )

    result = run(clients, rekognition, detect_settings, "input/one.png")

    assert result["captured_at"] == "2026-11-28T07:30:00.000Z"
    assert result["camera_id"] == "lobby"
