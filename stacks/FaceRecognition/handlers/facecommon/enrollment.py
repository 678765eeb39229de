"""The enroll step: add the face of an ``enroll/<ExternalImageId>/<file>`` image to the collection.

``IndexFaces`` runs with ``MaxFaces=1`` and ``QualityFilter=AUTO``. An image with no usable face
is reported and not enrolled. An image with several usable faces is reported and not enrolled:
IndexFaces has then indexed the largest face and listed the others as ``EXCEEDS_MAX_FACES``, so
the indexed face is deleted again. Faces that the quality filter dropped anyway (blurred
bystanders) do not count as further faces.

Each enrollment is recorded in the results table (``record_id = "ENROLLMENT"``, listed through
the ``listing-timestamp-index``), and an image that is already enrolled is not indexed twice.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from . import formats, s3objects, schema
from .clock import Clock, utc_now
from .config import EnrollSettings
from .errors import retryable_for
from .events import ImageRef
from .ids import InvalidExternalImageId, external_image_id_from_key, image_id, isoformat
from .items import to_item
from .jsonlog import bind, scoped
from .metrics import Metrics
from .rejections import Rejected
from .rekognition import rekognition_failure

LOG = logging.getLogger(__name__)


class EnrollmentRollbackFailed(RuntimeError):
    """A group photo's face was indexed and could not be deleted again."""


def _result(ref: ImageRef, image: str, person: str | None, **fields: Any) -> dict[str, Any]:
    return {
        "image_id": image,
        "bucket": ref.bucket,
        "key": ref.key,
        "version_id": ref.version_id,
        "external_image_id": person,
        **fields,
    }


def _enrollment_record(dynamodb: Any, table: str, image: str) -> dict[str, Any] | None:
    try:
        response = dynamodb.get_item(
            TableName=table,
            Key={schema.PARTITION_KEY: {"S": image}, schema.SORT_KEY: {"S": schema.ENROLLMENT}},
            ConsistentRead=True,
        )
    except (ClientError, BotoCoreError) as error:
        raise (retryable_for("dynamodb", error) or error) from error
    item: dict[str, Any] | None = response.get("Item")
    return item


def _check_object(
    s3: Any, ref: ImageRef, info: s3objects.ObjectInfo, settings: EnrollSettings
) -> None:
    """Size and magic bytes, reading only the first bytes of the object."""
    if info.size > settings.max_image_bytes:
        raise Rejected(
            "OBJECT_TOO_LARGE",
            f"object is {info.size} bytes, more than {settings.max_image_bytes} bytes",
        )
    if info.size == 0:
        raise Rejected("EMPTY_OBJECT", "object is empty")
    try:
        head = s3.get_object(
            Bucket=ref.bucket,
            Key=info.key,
            Range=f"bytes=0-{formats.SNIFF_BYTES - 1}",
            **({"VersionId": info.version_id} if info.version_id else {}),
        )["Body"].read()
    except (ClientError, BotoCoreError) as error:
        raise (retryable_for("s3", error) or error) from error
    if formats.sniff_format(head) is None:
        raise Rejected(
            "UNSUPPORTED_FORMAT", f"content is neither JPEG nor PNG (first bytes {head[:8].hex()})"
        )


@scoped
def enroll_image(
    ref: ImageRef,
    settings: EnrollSettings,
    s3: Any,
    rekognition: Any,
    dynamodb: Any,
    metrics: Metrics,
    clock: Clock = utc_now,
) -> dict[str, Any]:
    """Enrolls one image; returns ``ENROLLED``, ``ALREADY_ENROLLED`` or ``REJECTED`` results."""
    image = image_id(ref.bucket, ref.key, ref.version_id)
    bind(image_id=image)
    person: str | None = None
    try:
        info = s3objects.head(s3, ref)
        if info.key != ref.key:  # the event's key was URL-encoded: use the object's real key
            ref = dataclasses.replace(ref, key=info.key)
            image = image_id(ref.bucket, ref.key, ref.version_id)
            bind(image_id=image)
        try:
            person = external_image_id_from_key(ref.key)
        except InvalidExternalImageId as error:
            raise Rejected("INVALID_EXTERNAL_IMAGE_ID", str(error)) from error
        bind(external_image_id=person)
        existing = _enrollment_record(dynamodb, settings.table_name, image)
        if existing is not None:
            face_id = existing.get("face_id", {}).get("S")
            LOG.info("image already enrolled", extra={"face_id": face_id})
            return _result(ref, image, person, status="ALREADY_ENROLLED", face_id=face_id)
        _check_object(s3, ref, info, settings)
        return _index(ref, info, image, person, settings, rekognition, dynamodb, metrics, clock)
    except Rejected as rejection:
        LOG.error(
            "enrollment rejected",
            extra={"reason": rejection.reason, "detail": rejection.message, "key": ref.key},
        )
        metrics.emit({"EnrollmentsRejected": 1}, image_id=image, reason=rejection.reason)
        return _result(
            ref,
            image,
            person,
            status="REJECTED",
            reason=rejection.reason,
            message=rejection.message,
        )


