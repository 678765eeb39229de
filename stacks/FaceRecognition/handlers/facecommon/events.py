"""Parsing of the invocation payloads the pipeline accepts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import InvalidEventError


@dataclass(frozen=True)
class ImageRef:
    """One S3 object to process, with the Step Functions execution that processes it."""

    bucket: str
    key: str
    version_id: str | None = None
    execution_id: str | None = None


def _text(value: Any) -> str | None:
    """A non-empty string, or ``None`` for a missing, null or empty value."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidEventError(f"expected a string, got {type(value).__name__}: {value!r}")
    return value or None


def unwrap(event: Any) -> Any:
    """The state machine's envelope ``{"input": {...}, "execution_id": ...}`` as one object.

    The recommended definition passes the execution input whole (``"input.$": "$"``) so that it
    never names an optional field such as ``version_id``, which a JSONPath reference would
    require to exist. Any other event is returned unchanged.
    """
    if isinstance(event, dict) and isinstance(event.get("input"), dict) and "bucket" not in event:
        inner = event["input"]
        return {**inner, "execution_id": event.get("execution_id") or inner.get("execution_id")}
    return event


def image_ref(event: Any) -> ImageRef:
    """The object named by an event.

    Accepts ``{"bucket", "key", "version_id"?, "execution_id"?}`` (the execution input, which
    the EventBridge input transformer supplies), the same inside the state machine's envelope
    (see ``unwrap``) and, for direct use, an EventBridge
    ``Object Created`` event whose ``detail`` has ``bucket.name`` and ``object.key``.
    """
    event = unwrap(event)
    if not isinstance(event, dict):
        raise InvalidEventError(f"event must be a JSON object, got {type(event).__name__}")
    if isinstance(event.get("detail"), dict):
        detail = event["detail"]
        bucket = _text((detail.get("bucket") or {}).get("name"))
        obj = detail.get("object") or {}
        key = _text(obj.get("key"))
        version_id = _text(obj.get("version-id"))
        execution_id = None
    else:
        bucket = _text(event.get("bucket"))
        key = _text(event.get("key"))
        version_id = _text(event.get("version_id"))
        execution_id = _text(event.get("execution_id"))
    if not bucket or not key:
        raise InvalidEventError(
            f"event must have non-empty 'bucket' and 'key', got keys {sorted(event)}"
        )
    return ImageRef(bucket=bucket, key=key, version_id=version_id, execution_id=execution_id)
