"""Typed failures: problems with the image that no retry can fix.

They are returned as ``{"status": "REJECTED", "reason": ..., "message": ...}`` results rather than
raised to the state machine, so a ``Choice`` state can route on them and nothing retries forever.
"""

from __future__ import annotations

# Every reason code a REJECTED result can carry (documented in README.md and manifest.json).
REASONS = (
    "OBJECT_NOT_FOUND",
    "OBJECT_TOO_LARGE",
    "EMPTY_OBJECT",
    "UNSUPPORTED_FORMAT",
    "UNDECODABLE_IMAGE",
    "IMAGE_REJECTED_BY_REKOGNITION",
    "COLLECTION_NOT_FOUND",
    "ACCESS_DENIED",
    "S3_ERROR",
    "REKOGNITION_ERROR",
    "INVALID_EXTERNAL_IMAGE_ID",
    "NO_USABLE_FACE",
    "MULTIPLE_FACES",
)


class Rejected(Exception):
    """Raised inside a step to stop processing one image with a reason code."""

    def __init__(self, reason: str, message: str) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown rejection reason {reason!r}")
        super().__init__(message)
        self.reason = reason
        self.message = message
