"""The detect step: validate the object, find every face, identify each one against the collection.

``detect_image`` returns a JSON-serialisable result: ``status: "OK"`` with the faces, or
``status: "REJECTED"`` with a reason code. Throttling and transient errors are raised as
:mod:`facecommon.errors` retryable classes.
"""

from __future__ import annotations

import contextvars
import dataclasses
import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from . import formats, imaging, s3objects
from .clock import Clock, utc_now
from .config import DetectSettings
from .errors import error_code
from .events import ImageRef
from .ids import image_id, isoformat, parse_timestamp
from .jsonlog import bind, scoped
from .rejections import Rejected
from .rekognition import rekognition_failure

LOG = logging.getLogger(__name__)

TOP_EMOTIONS = 3
# Searches for the faces of one image run in parallel, a few at a time.
SEARCH_PARALLELISM = 4


def _round(value: Any, digits: int = 4) -> float:
    return round(float(value), digits)


def _face_summary(detail: dict[str, Any]) -> dict[str, Any]:
    emotions = sorted(
        detail.get("Emotions", []), key=lambda e: (-float(e.get("Confidence", 0)), e.get("Type"))
    )
    age = detail.get("AgeRange") or {}
    pose = detail.get("Pose") or {}
    quality = detail.get("Quality") or {}
    box = imaging.BoundingBox.from_rekognition(detail.get("BoundingBox") or {})
    return {
        "bounding_box": {
            "left": _round(box.left),
            "top": _round(box.top),
            "width": _round(box.width),
            "height": _round(box.height),
        },
        "confidence": _round(detail.get("Confidence", 0.0)),
        "emotions": [
            {"type": str(e.get("Type")), "confidence": _round(e.get("Confidence", 0.0))}
            for e in emotions[:TOP_EMOTIONS]
        ],
        "age_range": {"low": int(age.get("Low", 0)), "high": int(age.get("High", 0))}
        if age
        else None,
        "pose": {k.lower(): _round(pose[k]) for k in ("Roll", "Yaw", "Pitch") if k in pose} or None,
        "quality": {
            k.lower(): _round(quality[k]) for k in ("Brightness", "Sharpness") if k in quality
        }
        or None,
    }


def _search(rekognition: Any, settings: DetectSettings, crop: bytes) -> dict[str, Any]:
    try:
        response = rekognition.search_faces_by_image(
            CollectionId=settings.collection_id,
            Image={"Bytes": crop},
            MaxFaces=1,
            FaceMatchThreshold=settings.face_match_threshold,
        )
    except (ClientError, BotoCoreError) as error:
        # The crop of a face Rekognition just detected may still be refused as "no face" (tiny
        # or cut-off faces): that face is unmatched, not the image rejected.
        if isinstance(error, ClientError) and error_code(error) == "InvalidParameterException":
            return {"status": "UNMATCHED", "note": "no searchable face in the crop"}
        raise rekognition_failure(error, "SearchFacesByImage") from error
    matches = response.get("FaceMatches") or []
    if not matches:
        return {"status": "UNMATCHED"}
    best = max(matches, key=lambda m: float(m.get("Similarity", 0.0)))
    face = best.get("Face") or {}
    return {
        "status": "MATCHED",
        "face_id": face.get("FaceId"),
        "external_image_id": face.get("ExternalImageId"),
        "similarity": _round(best.get("Similarity", 0.0)),
    }


def _capture_time(info: s3objects.ObjectInfo, fallback: dt.datetime) -> dt.datetime:
    """``x-amz-meta-captured-at`` when valid, else the object's LastModified."""
    declared = info.metadata.get("captured-at")
    if declared:
        parsed = parse_timestamp(declared)
        if parsed is not None:
            return parsed
        LOG.warning("ignoring invalid captured-at metadata", extra={"captured_at": declared})
    if isinstance(info.last_modified, dt.datetime):
        return info.last_modified
    return fallback


def rejected(ref: ImageRef, reason: str, message: str, now: dt.datetime) -> dict[str, Any]:
    """The typed failure result for one image."""
    return {
        "status": "REJECTED",
        "reason": reason,
        "message": message,
        "image_id": image_id(ref.bucket, ref.key, ref.version_id),
        "bucket": ref.bucket,
        "key": ref.key,
        "version_id": ref.version_id,
        "execution_id": ref.execution_id,
        "detected_at": isoformat(now),
    }


