"""detect against botocore's Stubber with a response shaped like real Rekognition output.

The Stubber checks the exact request parameters and validates both the requests and the canned
responses against the Rekognition service model; the response below carries every attribute
``Attributes=["ALL"]`` returns, so the summary code is exercised on the real shape.
"""

from __future__ import annotations

import pytest
from botocore.stub import ANY, Stubber

from facecommon.detection import detect_image
from facecommon.errors import RekognitionThrottled
from facecommon.events import ImageRef
from tests.conftest import BUCKET, COLLECTION, put_image
from tests.pictures import RED, Face, picture

REAL_FACE = {
    "BoundingBox": {"Width": 0.2091, "Height": 0.3364, "Left": 0.3961, "Top": 0.2178},
    "AgeRange": {"Low": 29, "High": 37},
    "Smile": {"Value": True, "Confidence": 97.68},
    "Eyeglasses": {"Value": False, "Confidence": 99.91},
    "Sunglasses": {"Value": False, "Confidence": 99.97},
    "Gender": {"Value": "Female", "Confidence": 99.4},
    "Beard": {"Value": False, "Confidence": 98.1},
    "Mustache": {"Value": False, "Confidence": 99.6},
    "EyesOpen": {"Value": True, "Confidence": 98.9},
    "MouthOpen": {"Value": True, "Confidence": 72.3},
    "Emotions": [
        {"Type": "CALM", "Confidence": 2.1},
        {"Type": "HAPPY", "Confidence": 96.3},
        {"Type": "SURPRISED", "Confidence": 6.4},
        {"Type": "FEAR", "Confidence": 5.9},
        {"Type": "SAD", "Confidence": 2.2},
        {"Type": "CONFUSED", "Confidence": 0.3},
        {"Type": "DISGUSTED", "Confidence": 0.2},
        {"Type": "ANGRY", "Confidence": 0.1},
    ],
    "Landmarks": [{"Type": "eyeLeft", "X": 0.45, "Y": 0.33}, {"Type": "nose", "X": 0.5, "Y": 0.4}],
    "Pose": {"Roll": -2.53, "Yaw": 8.12, "Pitch": 11.07},
    "Quality": {"Brightness": 77.56, "Sharpness": 83.14},
    "Confidence": 99.99,
    "FaceOccluded": {"Value": False, "Confidence": 99.8},
    "EyeDirection": {"Yaw": 1.2, "Pitch": -5.1, "Confidence": 99.2},
}


@pytest.fixture
def stubbed(clients, bucket):
    with Stubber(clients.rekognition) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def test_real_response_shape_is_summarised(clients, stubbed, detect_settings):
    put_image(clients, "input/r.png", picture([Face(RED, (320, 130, 160, 200))]))
    stubbed.add_response(
        "detect_faces",
        {"FaceDetails": [REAL_FACE]},
        {"Image": {"S3Object": {"Bucket": BUCKET, "Name": "input/r.png"}}, "Attributes": ["ALL"]},
    )
    stubbed.add_response(
        "search_faces_by_image",
        {
            "SearchedFaceBoundingBox": REAL_FACE["BoundingBox"],
            "SearchedFaceConfidence": 99.99,
            "FaceMatches": [
                {
                    "Similarity": 91.2,
                    "Face": {
                        "FaceId": "11111111-2222-3333-4444-555555555555",
                        "BoundingBox": REAL_FACE["BoundingBox"],
                        "ImageId": "66666666-7777-8888-9999-000000000000",
                        "ExternalImageId": "alice",
                        "Confidence": 99.99,
                        "IndexFacesModelVersion": "7.0",
                    },
                },
                {
                    "Similarity": 99.1,
                    "Face": {
                        "FaceId": "aaaaaaaa-2222-3333-4444-555555555555",
                        "ExternalImageId": "alice",
                        "Confidence": 99.9,
                    },
                },
            ],
            "FaceModelVersion": "7.0",
        },
        {
            "CollectionId": COLLECTION,
            "Image": {"Bytes": ANY},
            "MaxFaces": 1,
            "FaceMatchThreshold": 80.0,
        },
    )

    result = detect_image(
        ImageRef(BUCKET, "input/r.png"), detect_settings, clients.s3, clients.rekognition
    )

    (face,) = result["faces"]
    assert face["emotions"] == [
        {"type": "HAPPY", "confidence": 96.3},
        {"type": "SURPRISED", "confidence": 6.4},
        {"type": "FEAR", "confidence": 5.9},
    ]
    assert face["age_range"] == {"low": 29, "high": 37}
    assert face["pose"] == {"roll": -2.53, "yaw": 8.12, "pitch": 11.07}
    assert face["quality"] == {"brightness": 77.56, "sharpness": 83.14}
    assert face["confidence"] == 99.99
    # The best of several matches wins.
    assert face["match"] == {
        "status": "MATCHED",
        "face_id": "aaaaaaaa-2222-3333-4444-555555555555",
        "external_image_id": "alice",
        "similarity": 99.1,
    }


def test_throttling_from_the_real_error_shape(clients, stubbed, detect_settings):
    put_image(clients, "input/r.png", picture([Face(RED, (320, 130, 160, 200))]))
    stubbed.add_client_error(
        "detect_faces",
        service_error_code="ProvisionedThroughputExceededException",
        service_message="Provisioned rate exceeded",
        http_status_code=400,
    )

    with pytest.raises(RekognitionThrottled, match="Provisioned rate exceeded"):
        detect_image(
            ImageRef(BUCKET, "input/r.png"), detect_settings, clients.s3, clients.rekognition
        )
