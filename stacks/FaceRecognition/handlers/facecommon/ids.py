"""Identifiers and keys derived from an S3 object: stable, documented, shared by all steps."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

INPUT_PREFIX = "input/"
ENROLL_PREFIX = "enroll/"

# Rekognition's pattern for ExternalImageId.
_EXTERNAL_IMAGE_ID = re.compile(r"[a-zA-Z0-9_.\-:]+")
EXTERNAL_IMAGE_ID_MAX_LENGTH = 255


def image_id(bucket: str, key: str, version_id: str | None) -> str:
    """A stable id for one version of one object: 32 hex digits of a SHA-256.

    The digest covers ``s3://{bucket}/{key}``, followed by ``?versionId={version_id}`` when the
    object has a version id, so reprocessing the same object gives the same id and every version
    of an object gets its own.
    """
    uri = f"s3://{bucket}/{key}"
    if version_id:
        uri += f"?versionId={version_id}"
    return hashlib.sha256(uri.encode("utf-8")).hexdigest()[:32]


def processed_key(source_key: str, output_prefix: str = "processed/") -> str:
    """The key of the enriched JSON Lines object for an input key.

    ``input/cam-1/a.jpg`` becomes ``processed/cam-1/a.jpg.json``; a key outside ``input/`` keeps
    its full path under the prefix.
    """
    relative = (
        source_key[len(INPUT_PREFIX) :] if source_key.startswith(INPUT_PREFIX) else source_key
    )
    return f"{output_prefix}{relative}.json"


class InvalidExternalImageId(ValueError):
    """An enrollment key whose person id Rekognition would refuse."""


def external_image_id_from_key(key: str) -> str:
    """The person id of an enrollment key ``enroll/<ExternalImageId>/<file>``.

    Raises ``InvalidExternalImageId`` with a message that shows the key and the rule.
    """
    if not key.startswith(ENROLL_PREFIX):
        raise InvalidExternalImageId(f"enrollment key must start with 'enroll/', got {key!r}")
    parts = key[len(ENROLL_PREFIX) :].split("/")
    if len(parts) != 2 or not parts[1]:
        raise InvalidExternalImageId(
            f"enrollment key must look like 'enroll/<ExternalImageId>/<file>', got {key!r}"
        )
    person = parts[0]
    if not person:
        raise InvalidExternalImageId(f"enrollment key has an empty ExternalImageId: {key!r}")
    if len(person) > EXTERNAL_IMAGE_ID_MAX_LENGTH:
        raise InvalidExternalImageId(
            f"ExternalImageId must be at most {EXTERNAL_IMAGE_ID_MAX_LENGTH} characters, "
            f"got {len(person)} in {key!r}"
        )
    if not _EXTERNAL_IMAGE_ID.fullmatch(person):
        raise InvalidExternalImageId(
            f"ExternalImageId must match [a-zA-Z0-9_.\\-:]+, got {person!r} in {key!r}"
        )
    return person


def isoformat(moment: dt.datetime) -> str:
    """UTC ISO 8601 with milliseconds and a ``Z``: sorts lexicographically by time."""
    utc = moment.astimezone(dt.timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def parse_timestamp(value: str) -> dt.datetime | None:
    """Parses an ISO 8601 timestamp (``Z`` or offset; naive means UTC), ``None`` if invalid."""
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.astimezone(dt.timezone.utc)
