"""Error classes whose names are part of the state machine contract.

Step Functions sees a Lambda exception's class name as the error name, so the retryable classes
below are the names the state machine's ``Retry`` lists. Anything that is not retryable either
becomes a typed ``REJECTED`` result (a problem with the image) or propagates to the ``Catch``.
"""

from __future__ import annotations

from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)


class RetryableError(Exception):
    """A transient failure of a dependency; the caller should retry with backoff."""


class RekognitionThrottled(RetryableError):
    """Rekognition throttled the call (TPS or provisioned throughput exceeded)."""


class RekognitionUnavailable(RetryableError):
    """Rekognition failed with a server error or could not be reached."""


class S3Unavailable(RetryableError):
    """S3 throttled (SlowDown) or failed with a server error or could not be reached."""


class DynamoDBThrottled(RetryableError):
    """DynamoDB throttled, or unprocessed items remained after the in-process retries."""


class DynamoDBUnavailable(RetryableError):
    """DynamoDB failed with a server error or could not be reached."""


class ConfigError(RuntimeError):
    """A required environment variable is missing or has an invalid value (cold start)."""


class InvalidEventError(ValueError):
    """The invocation payload does not have the documented shape; never retried."""


RETRYABLE_ERRORS: tuple[type[RetryableError], ...] = (
    RekognitionThrottled,
    RekognitionUnavailable,
    S3Unavailable,
    DynamoDBThrottled,
    DynamoDBUnavailable,
)

_THROTTLING_CODES = frozenset(
    {
        "ThrottlingException",
        "Throttling",
        "ThrottledException",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "LimitExceededException",
        "SlowDown",
        "RequestThrottled",
    }
)
_SERVER_CODES = frozenset(
    {
        "InternalServerError",
        "InternalError",
        "InternalFailure",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "RequestTimeout",
        "RequestTimeoutException",
    }
)
_NETWORK_ERRORS = (
    EndpointConnectionError,
    ConnectTimeoutError,
    ReadTimeoutError,
    ConnectionClosedError,
)

_BY_SERVICE: dict[str, tuple[type[RetryableError], type[RetryableError]]] = {
    "rekognition": (RekognitionThrottled, RekognitionUnavailable),
    "s3": (S3Unavailable, S3Unavailable),
    "dynamodb": (DynamoDBThrottled, DynamoDBUnavailable),
}


def error_code(error: ClientError) -> str:
    """The AWS error code of a client error (``""`` when the response has none)."""
    return str(error.response.get("Error", {}).get("Code", ""))


def retryable_for(service: str, error: BaseException) -> RetryableError | None:
    """The retryable error that ``error`` from ``service`` maps to, or ``None`` if it is final."""
    throttled, unavailable = _BY_SERVICE[service]
    if isinstance(error, _NETWORK_ERRORS):
        return unavailable(f"{service} could not be reached: {error}")
    if not isinstance(error, ClientError):
        return None
    code = error_code(error)
    status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
    message = error.response.get("Error", {}).get("Message", "")
    if code in _THROTTLING_CODES or status == 429:
        return throttled(f"{service} throttled the request: {code}: {message}")
    if code in _SERVER_CODES or status >= 500:
        return unavailable(f"{service} failed with a server error: {code}: {message}")
    return None
