"""Settings read from environment variables, once per container.

Each function's settings are a frozen dataclass with a ``from_env`` constructor; every variable
is read by literal name through :func:`required` or :func:`optional` so that the test suite can
check ``manifest.json`` against the code. A missing or invalid variable raises
:class:`~facecommon.errors.ConfigError` with its name, at cold start.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from .errors import ConfigError

T = TypeVar("T", int, float)

# Rekognition reads at most 15 MB from an S3 object.
REKOGNITION_S3_LIMIT_BYTES = 15 * 1024 * 1024


def required(name: str) -> str:
    """The value of a required variable; a missing or empty one raises ``ConfigError``."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ConfigError(f"missing required environment variable {name}")
    return value


def optional(name: str, default: str) -> str:
    """The value of an optional variable, or ``default`` when it is unset or empty."""
    value = os.environ.get(name, "").strip()
    return value or default


def _number(name: str, default: str, parse: Callable[[str], T], minimum: T, maximum: T) -> T:
    raw = optional(name, default)
    try:
        value = parse(raw)
    except ValueError:
        raise ConfigError(
            f"environment variable {name} must be a number between {minimum} and {maximum}, "
            f"got {raw!r}"
        ) from None
    if not minimum <= value <= maximum:
        raise ConfigError(
            f"environment variable {name} must be between {minimum} and {maximum}, got {raw!r}"
        )
    return value


def optional_int(name: str, default: str, minimum: int, maximum: int) -> int:
    """An optional integer variable within ``[minimum, maximum]``."""
    return _number(name, default, int, minimum, maximum)


def optional_float(name: str, default: str, minimum: float, maximum: float) -> float:
    """An optional decimal variable within ``[minimum, maximum]``."""
    return _number(name, default, float, minimum, maximum)


@dataclass(frozen=True)
class CommonSettings:
    """Settings every function and the service read."""

    log_level: str
    pipeline_name: str

    @classmethod
    def from_env(cls) -> CommonSettings:
        level = optional("LOG_LEVEL", "INFO").upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ConfigError(
                "environment variable LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, "
                f"got {level!r}"
            )
        return cls(log_level=level, pipeline_name=optional("PIPELINE_NAME", "FaceRecognition"))


@dataclass(frozen=True)
class DetectSettings:
    """Settings of the detect step (Lambda ``detect`` and the service)."""

    collection_id: str
    face_match_threshold: float
    max_faces: int
    crop_margin: float
    max_image_bytes: int

    @classmethod
    def from_env(cls) -> DetectSettings:
        return cls(
            collection_id=required("COLLECTION_ID"),
            face_match_threshold=optional_float("FACE_MATCH_THRESHOLD", "80", 0.0, 100.0),
            max_faces=optional_int("MAX_FACES", "5", 1, 100),
            crop_margin=optional_float("CROP_MARGIN", "0.25", 0.0, 1.0),
            max_image_bytes=optional_int(
                "MAX_IMAGE_BYTES",
                str(REKOGNITION_S3_LIMIT_BYTES),
                1,
                REKOGNITION_S3_LIMIT_BYTES,
            ),
        )


@dataclass(frozen=True)
class StoreSettings:
    """Settings of the store step (Lambda ``store`` and the service)."""

    table_name: str
    output_bucket: str
    output_prefix: str
    result_ttl_days: int

    @classmethod
    def from_env(cls) -> StoreSettings:
        prefix = optional("OUTPUT_PREFIX", "processed/")
        if not prefix.endswith("/"):
            raise ConfigError(
                f"environment variable OUTPUT_PREFIX must end with '/', got {prefix!r}"
            )
        return cls(
            table_name=required("TABLE_NAME"),
            output_bucket=required("OUTPUT_BUCKET"),
            output_prefix=prefix,
            result_ttl_days=optional_int("RESULT_TTL_DAYS", "0", 0, 36500),
        )


@dataclass(frozen=True)
class EnrollSettings:
    """Settings of the enroll Lambda."""

    collection_id: str
    table_name: str
    max_image_bytes: int

    @classmethod
    def from_env(cls) -> EnrollSettings:
        return cls(
            collection_id=required("COLLECTION_ID"),
            table_name=required("TABLE_NAME"),
            max_image_bytes=optional_int(
                "MAX_IMAGE_BYTES",
                str(REKOGNITION_S3_LIMIT_BYTES),
                1,
                REKOGNITION_S3_LIMIT_BYTES,
            ),
        )


@dataclass(frozen=True)
class ServiceSettings:
    """Settings of the EC2 recognition service's HTTP layer."""

    host: str
    port: int
    workers: int
    max_concurrency: int
    max_pending: int
    max_batch_size: int
    metrics_endpoint: str

    @classmethod
    def from_env(cls) -> ServiceSettings:
        return cls(
            host=optional("SERVICE_HOST", "0.0.0.0"),  # noqa: S104 - the ASG instances serve
            port=optional_int("SERVICE_PORT", "8080", 1, 65535),
            workers=optional_int("SERVICE_WORKERS", "0", 0, 256),
            max_concurrency=optional_int("MAX_CONCURRENCY", "8", 1, 256),
            max_pending=optional_int("MAX_PENDING", "64", 0, 10000),
            max_batch_size=optional_int("MAX_BATCH_SIZE", "25", 1, 1000),
            metrics_endpoint=optional("METRICS_ENDPOINT", ""),
        )


@dataclass(frozen=True)
class WorkerSettings:
    """Settings of the EC2 recognition service's queue worker (``service/worker.py``)."""

    queue_url: str
    batch_size: int
    wait_seconds: int
    visibility_timeout: int
    concurrency: int
    drain_seconds: int
    lifecycle_hook_name: str
    autoscaling_group_name: str
    metadata_endpoint: str
    metrics_endpoint: str

    @classmethod
    def from_env(cls) -> WorkerSettings:
        hook = optional("LIFECYCLE_HOOK_NAME", "")
        group = optional("AUTOSCALING_GROUP_NAME", "")
        if bool(hook) != bool(group):
            raise ConfigError(
                "environment variables LIFECYCLE_HOOK_NAME and AUTOSCALING_GROUP_NAME must be "
                f"set together, got {hook!r} and {group!r}"
            )
        endpoint = optional("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://169.254.169.254")
        if not endpoint.startswith(("http://", "https://")):
            raise ConfigError(
                "environment variable AWS_EC2_METADATA_SERVICE_ENDPOINT must be an http:// or "
                f"https:// URL, got {endpoint!r}"
            )
        return cls(
            queue_url=required("QUEUE_URL"),
            batch_size=optional_int("QUEUE_BATCH_SIZE", "10", 1, 10),
            wait_seconds=optional_int("QUEUE_WAIT_SECONDS", "20", 0, 20),
            visibility_timeout=optional_int("QUEUE_VISIBILITY_TIMEOUT", "180", 2, 43200),
            concurrency=optional_int("QUEUE_CONCURRENCY", "8", 1, 256),
            drain_seconds=optional_int("QUEUE_DRAIN_SECONDS", "25", 0, 3600),
            lifecycle_hook_name=hook,
            autoscaling_group_name=group,
            metadata_endpoint=endpoint.rstrip("/"),
            metrics_endpoint=optional("METRICS_ENDPOINT", ""),
        )
