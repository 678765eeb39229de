"""Mapping Rekognition errors to retryable errors or typed rejections."""

from __future__ import annotations

from botocore.exceptions import ClientError

from .errors import error_code, retryable_for
from .rejections import Rejected

# Errors that mean "this image cannot be processed", whatever the number of retries.
IMAGE_ERRORS = frozenset(
    {
        "InvalidImageFormatException",
        "ImageTooLargeException",
        "InvalidParameterException",
        "InvalidS3ObjectException",
    }
)


def rekognition_failure(error: Exception, action: str) -> Exception:
    """The retryable error or the ``Rejected`` that a Rekognition error maps to."""
    retryable = retryable_for("rekognition", error)
    if retryable is not None:
        return retryable
    code = error_code(error) if isinstance(error, ClientError) else type(error).__name__
    if code in IMAGE_ERRORS:
        return Rejected("IMAGE_REJECTED_BY_REKOGNITION", f"{action}: {code}: {error}")
    if code == "ResourceNotFoundException":
        return Rejected("COLLECTION_NOT_FOUND", f"{action}: {code}: {error}")
    if code == "AccessDeniedException":
        return Rejected("ACCESS_DENIED", f"{action}: {code}: {error}")
    return Rejected("REKOGNITION_ERROR", f"{action}: {code}: {error}")
