"""Rekognition's face operations on the real engine, through boto3, with real photographs; every
successful answer is checked against botocore's output shape (raw JSON, recursively)."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError
from PIL import Image

from .conftest import Emulator


def error_code(error: pytest.ExceptionInfo[ClientError]) -> str:
    return str(error.value.response["Error"]["Code"])


def jpeg(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=92)
    return out.getvalue()


def faceless(photos: dict[str, bytes]) -> bytes:
    """The lower half of the Biden portrait: suit and background, no face."""
    picture = Image.open(io.BytesIO(photos["biden.jpg"])).convert("RGB")
    return jpeg(picture.crop((0, picture.height // 2, picture.width, picture.height)))


@pytest.fixture
def rekognition(emulator: Emulator) -> Any:
    return emulator.client("rekognition")


@pytest.fixture
def collection(emulator: Emulator, rekognition: Any) -> str:
    name = f"faces-{uuid.uuid4().hex[:8]}"
    emulator.checked(rekognition, "CreateCollection", CollectionId=name)
    return name


def test_enrolled_person_is_found_in_another_photo_and_another_person_is_not(
    emulator: Emulator, rekognition: Any, collection: str, photos: dict[str, bytes]
) -> None:
    indexed = emulator.checked(
        rekognition, "IndexFaces", CollectionId=collection, Image={"Bytes": photos["obama.jpg"]},
        ExternalImageId="obama", MaxFaces=1, QualityFilter="AUTO",
        DetectionAttributes=["DEFAULT"],
    )
    assert len(indexed["FaceRecords"]) == 1
    assert indexed["UnindexedFaces"] == []
    record = indexed["FaceRecords"][0]
    assert record["Face"]["ExternalImageId"] == "obama"
    detail = record["FaceDetail"]
    assert {mark["Type"] for mark in detail["Landmarks"]} == {
        "eyeLeft", "eyeRight", "mouthLeft", "mouthRight", "nose"}
    box = detail["BoundingBox"]
    assert 0.2 < box["Width"] < 0.5
    assert 0.05 < box["Top"] < 0.3
    assert detail["Confidence"] > 99
    assert abs(detail["Pose"]["Yaw"]) < 15
    assert abs(detail["Pose"]["Roll"]) < 10

    found = emulator.checked(rekognition, "SearchFacesByImage", CollectionId=collection,
                             Image={"Bytes": photos["obama2.jpg"]}, FaceMatchThreshold=80)
    assert [m["Face"]["ExternalImageId"] for m in found["FaceMatches"]] == ["obama"]
    assert found["FaceMatches"][0]["Similarity"] >= 90
    assert found["FaceMatches"][0]["Face"]["FaceId"] == record["Face"]["FaceId"]
    assert found["SearchedFaceConfidence"] > 99

    other = emulator.checked(rekognition, "SearchFacesByImage", CollectionId=collection,
                             Image={"Bytes": photos["biden.jpg"]}, FaceMatchThreshold=80)
    assert other["FaceMatches"] == []
    every = emulator.checked(rekognition, "SearchFacesByImage", CollectionId=collection,
                             Image={"Bytes": photos["biden.jpg"]}, FaceMatchThreshold=0)
    assert every["FaceMatches"][0]["Similarity"] < 80


def test_a_photo_without_a_face(
    emulator: Emulator, rekognition: Any, collection: str, photos: dict[str, bytes]
) -> None:
    image = {"Bytes": faceless(photos)}
    assert emulator.checked(rekognition, "DetectFaces", Image=image)["FaceDetails"] == []
    indexed = emulator.checked(rekognition, "IndexFaces", CollectionId=collection, Image=image)
    assert indexed["FaceRecords"] == []
    assert indexed["UnindexedFaces"] == []
    with pytest.raises(ClientError) as error:
        rekognition.search_faces_by_image(CollectionId=collection, Image=image)
    assert error_code(error) == "InvalidParameterException"
    assert "no faces" in error.value.response["Error"]["Message"]


def test_images_that_are_not_jpeg_or_png(
    rekognition: Any, collection: str, photos: dict[str, bytes]
) -> None:
    for data in (b"GIF89a not a photo", photos["obama.jpg"][:3000]):
        for call in (
            lambda d: rekognition.detect_faces(Image={"Bytes": d}),
            lambda d: rekognition.index_faces(CollectionId=collection, Image={"Bytes": d}),
        ):
            with pytest.raises(ClientError) as error:
                call(data)
            assert error_code(error) == "InvalidImageFormatException"
            assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_detect_faces_with_all_attributes(
    emulator: Emulator, rekognition: Any, photos: dict[str, bytes]
) -> None:
    details = emulator.checked(rekognition, "DetectFaces", Image={"Bytes": photos["obama.jpg"]},
                               Attributes=["ALL"])["FaceDetails"]
    assert len(details) == 1
    face = details[0]
    assert len(face["Landmarks"]) == 30
    assert face["Emotions"][0]["Type"] == "HAPPY"  # the official portrait smiles
    assert sum(e["Confidence"] for e in face["Emotions"]) == pytest.approx(100, abs=0.5)
    assert 30 < face["Quality"]["Brightness"] < 90
    assert face["Quality"]["Sharpness"] > 50
    assert "AgeRange" not in face  # no model ships for it: never invented
    default = emulator.checked(rekognition, "DetectFaces",
                               Image={"Bytes": photos["obama.jpg"]})["FaceDetails"][0]
    assert "Emotions" not in default
    assert len(default["Landmarks"]) == 5


def test_images_from_s3_by_version(
    emulator: Emulator, rekognition: Any, collection: str, photos: dict[str, bytes]
) -> None:
    s3 = emulator.client("s3")
    bucket = f"photos-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    first = s3.put_object(Bucket=bucket, Key="people/a.jpg", Body=photos["obama.jpg"])
    s3.put_object(Bucket=bucket, Key="people/a.jpg", Body=photos["biden.jpg"])
    emulator.checked(rekognition, "IndexFaces", CollectionId=collection, ExternalImageId="obama",
                     Image={"S3Object": {"Bucket": bucket, "Name": "people/a.jpg",
                                         "Version": first["VersionId"]}})
    latest = emulator.checked(rekognition, "SearchFacesByImage", CollectionId=collection,
                              Image={"S3Object": {"Bucket": bucket, "Name": "people/a.jpg"}})
    assert latest["FaceMatches"] == []  # the latest version is Biden
    s3.put_object(Bucket=bucket, Key="people/b.jpg", Body=photos["obama2.jpg"])
    found = emulator.checked(rekognition, "SearchFacesByImage", CollectionId=collection,
                             Image={"S3Object": {"Bucket": bucket, "Name": "people/b.jpg"}})
    assert found["FaceMatches"][0]["Face"]["ExternalImageId"] == "obama"
    for location in ({"Bucket": bucket, "Name": "missing.jpg"},
                     {"Bucket": "no-such-bucket-here", "Name": "a.jpg"},
                     {"Bucket": bucket, "Name": "people/a.jpg", "Version": "nope"}):
        with pytest.raises(ClientError) as error:
            rekognition.detect_faces(Image={"S3Object": location})
        assert error_code(error) == "InvalidS3ObjectException"
    elsewhere = emulator.client("s3", region="eu-west-1")
    elsewhere.create_bucket(Bucket=f"{bucket}-eu",
                            CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    elsewhere.put_object(Bucket=f"{bucket}-eu", Key="a.jpg", Body=photos["obama.jpg"])
    with pytest.raises(ClientError) as error:
        rekognition.detect_faces(Image={"S3Object": {"Bucket": f"{bucket}-eu", "Name": "a.jpg"}})
    assert error_code(error) == "InvalidS3ObjectException"


def test_images_over_the_size_limits(
    emulator: Emulator, rekognition: Any, collection: str
) -> None:
    big = b"\xff\xd8\xff" + bytes(5 * 1024 * 1024)
    with pytest.raises(ClientError) as error:
        rekognition.detect_faces(Image={"Bytes": big})
    assert error_code(error) == "ImageTooLargeException"
    s3 = emulator.client("s3")
    bucket = f"large-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="huge.jpg", Body=b"\xff\xd8\xff" + bytes(15 * 1024 * 1024))
    with pytest.raises(ClientError) as error:
        rekognition.index_faces(CollectionId=collection,
                                Image={"S3Object": {"Bucket": bucket, "Name": "huge.jpg"}})
    assert error_code(error) == "ImageTooLargeException"


def test_compare_faces(emulator: Emulator, rekognition: Any, photos: dict[str, bytes]) -> None:
    same = emulator.checked(rekognition, "CompareFaces",
                            SourceImage={"Bytes": photos["obama.jpg"]},
                            TargetImage={"Bytes": photos["obama2.jpg"]})
    assert len(same["FaceMatches"]) == 1
    assert same["FaceMatches"][0]["Similarity"] >= 90
    other = emulator.checked(rekognition, "CompareFaces",
                             SourceImage={"Bytes": photos["obama.jpg"]},
                             TargetImage={"Bytes": photos["biden.jpg"]})
    assert other["FaceMatches"] == []
    assert len(other["UnmatchedFaces"]) == 1


def test_faces_of_a_collection_listed_searched_and_deleted(
    emulator: Emulator, rekognition: Any, collection: str, photos: dict[str, bytes]
) -> None:
    ids = {}
    for name in ("obama.jpg", "obama2.jpg", "biden.jpg"):
        record = emulator.checked(rekognition, "IndexFaces", CollectionId=collection,
                                  ExternalImageId=name.split(".")[0].rstrip("2"),
                                  Image={"Bytes": photos[name]})["FaceRecords"][0]
        ids[name] = record["Face"]["FaceId"]
    first = emulator.checked(rekognition, "ListFaces", CollectionId=collection, MaxResults=2)
    assert len(first["Faces"]) == 2
    assert "NextToken" in first
    rest = emulator.checked(rekognition, "ListFaces", CollectionId=collection, MaxResults=2,
                            NextToken=first["NextToken"])
    assert len(rest["Faces"]) == 1
    assert "NextToken" not in rest
    assert {f["FaceId"] for f in first["Faces"] + rest["Faces"]} == set(ids.values())
    with pytest.raises(ClientError) as error:
        rekognition.list_faces(CollectionId=collection, NextToken="garbage")
    assert error_code(error) == "InvalidPaginationTokenException"

    searched = emulator.checked(rekognition, "SearchFaces", CollectionId=collection,
                                FaceId=ids["obama.jpg"])
    assert [m["Face"]["FaceId"] for m in searched["FaceMatches"]] == [ids["obama2.jpg"]]

    missing = str(uuid.uuid4())
    deleted = emulator.checked(rekognition, "DeleteFaces", CollectionId=collection,
                               FaceIds=[ids["biden.jpg"], missing])
    assert deleted["DeletedFaces"] == [ids["biden.jpg"]]
    assert deleted["UnsuccessfulFaceDeletions"] == [
        {"FaceId": missing, "Reasons": ["FACE_NOT_FOUND"]}]
    described = emulator.checked(rekognition, "DescribeCollection", CollectionId=collection)
    assert described["FaceCount"] == 2
    listed = {c["id"]: c["faces"] for c in emulator.health()["collections"]}
    assert listed[collection] == 2


def test_index_faces_max_faces_and_quality_filter(
    emulator: Emulator, rekognition: Any, collection: str, photos: dict[str, bytes]
) -> None:
    two = Image.new("RGB", (1800, 1150), "white")
    two.paste(Image.open(io.BytesIO(photos["obama.jpg"])), (0, 0))
    two.paste(Image.open(io.BytesIO(photos["obama2.jpg"])).resize((470, 900)), (1000, 100))
    indexed = emulator.checked(rekognition, "IndexFaces", CollectionId=collection, MaxFaces=1,
                               Image={"Bytes": jpeg(two)})
    assert len(indexed["FaceRecords"]) == 1
    assert [u["Reasons"] for u in indexed["UnindexedFaces"]] == [["EXCEEDS_MAX_FACES"]]
    dark = Image.open(io.BytesIO(photos["obama.jpg"])).point(lambda value: value // 12)
    filtered = emulator.checked(rekognition, "IndexFaces", CollectionId=collection,
                                QualityFilter="HIGH", Image={"Bytes": jpeg(dark)})
    assert filtered["FaceRecords"] == []
    assert "LOW_BRIGHTNESS" in filtered["UnindexedFaces"][0]["Reasons"]
    kept = emulator.checked(rekognition, "IndexFaces", CollectionId=collection,
                            QualityFilter="NONE", Image={"Bytes": jpeg(dark)})
    assert len(kept["FaceRecords"]) == 1


def test_collections(emulator: Emulator, rekognition: Any) -> None:
    name = f"c-{uuid.uuid4().hex[:8]}"
    created = emulator.checked(rekognition, "CreateCollection", CollectionId=name,
                               Tags={"team": "vision"})
    assert created["CollectionArn"] == f"aws:rekognition:us-east-1:123456789012:collection/{name}"
    with pytest.raises(ClientError) as error:
        rekognition.create_collection(CollectionId=name)
    assert error_code(error) == "ResourceAlreadyExistsException"
    arn = emulator.checked(rekognition, "DescribeCollection", CollectionId=name)["CollectionARN"]
    assert emulator.checked(rekognition, "ListTagsForResource", ResourceArn=arn)["Tags"] == {
        "team": "vision"}
    assert name in emulator.checked(rekognition, "ListCollections")["CollectionIds"]
    emulator.checked(rekognition, "DeleteCollection", CollectionId=name)
    for call in (lambda: rekognition.describe_collection(CollectionId=name),
                 lambda: rekognition.list_faces(CollectionId=name),
                 lambda: rekognition.index_faces(CollectionId=name, Image={"Bytes": b"x"})):
        with pytest.raises(ClientError) as error:
            call()
        assert error_code(error) == "ResourceNotFoundException"
    other_region = emulator.client("rekognition", region="eu-west-1")
    assert name not in other_region.list_collections()["CollectionIds"]


def raw_call(emulator: Emulator, target: str, body: Any) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        emulator.endpoint, data=json.dumps(body).encode(), method="POST",
        headers={"X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.1"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_errors_are_rekognition_shaped(emulator: Emulator, rekognition: Any) -> None:
    status, body = raw_call(emulator, "RekognitionService.DetectLabels", {"Image": {}})
    assert status == 501
    assert body["__type"] == "NotImplementedException"
    assert "DetectLabels" in body["Message"]
    with pytest.raises(ClientError) as error:
        rekognition.recognize_celebrities(Image={"Bytes": b"x"})
    assert error_code(error) == "NotImplementedException"
    status, body = raw_call(emulator, "RekognitionService.IndexFaces",
                            {"CollectionId": "bad id!", "Image": {"Bytes": "aGk="}, "MaxFaces": 0})
    assert status == 400
    assert body["__type"] == "ValidationException"
    assert body["Message"].startswith("2 validation errors detected: ")
    assert "at 'collectionId'" in body["Message"]
    assert "at 'maxFaces'" in body["Message"]
    status, body = raw_call(emulator, "RekognitionService.DetectFaces", {"Image": "nope"})
    assert status == 400
    assert body["__type"] == "SerializationException"
    status, body = raw_call(emulator, "RekognitionService.NoSuchThing", {})
    assert status == 400
    assert body["__type"] == "UnknownOperationException"
    status, body = raw_call(emulator, "RekognitionService.DescribeCollection", {})
    assert status == 400
    assert "Member must not be null" in body["Message"]