def _index(
    ref: ImageRef,
    info: s3objects.ObjectInfo,
    image: str,
    person: str,
    settings: EnrollSettings,
    rekognition: Any,
    dynamodb: Any,
    metrics: Metrics,
    clock: Clock,
) -> dict[str, Any]:
    s3_object = {"Bucket": ref.bucket, "Name": info.key}
    if info.version_id:
        s3_object["Version"] = info.version_id
    try:
        response = rekognition.index_faces(
            CollectionId=settings.collection_id,
            Image={"S3Object": s3_object},
            ExternalImageId=person,
            DetectionAttributes=["DEFAULT"],
            MaxFaces=1,
            QualityFilter="AUTO",
        )
    except (ClientError, BotoCoreError) as error:
        raise rekognition_failure(error, "IndexFaces") from error
    indexed = response.get("FaceRecords") or []
    unindexed = response.get("UnindexedFaces") or []
    # Faces left out only because of MaxFaces=1 were usable: the image shows several people.
    extra_faces = [u for u in unindexed if (u.get("Reasons") or []) == ["EXCEEDS_MAX_FACES"]]
    if not indexed:
        reasons = sorted({r for u in unindexed for r in u.get("Reasons") or []})
        detail = f" (unindexed faces: {', '.join(reasons)})" if reasons else ""
        raise Rejected("NO_USABLE_FACE", f"no usable face in the image{detail}")
    face_ids = [record["Face"]["FaceId"] for record in indexed]
    if extra_faces:
        try:
            rekognition.delete_faces(CollectionId=settings.collection_id, FaceIds=face_ids)
        except (ClientError, BotoCoreError) as error:
            # A face of a group photo left in the collection would mislabel people, so this is
            # never a quiet rejection: retryable errors retry, anything else fails the invocation.
            failure = rekognition_failure(error, "DeleteFaces")
            if isinstance(failure, Rejected):
                raise EnrollmentRollbackFailed(
                    f"faces {face_ids} of a group photo stay in collection "
                    f"{settings.collection_id}: {failure.message}"
                ) from error
            raise failure from error
        raise Rejected(
            "MULTIPLE_FACES",
            f"image shows {len(extra_faces) + len(indexed)} usable faces; an enrollment image "
            "must show exactly one person",
        )
    face = indexed[0]["Face"]
    enrolled_at = isoformat(clock())
    record = {
        "record_type": schema.ENROLLMENT,
        "record_id": schema.ENROLLMENT,
        "image_id": image,
        "bucket": ref.bucket,
        "key": info.key,
        "version_id": ref.version_id,
        "timestamp": enrolled_at,
        "external_image_id": person,
        "face_id": face["FaceId"],
        "collection_id": settings.collection_id,
        "confidence": round(float(face.get("Confidence", 0.0)), 4),
        "bounding_box": {
            k.lower(): round(float(v), 4) for k, v in (face.get("BoundingBox") or {}).items()
        },
    }
    try:
        dynamodb.put_item(TableName=settings.table_name, Item=to_item(record, None))
    except (ClientError, BotoCoreError) as error:
        raise (retryable_for("dynamodb", error) or error) from error
    metrics.emit({"FacesEnrolled": 1}, image_id=image, external_image_id=person)
    LOG.info("face enrolled", extra={"face_id": face["FaceId"]})
    return _result(
        ref,
        image,
        person,
        status="ENROLLED",
        face_id=face["FaceId"],
        collection_id=settings.collection_id,
        enrolled_at=enrolled_at,
    )
