"""Rekognition's face operations on the engine and the collections: each takes the request's
(already model-validated) parameters and returns the response's, as botocore's model shapes them.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PIL import Image

from . import geometry, images
from .collections import FACE_MODEL_VERSION, STORE, Collection, CollectionStore, StoredFace
from .engine import Face
from .errors import RekognitionError, invalid_parameter, no_face, not_found
from .runtime import RUNTIME, EngineRuntime
from .similarity import similarity

DEFAULT_THRESHOLD = 80.0
DEFAULT_PAGE = 1000

# The quality bars of QualityFilter (AUTO is MEDIUM): a face below any bar is filtered with
# that reason. Sizes are the face box's shorter side in pixels of the image as given; pose the
# largest of |yaw| and |pitch| in degrees; brightness and sharpness as in `Quality`.
QUALITY_BARS: dict[str, dict[str, float]] = {
    "LOW": {"confidence": 50.0, "size": 20.0, "pose": 60.0, "brightness": 10.0, "sharpness": 5.0},
    "MEDIUM": {
        "confidence": 90.0, "size": 40.0, "pose": 45.0, "brightness": 20.0, "sharpness": 10.0,
    },
    "HIGH": {
        "confidence": 99.0, "size": 60.0, "pose": 30.0, "brightness": 30.0, "sharpness": 20.0,
    },
}


@dataclass(frozen=True)
class Caller:
    account: str
    region: str


def quality_reasons(face: Face, level: str) -> list[str]:
    if level == "NONE":
        return []
    bar = QUALITY_BARS["MEDIUM" if level == "AUTO" else level]
    reasons = []
    _, yaw, pitch = face.pose
    if max(abs(yaw), abs(pitch)) > bar["pose"]:
        reasons.append("EXTREME_POSE")
    if face.confidence < bar["confidence"]:
        reasons.append("LOW_CONFIDENCE")
    if min(face.box[2], face.box[3]) < bar["size"]:
        reasons.append("SMALL_BOUNDING_BOX")
    if face.brightness < bar["brightness"]:
        reasons.append("LOW_BRIGHTNESS")
    if face.sharpness < bar["sharpness"]:
        reasons.append("LOW_SHARPNESS")
    return reasons


def face_detail(face: Face, attributes: list[str]) -> dict[str, Any]:
    """A FaceDetail: DEFAULT gives the box, confidence, pose, quality and five landmarks; ALL all
    thirty landmarks and the emotions; EMOTIONS the emotions. Attributes the engine has no model
    for (AgeRange, Gender, Smile, ...) are never reported."""
    everything = "ALL" in attributes
    names = None if everything else geometry.DEFAULT_LANDMARKS
    roll, yaw, pitch = face.pose
    detail: dict[str, Any] = {
        "BoundingBox": face.ratio_box(),
        "Landmarks": [
            {"Type": name, "X": float(point[0]) / face.width, "Y": float(point[1]) / face.height}
            for name, point in geometry.named_landmarks(face.landmarks, names).items()
        ],
        "Pose": {"Roll": roll, "Yaw": yaw, "Pitch": pitch},
        "Quality": {"Brightness": face.brightness, "Sharpness": face.sharpness},
        "Confidence": face.confidence,
    }
    if (everything or "EMOTIONS" in attributes) and face.emotions is not None:
        detail["Emotions"] = [{"Type": kind, "Confidence": value} for kind, value in face.emotions]
    return detail


def compared_face(face: Face) -> dict[str, Any]:
    detail = face_detail(face, ["DEFAULT"])
    kept = ("BoundingBox", "Confidence", "Landmarks", "Pose", "Quality")
    return {key: detail[key] for key in kept}


def stored_face(face: StoredFace, with_version: bool = False) -> dict[str, Any]:
    shaped: dict[str, Any] = {
        "FaceId": face.face_id,
        "BoundingBox": face.bounding_box,
        "ImageId": face.image_id,
        "Confidence": face.confidence,
    }
    if face.external_image_id is not None:
        shaped["ExternalImageId"] = face.external_image_id
    if with_version:
        shaped["IndexFacesModelVersion"] = FACE_MODEL_VERSION
    return shaped


def _token(after: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": after}).encode()).decode()


def _after(token: str | None) -> str | None:
    if token is None:
        return None
    try:
        after = json.loads(base64.urlsafe_b64decode(token.encode()))["after"]
    except (ValueError, KeyError, TypeError, binascii.Error) as error:
        raise RekognitionError("InvalidPaginationTokenException", "Invalid token") from error
    if not isinstance(after, str):
        raise RekognitionError("InvalidPaginationTokenException", "Invalid token")
    return after


class FaceService:
    """One method per implemented operation, named as the operation."""

    def __init__(self, store: CollectionStore = STORE, runtime: EngineRuntime = RUNTIME) -> None:
        self.store = store
        self.runtime = runtime

    def operations(self) -> dict[str, Callable[[Caller, dict[str, Any]], dict[str, Any]]]:
        names = [
            "CreateCollection", "DescribeCollection", "ListCollections", "DeleteCollection",
            "IndexFaces", "SearchFacesByImage", "SearchFaces", "CompareFaces", "DetectFaces",
            "ListFaces", "DeleteFaces", "TagResource", "UntagResource", "ListTagsForResource",
        ]
        return {name: getattr(self, name) for name in names}

    # images and faces

    def _faces(
        self, caller: Caller, image: dict[str, Any], *, embeddings: bool, emotions: bool = False
    ) -> list[Face]:
        data = images.image_bytes(image, caller.account, caller.region)
        picture: Image.Image = images.decode(data)
        engine = self.runtime.engine()
        return engine.analyze(picture, embeddings=embeddings, emotions=emotions)

    def _largest(self, faces: list[Face], quality: str) -> Face:
        for face in faces[:1]:
            if not quality_reasons(face, quality):
                return face
        raise no_face()

    def _collection(self, caller: Caller, collection_id: str) -> Collection:
        return self.store.get(caller.account, caller.region, collection_id)

    # collections

    def CreateCollection(self, caller: Caller, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        collection = self.store.create(caller.account, caller.region, params["CollectionId"])
        collection.tags.update(params.get("Tags", {}))
        return {
            "StatusCode": 200,
            # Rekognition's CreateCollection answers the ARN without its "arn:" prefix.
            "CollectionArn": collection.arn.removeprefix("arn:"),
            "FaceModelVersion": FACE_MODEL_VERSION,
        }

    def DescribeCollection(self, caller: Caller, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        collection = self._collection(caller, params["CollectionId"])
        return {
            "FaceCount": len(collection.faces),
            "FaceModelVersion": FACE_MODEL_VERSION,
            "CollectionARN": collection.arn,
            "CreationTimestamp": collection.created.timestamp(),
            "UserCount": 0,
        }

    def ListCollections(self, caller: Caller, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        after = _after(params.get("NextToken"))
        limit = params.get("MaxResults", DEFAULT_PAGE)
        ids = [c.collection_id for c in self.store.in_region(caller.account, caller.region)]
        if after is not None:
            ids = [collection_id for collection_id in ids if collection_id > after]
        page = ids[:limit]
        response: dict[str, Any] = {
            "CollectionIds": page,
            "FaceModelVersions": [FACE_MODEL_VERSION] * len(page),
        }
        if len(ids) > limit and page:
            response["NextToken"] = _token(page[-1])
        return response

    def DeleteCollection(self, caller: Caller, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        self.store.delete(caller.account, caller.region, params["CollectionId"])
        return {"StatusCode": 200}

    # faces in a collection

    def IndexFaces(self, caller: Caller, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        collection = self._collection(caller, params["CollectionId"])
        attributes = params.get("DetectionAttributes") or ["DEFAULT"]
        quality = params.get("QualityFilter", "AUTO")
        max_faces = params.get("MaxFaces")
        wants_emotions = "ALL" in attributes or "EMOTIONS" in attributes
        faces = self._faces(caller, params["Image"], embeddings=True, emotions=wants_emotions)
        image_id = CollectionStore.new_id()
        records: list[dict[str, Any]] = []
        unindexed: list[dict[str, Any]] = []
        with self.store.lock:
            for face in faces:
                reasons = quality_reasons(face, quality)
                if not reasons and max_faces is not None and len(records) >= max_faces:
                    reasons = ["EXCEEDS_MAX_FACES"]
                if reasons:
                    unindexed.append(
                        {"Reasons": reasons, "FaceDetail": face_detail(face, attributes)})
                    continue
                assert face.embedding is not None
                stored = StoredFace(
                    face_id=CollectionStore.new_id(),
                    image_id=image_id,
                    external_image_id=params.get("ExternalImageId"),
                    bounding_box=face.ratio_box(),
                    confidence=face.confidence,
                    embedding=face.embedding,
                )
                collection.faces[stored.face_id] = stored
                records.append({"Face": stored_face(stored),
                                "FaceDetail": face_detail(face, attributes)})
        return {
            "FaceRecords": records,
            "FaceModelVersion": FACE_MODEL_VERSION,
            "UnindexedFaces": unindexed,
        }

    def _matches(
        self, collection: Collection, probe: Any, threshold: float, limit: int,
        exclude: str | None = None,
    ) -> list[dict[str, Any]]:
        scored = []
        with self.store.lock:
            for stored in collection.faces.values():
                if stored.face_id == exclude:
                    continue
                distance = float(((stored.embedding - probe) ** 2).sum() ** 0.5)
                score = similarity(distance)
                if score >= threshold:
                    scored.append((score, stored))
        scored.sort(key=lambda pair: -pair[0])
        return [
            {"Similarity": score, "Face": stored_face(stored, with_version=True)}
            for score, stored in scored[:limit]
        ]

    def SearchFacesByImage(self, caller: Caller, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        collection = self._collection(caller, params["CollectionId"])
        faces = self._faces(caller, params["Image"], embeddings=True)
        searched = self._largest(faces, params.get("QualityFilter", "NONE"))
        matches = self._matches(
            collection, searched.embedding,
            params.get("FaceMatchThreshold", DEFAULT_THRESHOLD), params.get("MaxFaces", 4096),
        )
        return {
            "SearchedFaceBoundingBox": searched.ratio_box(),
            "SearchedFaceConfidence": searched.confidence,
            "FaceMatches": matches,
            "FaceModelVersion": FACE_MODEL_VERSION,
        }

    def SearchFaces(self, caller: Caller, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        collection = self._collection(caller, params["CollectionId"])
        face_id = params["FaceId"]
        with self.store.lock:
            stored = collection.faces.get(face_id)
        if stored is None:
            raise invalid_parameter(
                f"Face {face_id} is not in collection {collection.collection_id}"
            )
        matches = self._matches(
            collection, stored.embedding,
            params.get("FaceMatchThreshold", DEFAULT_THRESHOLD), params.get("MaxFaces", 4096),
            exclude=face_id,
        )
        return {"SearchedFaceId": face_id, "FaceMatches": matches,
                "FaceModelVersion": FACE_MODEL_VERSION}

    def ListFaces(self, caller: Caller, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        collection = self._collection(caller, params["CollectionId"])
        after = _after(params.get("NextToken"))
        limit = params.get("MaxResults", DEFAULT_PAGE)
        wanted = set(params["FaceIds"]) if "FaceIds" in params else None
        with self.store.lock:
            faces = sorted(collection.faces.values(), key=lambda face: face.face_id)
        if "UserId" in params:
            faces = []  # no face is associated with a user: the engine has no users
        if wanted is not None:
            faces = [face for face in faces if face.face_id in wanted]
        if after is not None:
            faces = [face for face in faces if face.face_id > after]
        page = faces[:limit]
        response: dict[str, Any] = {
            "Faces": [stored_face(face, with_version=True) for face in page],
            "FaceModelVersion": FACE_MODEL_VERSION,
        }
        if len(faces) > limit and page:
            response["NextToken"] = _token(page[-1].face_id)
        return response

    def DeleteFaces(self, caller: Caller, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        collection = self._collection(caller, params["CollectionId"])
        deleted, missing = [], []
        with self.store.lock:
            for face_id in params["FaceIds"]:
                if collection.faces.pop(face_id, None) is not None:
                    deleted.append(face_id)
                else:
                    missing.append({"FaceId": face_id, "Reasons": ["FACE_NOT_FOUND"]})
        return {"DeletedFaces": deleted, "UnsuccessfulFaceDeletions": missing}

    # images only

    def DetectFaces(self, caller: Caller, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        attributes = params.get("Attributes") or ["DEFAULT"]
        emotions = "ALL" in attributes or "EMOTIONS" in attributes
        faces = self._faces(caller, params["Image"], embeddings=False, emotions=emotions)
        return {"FaceDetails": [face_detail(face, attributes) for face in faces]}

    def CompareFaces(self, caller: Caller, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        quality = params.get("QualityFilter", "NONE")
        threshold = params.get("SimilarityThreshold", DEFAULT_THRESHOLD)
        source = self._largest(
            self._faces(caller, params["SourceImage"], embeddings=True), quality
        )
        targets = self._faces(caller, params["TargetImage"], embeddings=True)
        matches: list[dict[str, Any]] = []
        unmatched: list[dict[str, Any]] = []
        for target in targets:
            if quality_reasons(target, quality):
                continue
            assert source.embedding is not None
            assert target.embedding is not None
            score = similarity(float(((source.embedding - target.embedding) ** 2).sum() ** 0.5))
            if score >= threshold:
                matches.append({"Similarity": score, "Face": compared_face(target)})
            else:
                unmatched.append(compared_face(target))
        matches.sort(key=lambda match: -match["Similarity"])
        return {
            "SourceImageFace": {"BoundingBox": source.ratio_box(),
                                "Confidence": source.confidence},
            "FaceMatches": matches,
            "UnmatchedFaces": unmatched,
        }

    # tags of collections

    def TagResource(self, caller: Caller, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        collection = self._tagged(params["ResourceArn"])
        collection.tags.update(params["Tags"])
        return {}

    def UntagResource(self, caller: Caller, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        collection = self._tagged(params["ResourceArn"])
        for key in params["TagKeys"]:
            collection.tags.pop(key, None)
        return {}

    def ListTagsForResource(self, caller: Caller, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        return {"Tags": dict(self._tagged(params["ResourceArn"]).tags)}

    def _tagged(self, arn: str) -> Collection:
        try:
            return self.store.by_arn(arn)
        except RekognitionError as error:
            raise not_found(f"The resource {arn} does not exist") from error
