"""A fake Rekognition behind a real boto3 client.

moto does not implement the Rekognition operations the pipeline uses, so this fake hooks into a
real ``boto3`` Rekognition client: botocore still validates every request against the service
model (a misspelt parameter or a wrong type fails as it would against AWS), and every response
the fake builds is validated against the operation's output shape before the client parses it.

It "sees" faces as solid-coloured rectangles (see ``pictures.py``) and identifies them by colour.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from typing import Any

from botocore.awsrequest import AWSResponse
from botocore.validate import validate_parameters
from PIL import Image, ImageChops

from tests.pictures import PALETTE

COLOR_TOLERANCE = 40
# Faces narrower than this share of the image are "low quality" for IndexFaces' AUTO filter.
SMALL_FACE_RATIO = 0.08

EMOTIONS = ("HAPPY", "CALM", "SURPRISED", "SAD", "ANGRY", "CONFUSED", "DISGUSTED", "FEAR")


@dataclass
class SeenFace:
    color: tuple[int, int, int]
    left: float
    top: float
    width: float
    height: float

    @property
    def area(self) -> float:
        return self.width * self.height

    def box(self) -> dict[str, float]:
        return {"Width": self.width, "Height": self.height, "Left": self.left, "Top": self.top}


@dataclass
class StoredFace:
    face_id: str
    external_image_id: str | None
    color: tuple[int, int, int]
    similarity: float


@dataclass
class Call:
    operation: str
    params: dict[str, Any]


@dataclass
class FakeRekognition:
    client: Any
    s3: Any
    collections: dict[str, dict[str, StoredFace]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    errors: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        events = self.client.meta.events
        events.register("before-parameter-build.rekognition", self._capture_params)
        events.register("before-call.rekognition", self._respond)

    def detach(self) -> None:
        """Removes the hooks, so the (shared) client talks to nobody again."""
        events = self.client.meta.events
        events.unregister("before-parameter-build.rekognition", self._capture_params)
        events.unregister("before-call.rekognition", self._respond)

    # -- test controls -------------------------------------------------------------------------

    def create_collection(self, collection_id: str) -> None:
        self.collections.setdefault(collection_id, {})

    def enroll(
        self,
        collection_id: str,
        color: tuple[int, int, int],
        external_image_id: str,
        similarity: float = 99.5,
    ) -> str:
        """Seeds a face of ``color`` as person ``external_image_id``; returns its FaceId."""
        face_id = str(
            uuid.uuid5(uuid.NAMESPACE_URL, f"{collection_id}/{external_image_id}/{color}")
        )
        self.collections.setdefault(collection_id, {})[face_id] = StoredFace(
            face_id, external_image_id, color, similarity
        )
        return face_id

    def fail(self, operation: str, code: str, status: int = 400, times: int = 1) -> None:
        """The next ``times`` calls of ``operation`` fail with error ``code``."""
        self.errors.setdefault(operation, []).extend([(code, status)] * times)

    def operations(self) -> list[str]:
        return [call.operation for call in self.calls]

    def params(self, operation: str) -> list[dict[str, Any]]:
        return [call.params for call in self.calls if call.operation == operation]

    # -- botocore hooks ------------------------------------------------------------------------

    def _capture_params(self, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["fake_params"] = dict(params)

    def _respond(self, model: Any, context: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict]:
        operation = model.name
        params = context["fake_params"]
        self.calls.append(Call(operation, params))
        queued = self.errors.get(operation)
        if queued:
            code, status = queued.pop(0)
            return self._error(code, f"injected {code}", status)
        handler = getattr(self, f"_op_{operation}", None)
        if handler is None:
            raise AssertionError(f"fake Rekognition does not implement {operation}")
        try:
            body = handler(params)
        except _ServiceError as error:
            return self._error(error.code, error.message, 400)
        report = validate_parameters  # validates and raises ParamValidationError on a bad shape
        report(body, model.output_shape)
        body["ResponseMetadata"] = {"HTTPStatusCode": 200, "RequestId": str(uuid.uuid4())}
        return AWSResponse("https://rekognition.fake", 200, {}, None), body

    @staticmethod
    def _error(code: str, message: str, status: int) -> tuple[AWSResponse, dict]:
        body = {
            "Error": {"Code": code, "Message": message},
            "ResponseMetadata": {"HTTPStatusCode": status},
        }
        return AWSResponse("https://rekognition.fake", status, {}, None), body

    # -- operations ----------------------------------------------------------------------------

    def _load(self, image: dict[str, Any]) -> Image.Image:
        if "Bytes" in image:
            data = image["Bytes"]
            if len(data) > 5 * 1024 * 1024:
                raise _ServiceError("ImageTooLargeException", "image bytes over 5 MB")
        else:
            ref = image["S3Object"]
            extra = {"VersionId": ref["Version"]} if "Version" in ref else {}
            try:
                obj = self.s3.get_object(Bucket=ref["Bucket"], Key=ref["Name"], **extra)
            except self.s3.exceptions.ClientError as error:
                raise _ServiceError("InvalidS3ObjectException", str(error)) from error
            if obj["ContentLength"] > 15 * 1024 * 1024:
                raise _ServiceError("ImageTooLargeException", "S3 object over 15 MB")
            data = obj["Body"].read()
        try:
            return Image.open(io.BytesIO(data)).convert("RGB")
        except OSError as error:
            raise _ServiceError("InvalidImageFormatException", "not a JPEG or PNG") from error

    @staticmethod
    def _faces(picture: Image.Image) -> list[SeenFace]:
        width, height = picture.size
        faces = []
        for color in PALETTE:
            solid = Image.new("RGB", picture.size, color)
            red, green, blue = ImageChops.difference(picture, solid).split()
            distance = ImageChops.lighter(ImageChops.lighter(red, green), blue)
            mask = distance.point(lambda v: 255 if v < COLOR_TOLERANCE else 0)
            box = mask.getbbox()
            if box is None or mask.histogram()[255] < 16:
                continue
            left, top, right, bottom = box
            faces.append(
                SeenFace(
                    color,
                    left / width,
                    top / height,
                    (right - left) / width,
                    (bottom - top) / height,
                )
            )
        return sorted(faces, key=lambda f: -f.area)

    def _collection(self, collection_id: str) -> dict[str, StoredFace]:
        if collection_id not in self.collections:
            raise _ServiceError(
                "ResourceNotFoundException", f"collection {collection_id} not found"
            )
        return self.collections[collection_id]

    @staticmethod
    def _detail(face: SeenFace, index: int) -> dict[str, Any]:
        return {
            "BoundingBox": face.box(),
            "AgeRange": {"Low": 25 + index, "High": 35 + index},
            "Smile": {"Value": True, "Confidence": 90.0},
            "Emotions": [
                {"Type": emotion, "Confidence": round(80.0 / (rank + 1), 3)}
                for rank, emotion in enumerate(EMOTIONS)
            ],
            "Pose": {"Roll": 1.5, "Yaw": -3.25, "Pitch": 4.0},
            "Quality": {"Brightness": 80.5, "Sharpness": 92.25},
            "Confidence": 99.9,
        }

    def _op_DetectFaces(self, params: dict[str, Any]) -> dict[str, Any]:
        faces = self._faces(self._load(params["Image"]))
        details = [self._detail(face, index) for index, face in enumerate(faces)]
        # Rekognition returns faces in no particular order; make the caller sort them.
        return {"FaceDetails": list(reversed(details))}

    def _op_SearchFacesByImage(self, params: dict[str, Any]) -> dict[str, Any]:
        collection = self._collection(params["CollectionId"])
        faces = self._faces(self._load(params["Image"]))
        if not faces:
            raise _ServiceError(
                "InvalidParameterException",
                "There are no faces in the image. Should be at least 1.",
            )
        searched = faces[0]
        threshold = params.get("FaceMatchThreshold", 80.0)
        matches = [
            {
                "Similarity": stored.similarity,
                "Face": {
                    "FaceId": stored.face_id,
                    "BoundingBox": {"Width": 0.5, "Height": 0.5, "Left": 0.25, "Top": 0.25},
                    "ImageId": str(uuid.uuid5(uuid.NAMESPACE_URL, stored.face_id)),
                    **(
                        {"ExternalImageId": stored.external_image_id}
                        if stored.external_image_id
                        else {}
                    ),
                    "Confidence": 99.9,
                },
            }
            for stored in collection.values()
            if stored.color == searched.color and stored.similarity >= threshold
        ]
        matches.sort(key=lambda m: -m["Similarity"])
        return {
            "SearchedFaceBoundingBox": searched.box(),
            "SearchedFaceConfidence": 99.9,
            "FaceMatches": matches[: params.get("MaxFaces", 4096)],
            "FaceModelVersion": "7.0",
        }

    def _op_IndexFaces(self, params: dict[str, Any]) -> dict[str, Any]:
        collection = self._collection(params["CollectionId"])
        faces = self._faces(self._load(params["Image"]))
        max_faces = params.get("MaxFaces", 100)
        auto = params.get("QualityFilter", "AUTO") in ("AUTO", "LOW", "MEDIUM", "HIGH")
        records, unindexed = [], []
        for face in faces:
            reasons = []
            if auto and face.width < SMALL_FACE_RATIO:
                reasons.append("SMALL_BOUNDING_BOX")
            if not reasons and len(records) >= max_faces:
                reasons.append("EXCEEDS_MAX_FACES")
            elif reasons and len(records) >= max_faces:
                reasons.insert(0, "EXCEEDS_MAX_FACES")
            detail = {"BoundingBox": face.box(), "Confidence": 99.9}
            if reasons:
                unindexed.append({"Reasons": reasons, "FaceDetail": detail})
                continue
            face_id = str(uuid.uuid4())
            collection[face_id] = StoredFace(
                face_id, params.get("ExternalImageId"), face.color, 99.5
            )
            face_record = {"FaceId": face_id, "BoundingBox": face.box(), "Confidence": 99.9}
            if params.get("ExternalImageId"):
                face_record["ExternalImageId"] = params["ExternalImageId"]
            records.append({"Face": face_record, "FaceDetail": detail})
        return {"FaceRecords": records, "UnindexedFaces": unindexed, "FaceModelVersion": "7.0"}

    def _op_DeleteFaces(self, params: dict[str, Any]) -> dict[str, Any]:
        collection = self._collection(params["CollectionId"])
        deleted = [face_id for face_id in params["FaceIds"] if collection.pop(face_id, None)]
        return {"DeletedFaces": deleted}


class _ServiceError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
