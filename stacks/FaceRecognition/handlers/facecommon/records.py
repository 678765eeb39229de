"""Turning detect results and failures into records: DynamoDB items and processed/ lines.

A record is a flat dict whose keys are ``schema.PROCESSED_COLUMNS``; the same record becomes one
DynamoDB item (``None`` values dropped, plus index and TTL attributes) and one JSON line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from . import schema
from .errors import InvalidEventError
from .events import ImageRef, image_ref
from .ids import image_id

MAX_MESSAGE_LENGTH = 2000


@dataclass(frozen=True)
class Failure:
    """What the state machine's Catch handed to store."""

    ref: ImageRef
    error: str
    message: str


def _blank_record(**values: Any) -> dict[str, Any]:
    record: dict[str, Any] = {name: None for name, _ in schema.PROCESSED_COLUMNS}
    unknown = set(values) - set(record)
    if unknown:
        raise ValueError(f"unknown record columns {sorted(unknown)}")
    record.update(values)
    return record


def _common(result: dict[str, Any], processed_at: str) -> dict[str, Any]:
    image = result.get("image") or {}
    return {
        "image_id": result["image_id"],
        "bucket": result["bucket"],
        "key": result["key"],
        "version_id": result.get("version_id"),
        "execution_id": result.get("execution_id"),
        "captured_at": result.get("captured_at"),
        "processed_at": processed_at,
        "camera_id": result.get("camera_id"),
        "image_format": image.get("format"),
        "image_width": image.get("width"),
        "image_height": image.get("height"),
        "size_bytes": image.get("size_bytes"),
        "face_count": result.get("face_count"),
    }


def records_for_detection(result: dict[str, Any], processed_at: str) -> list[dict[str, Any]]:
    """The records of a detect result (status ``OK`` or ``REJECTED``)."""
    for field in ("status", "image_id", "bucket", "key"):
        if not result.get(field):
            raise InvalidEventError(f"detect result is missing {field!r}")
    status = result["status"]
    if status == "REJECTED":
        return [
            _blank_record(
                **_common(result, processed_at),
                record_type=schema.REJECTED,
                record_id=schema.REJECTED,
                timestamp=processed_at,
                reason=result.get("reason"),
                error_message=_truncate(result.get("message")),
            )
        ]
    if status != "OK":
        raise InvalidEventError(f"detect result status must be OK or REJECTED, got {status!r}")
    common = _common(result, processed_at)
    sighted_at = result.get("captured_at") or processed_at
    faces = result.get("faces") or []
    if not faces:
        return [
            _blank_record(
                **common, record_type=schema.NO_FACE, record_id=schema.NO_FACE, timestamp=sighted_at
            )
        ]
    records = []
    for face in faces:
        match = face.get("match") or {"status": "NOT_SEARCHED"}
        emotions = face.get("emotions") or []
        age = face.get("age_range") or {}
        matched = match.get("status") == "MATCHED"
        records.append(
            _blank_record(
                **common,
                record_type=schema.FACE,
                record_id=schema.face_record_id(int(face["index"])),
                timestamp=sighted_at,
                face_index=int(face["index"]),
                confidence=face.get("confidence"),
                bounding_box=face.get("bounding_box"),
                emotions=emotions,
                top_emotion=emotions[0]["type"] if emotions else None,
                age_low=age.get("low"),
                age_high=age.get("high"),
                pose=face.get("pose"),
                quality=face.get("quality"),
                match_status=match.get("status"),
                matched=matched,
                face_id=match.get("face_id") if matched else None,
                person_id=match.get("external_image_id") if matched else None,
                similarity=match.get("similarity") if matched else None,
            )
        )
    return records


def _truncate(message: Any) -> str | None:
    if message is None:
        return None
    text = str(message)
    return text if len(text) <= MAX_MESSAGE_LENGTH else text[: MAX_MESSAGE_LENGTH - 1] + "…"


def parse_failure(event: dict[str, Any]) -> Failure:
    """The failure of a store input that has a ``failure`` field.

    Two shapes are accepted: the Catch's own output with ``ResultPath: "$.failure"``
    (``{"bucket", "key", ..., "failure": {"Error", "Cause"}}``) and an explicit
    ``{"failure": {"bucket", "key", "version_id"?, "execution_id"?, "error", "cause"}}``.
    A Lambda error's ``Cause`` is a JSON document; its ``errorMessage`` becomes the message.
    """
    failure = event.get("failure")
    if not isinstance(failure, dict):
        raise InvalidEventError("failure must be a JSON object")
    ref = image_ref(failure if failure.get("bucket") else event)
    error = failure.get("Error") or failure.get("error") or "UnknownError"
    cause = failure.get("Cause") if "Cause" in failure else failure.get("cause")
    message = cause if isinstance(cause, str) else json.dumps(cause) if cause is not None else ""
    if isinstance(cause, str) and cause.startswith("{"):
        try:
            parsed = json.loads(cause)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict) and parsed.get("errorMessage") is not None:
            message = str(parsed["errorMessage"])
            error = str(parsed.get("errorType") or error)
    return Failure(ref=ref, error=str(error), message=message)


def records_for_failure(failure: Failure, processed_at: str) -> list[dict[str, Any]]:
    ref = failure.ref
    return [
        _blank_record(
            record_type=schema.FAILURE,
            record_id=schema.FAILURE,
            image_id=image_id(ref.bucket, ref.key, ref.version_id),
            bucket=ref.bucket,
            key=ref.key,
            version_id=ref.version_id,
            execution_id=ref.execution_id,
            timestamp=processed_at,
            processed_at=processed_at,
            error=failure.error,
            error_message=_truncate(failure.message),
        )
    ]


def to_json_lines(records: list[dict[str, Any]]) -> bytes:
    """One JSON object per line, columns in schema order, ``null`` for absent values."""
    return "".join(
        json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n" for record in records
    ).encode("utf-8")