@scoped
def detect_image(
    ref: ImageRef,
    settings: DetectSettings,
    s3: Any,
    rekognition: Any,
    clock: Clock = utc_now,
) -> dict[str, Any]:
    """Runs the detect step for one object; see the module docstring for the contract."""
    started = clock()
    bind(image_id=image_id(ref.bucket, ref.key, ref.version_id), execution_id=ref.execution_id)
    try:
        info = s3objects.head(s3, ref)
        if info.key != ref.key:  # the event's key was URL-encoded: use the object's real key
            ref = dataclasses.replace(ref, key=info.key)
            bind(image_id=image_id(ref.bucket, ref.key, ref.version_id))
        return _detect(ref, info, settings, s3, rekognition, started, clock)
    except Rejected as rejection:
        LOG.warning(
            "image rejected",
            extra={"reason": rejection.reason, "detail": rejection.message, "key": ref.key},
        )
        return rejected(ref, rejection.reason, rejection.message, clock())


def _detect(
    ref: ImageRef,
    info: s3objects.ObjectInfo,
    settings: DetectSettings,
    s3: Any,
    rekognition: Any,
    started: dt.datetime,
    clock: Clock,
) -> dict[str, Any]:
    if info.size > settings.max_image_bytes:
        raise Rejected(
            "OBJECT_TOO_LARGE",
            f"object is {info.size} bytes, more than the {settings.max_image_bytes} bytes "
            "Rekognition reads from S3",
        )
    if info.size == 0:
        raise Rejected("EMPTY_OBJECT", "object is empty")
    data = s3objects.read(s3, ref, info)
    image_format = formats.sniff_format(data[: formats.SNIFF_BYTES])
    if image_format is None:
        raise Rejected(
            "UNSUPPORTED_FORMAT",
            f"content is neither JPEG nor PNG (first bytes {data[:8].hex()}, "
            f"Content-Type {info.content_type!r})",
        )
    try:
        picture = imaging.decode(data)
    except imaging.UndecodableImage as error:
        raise Rejected("UNDECODABLE_IMAGE", str(error)) from error

    s3_object: dict[str, str] = {"Bucket": ref.bucket, "Name": info.key}
    if info.version_id:
        s3_object["Version"] = info.version_id
    try:
        response = rekognition.detect_faces(Image={"S3Object": s3_object}, Attributes=["ALL"])
    except (ClientError, BotoCoreError) as error:
        raise rekognition_failure(error, "DetectFaces") from error

    details = sorted(
        response.get("FaceDetails") or [],
        key=lambda d: -imaging.BoundingBox.from_rekognition(d.get("BoundingBox") or {}).area,
    )
    faces = [{"index": index, **_face_summary(detail)} for index, detail in enumerate(details)]
    searched = details[: settings.max_faces]

    def search_one(detail: dict[str, Any]) -> dict[str, Any]:
        box = imaging.BoundingBox.from_rekognition(detail.get("BoundingBox") or {})
        try:
            crop = imaging.crop_face(picture, box, settings.crop_margin)
        except ValueError:
            return {"status": "UNMATCHED", "note": "bounding box outside the image"}
        return _search(rekognition, settings, crop)

    if searched:
        # Each search runs in a copy of this context so its log lines keep the image id.
        contexts = [contextvars.copy_context() for _ in searched]
        with ThreadPoolExecutor(max_workers=min(SEARCH_PARALLELISM, len(searched))) as pool:
            matches = list(pool.map(lambda c, d: c.run(search_one, d), contexts, searched))
    else:
        matches = []
    for face, match in zip(faces, matches, strict=False):
        face["match"] = match
    for face in faces[len(matches) :]:
        face["match"] = {"status": "NOT_SEARCHED"}

    finished = clock()
    result = {
        "status": "OK",
        "image_id": image_id(ref.bucket, ref.key, ref.version_id),
        "bucket": ref.bucket,
        "key": info.key,
        "version_id": ref.version_id,
        "execution_id": ref.execution_id,
        "image": {
            "format": image_format,
            "width": picture.width,
            "height": picture.height,
            "size_bytes": info.size,
            "content_type": info.content_type,
            "etag": info.etag,
        },
        "camera_id": info.metadata.get("camera-id"),
        "captured_at": isoformat(_capture_time(info, started)),
        "started_at": isoformat(started),
        "detected_at": isoformat(finished),
        "collection_id": settings.collection_id,
        "face_match_threshold": settings.face_match_threshold,
        "face_count": len(faces),
        "faces_searched": len(matches),
        "faces_matched": sum(1 for m in matches if m["status"] == "MATCHED"),
        "faces": faces,
    }
    LOG.info(
        "faces detected",
        extra={
            "face_count": result["face_count"],
            "faces_matched": result["faces_matched"],
            "duration_ms": int((finished - started).total_seconds() * 1000),
        },
    )
    return result
