"""Reading the source object: metadata first, then a bounded download."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from .errors import error_code, retryable_for
from .events import ImageRef
from .rejections import Rejected


@dataclass(frozen=True)
class ObjectInfo:
    """What HeadObject told about the object that will be read."""

    key: str
    version_id: str | None
    size: int
    content_type: str | None
    etag: str | None
    last_modified: Any
    metadata: dict[str, str]


def _version_args(version_id: str | None) -> dict[str, str]:
    return {"VersionId": version_id} if version_id else {}


def _s3_failure(error: Exception, ref: ImageRef, action: str) -> Exception:
    """The retryable error or the rejection an S3 error maps to."""
    retryable = retryable_for("s3", error)
    if retryable is not None:
        return retryable
    code = error_code(error) if isinstance(error, ClientError) else type(error).__name__
    if code in {"404", "NoSuchKey", "NotFound", "NoSuchVersion", "NoSuchBucket"}:
        return Rejected("OBJECT_NOT_FOUND", f"s3://{ref.bucket}/{ref.key} does not exist ({code})")
    if code in {"403", "AccessDenied", "Forbidden"}:
        return Rejected(
            "ACCESS_DENIED", f"access to s3://{ref.bucket}/{ref.key} was denied ({code})"
        )
    return Rejected("S3_ERROR", f"cannot {action} s3://{ref.bucket}/{ref.key}: {code}: {error}")


def head(s3: Any, ref: ImageRef) -> ObjectInfo:
    """HeadObject, trying the URL-decoded key too when the key as given does not exist.

    S3 event notifications URL-encode keys (``a b.jpg`` arrives as ``a+b.jpg``); accepting both
    means a rule or an input transformer that passes the key through still works.
    """
    candidates = [ref.key]
    decoded = urllib.parse.unquote_plus(ref.key)
    if decoded != ref.key:
        candidates.append(decoded)
    failure: Exception | None = None
    for key in candidates:
        try:
            response = s3.head_object(Bucket=ref.bucket, Key=key, **_version_args(ref.version_id))
        except (ClientError, BotoCoreError) as error:
            failure = _s3_failure(error, ref, "read the metadata of")
            if isinstance(failure, Rejected) and failure.reason == "OBJECT_NOT_FOUND":
                continue
            raise failure from error
        return ObjectInfo(
            key=key,
            version_id=ref.version_id or response.get("VersionId"),
            size=int(response.get("ContentLength", 0)),
            content_type=response.get("ContentType"),
            etag=(response.get("ETag") or "").strip('"') or None,
            last_modified=response.get("LastModified"),
            metadata={str(k).lower(): str(v) for k, v in (response.get("Metadata") or {}).items()},
        )
    assert failure is not None
    raise failure


def read(s3: Any, ref: ImageRef, info: ObjectInfo) -> bytes:
    """The object's bytes, pinned to the version HeadObject saw."""
    try:
        response = s3.get_object(Bucket=ref.bucket, Key=info.key, **_version_args(info.version_id))
        data: bytes = response["Body"].read()
    except (ClientError, BotoCoreError) as error:
        raise _s3_failure(error, ref, "read") from error
    return data
