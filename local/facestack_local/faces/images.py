"""Reading the image of a request: `Bytes` (at most 5 MB) or an `S3Object` of the emulator's
own S3 (at most 15 MB, in the request's region, optionally a version), decoded as JPEG or PNG
with its EXIF orientation applied, as Rekognition does."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image, ImageOps

from .errors import RekognitionError, invalid_parameter

MAX_BYTES = 5 * 1024 * 1024
MAX_S3_BYTES = 15 * 1024 * 1024
JPEG = b"\xff\xd8\xff"
PNG = b"\x89PNG\r\n\x1a\n"


def too_large(limit: str) -> RekognitionError:
    return RekognitionError("ImageTooLargeException", f"Image size is too large ({limit} limit).")


def invalid_format() -> RekognitionError:
    return RekognitionError("InvalidImageFormatException", "Request has invalid image format")


def invalid_s3(message: str) -> RekognitionError:
    return RekognitionError("InvalidS3ObjectException", message)


def image_bytes(image: dict[str, Any], account: str, region: str) -> bytes:
    """The bytes of an `Image` parameter (already validated against the model)."""
    has_bytes, has_s3 = "Bytes" in image, "S3Object" in image
    if has_bytes == has_s3:
        raise invalid_parameter("Image must have exactly one of Bytes and S3Object")
    if has_bytes:
        data: bytes = image["Bytes"]
        if len(data) > MAX_BYTES:
            raise too_large("5 MB image bytes")
        return data
    return s3_object_bytes(image["S3Object"], account, region)


def s3_object_bytes(location: dict[str, Any], account: str, region: str) -> bytes:
    from moto.s3.exceptions import MissingBucket, MissingKey, MissingVersion
    from moto.s3.models import s3_backends
    from moto.utilities.utils import get_partition

    bucket_name, key_name = location.get("Bucket"), location.get("Name")
    if not bucket_name or not key_name:
        raise invalid_s3("S3Object needs Bucket and Name")
    backend = s3_backends[account][get_partition(region)]
    try:
        bucket = backend.get_bucket(bucket_name)
    except MissingBucket as error:
        raise invalid_s3(
            "Unable to get object metadata from S3. Check object key, region and/or access "
            f"permissions. (no bucket {bucket_name})"
        ) from error
    if bucket.region_name != region:
        raise invalid_s3(
            f"Unable to get object metadata from S3. Bucket {bucket_name} is in "
            f"{bucket.region_name}, the request in {region}: they must be in the same region."
        )
    try:
        key = backend.get_object(bucket_name, key_name, version_id=location.get("Version"))
    except (MissingKey, MissingVersion) as error:
        raise invalid_s3(
            "Unable to get object metadata from S3. Check object key, region and/or access "
            f"permissions. (no object s3://{bucket_name}/{key_name})"
        ) from error
    if key is None:
        raise invalid_s3(
            "Unable to get object metadata from S3. Check object key, region and/or access "
            f"permissions. (no object s3://{bucket_name}/{key_name})"
        )
    if key.size > MAX_S3_BYTES:
        raise too_large("15 MB S3 object")
    return bytes(key.value)


def decode(data: bytes) -> Image.Image:
    """RGB pixels of a JPEG or PNG, upright."""
    if not (data.startswith((JPEG, PNG))):
        raise invalid_format()
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            upright = ImageOps.exif_transpose(opened)
            return upright.convert("RGB")
    except Image.DecompressionBombError as error:
        raise too_large("pixel count") from error
    except (OSError, ValueError, SyntaxError) as error:
        raise invalid_format() from error
