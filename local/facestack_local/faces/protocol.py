"""Rekognition's wire protocol (JSON 1.1, `X-Amz-Target: RekognitionService.<Operation>`) in
front of `FaceService`. Every request whose target is Rekognition's, or whose SigV4 scope names
the `rekognition` service, comes here: moto's own Rekognition answers are never reachable.

Input is checked against botocore's Rekognition model, as AWS's front end does: a JSON type that
does not fit is a `SerializationException`, a missing member or a broken constraint (length,
range, pattern, enum) a `ValidationException` with AWS's wording. Operations the engine does not
implement answer 501 `NotImplementedException` naming the operation (501 is not retried by the
SDKs); targets that are not Rekognition operations answer 400 `UnknownOperationException`.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
import uuid
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from .errors import RekognitionError
from .service import Caller, FaceService

LOG = logging.getLogger("facestack.faces")
TARGET_PREFIX = "RekognitionService."
# Image bytes over 5 MB are ImageTooLargeException (images.py), not a length violation.
_UNCHECKED_MAX = {"ImageBlob"}

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


@cache
def service_model() -> Any:
    import botocore.session

    return botocore.session.get_session().get_service_model("rekognition")


def _camel(name: str) -> str:
    return name[:1].lower() + name[1:]


class _Checker:
    """Checks one request against its input shape and turns blobs into bytes."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def value(self, shape: Any, value: Any, path: str) -> Any:
        kind = shape.type_name
        if kind == "structure":
            if not isinstance(value, dict):
                raise _serialization(path, "a structure")
            out = {}
            for name in shape.required_members:
                if value.get(name) is None:
                    self.problems.append(
                        f"Value null at '{_join(path, name)}' failed to satisfy constraint: "
                        "Member must not be null"
                    )
            for name, member in shape.members.items():
                if value.get(name) is not None:
                    out[name] = self.value(member, value[name], _join(path, name))
            return out
        if kind == "list":
            if not isinstance(value, list):
                raise _serialization(path, "a list")
            self._length(shape, len(value), value, path)
            return [self.value(shape.member, item, f"{path}.{index + 1}")
                    for index, item in enumerate(value)]
        if kind == "map":
            if not isinstance(value, dict):
                raise _serialization(path, "a map")
            self._length(shape, len(value), value, path)
            return {self.value(shape.key, key, f"{path}.key"): self.value(shape.value, item,
                                                                          f"{path}.value")
                    for key, item in value.items()}
        if kind == "string":
            if not isinstance(value, str):
                raise _serialization(path, "a string")
            self._length(shape, len(value), value, path)
            enum = shape.enum
            if enum and value not in enum:
                self.problems.append(
                    f"Value '{value}' at '{path}' failed to satisfy constraint: Member must "
                    f"satisfy enum value set: [{', '.join(enum)}]"
                )
            pattern = shape.metadata.get("pattern")
            compiled = _pattern(pattern) if pattern else None
            if compiled is not None and not compiled.fullmatch(value):
                self.problems.append(
                    f"Value '{value}' at '{path}' failed to satisfy constraint: Member must "
                    f"satisfy regular expression pattern: {pattern}"
                )
            return value
        if kind in ("integer", "long"):
            if isinstance(value, bool) or not isinstance(value, int):
                raise _serialization(path, "an integer")
            self._range(shape, value, path)
            return value
        if kind in ("float", "double"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise _serialization(path, "a number")
            self._range(shape, value, path)
            return float(value)
        if kind == "boolean":
            if not isinstance(value, bool):
                raise _serialization(path, "a boolean")
            return value
        if kind == "blob":
            if not isinstance(value, str):
                raise _serialization(path, "base64 text")
            try:
                data = base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError) as error:
                raise _serialization(path, "base64 text") from error
            if shape.name in _UNCHECKED_MAX:
                if len(data) < shape.metadata.get("min", 0):
                    self._length(shape, len(data), "<bytes>", path)
            else:
                self._length(shape, len(data), "<bytes>", path)
            return data
        if kind == "timestamp":
            return value
        return value

    def _length(self, shape: Any, length: int, value: Any, path: str) -> None:
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        shown = value if isinstance(value, str) else json.dumps(value, default=str)
        if low is not None and length < low:
            self.problems.append(
                f"Value '{shown}' at '{path}' failed to satisfy constraint: Member must have "
                f"length greater than or equal to {low}"
            )
        if high is not None and length > high:
            self.problems.append(
                f"Value '{shown}' at '{path}' failed to satisfy constraint: Member must have "
                f"length less than or equal to {high}"
            )

    def _range(self, shape: Any, value: float, path: str) -> None:
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        if low is not None and value < low:
            self.problems.append(
                f"Value '{value}' at '{path}' failed to satisfy constraint: Member must have "
                f"value greater than or equal to {low}"
            )
        if high is not None and value > high:
            self.problems.append(
                f"Value '{value}' at '{path}' failed to satisfy constraint: Member must have "
                f"value less than or equal to {high}"
            )


@cache
def _pattern(pattern: str) -> re.Pattern[str] | None:
    """The model's pattern in Python's syntax; None for Java-only syntax such as `\\p{L}`
    (those constraints are left unchecked)."""
    try:
        return re.compile(pattern)
    except re.error:
        return None


def _join(path: str, name: str) -> str:
    return f"{path}.{_camel(name)}" if path else _camel(name)


def _serialization(path: str, expected: str) -> RekognitionError:
    where = path or "the request"
    return RekognitionError("SerializationException", f"{where} must be {expected}")


def checked_input(operation: str, body: bytes) -> dict[str, Any]:
    """The operation's parameters, checked against the model, blobs decoded."""
    try:
        document = json.loads(body or b"{}")
    except ValueError as error:
        raise RekognitionError("SerializationException", "the body is not JSON") from error
    shape = service_model().operation_model(operation).input_shape
    checker = _Checker()
    params = checker.value(shape, document, "") if shape is not None else {}
    if checker.problems:
        count = len(checker.problems)
        noun = "error" if count == 1 else "errors"
        raise RekognitionError(
            "ValidationException",
            f"{count} validation {noun} detected: " + "; ".join(checker.problems),
        )
    return dict(params)


def is_rekognition(environ: dict[str, Any]) -> bool:
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    if target.startswith(TARGET_PREFIX):
        return True
    scope = credential_scope(environ.get("HTTP_AUTHORIZATION", ""))
    return scope is not None and scope[1] == "rekognition"


def credential_scope(authorization: str) -> tuple[str, str] | None:
    """(region, service) of a SigV4 Authorization header."""
    match = re.search(r"Credential=[^/,\s]+/\d{8}/([^/]+)/([^/]+)/aws4_request", authorization)
    return (match.group(1), match.group(2)) if match else None


class RekognitionApp:
    """The WSGI application for Rekognition requests. `caller_of` names the account and region
    of a request (the emulator derives them from the access key and the SigV4 scope)."""

    def __init__(
        self, service: FaceService, caller_of: Callable[[dict[str, Any]], Caller]
    ) -> None:
        self.service = service
        self.caller_of = caller_of
        self.handlers = service.operations()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        request_id = str(uuid.uuid4())
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        operation = target.removeprefix(TARGET_PREFIX) if target.startswith(TARGET_PREFIX) else ""
        try:
            body = _read_body(environ)
            result = self.dispatch(operation, body, self.caller_of(environ))
            status, payload = 200, result
        except RekognitionError as error:
            status = error.status
            payload = {"__type": error.code, "Message": error.message}
            LOG.info("rekognition %s: %s %s", operation or target, error.code, error.message)
        except Exception as error:
            LOG.exception("rekognition %s failed", operation)
            status = 500
            payload = {"__type": "InternalServerError",
                       "Message": f"{type(error).__name__}: {error}"}
        data = json.dumps(payload).encode()
        reason = {200: "OK", 400: "Bad Request", 500: "Internal Server Error",
                  501: "Not Implemented"}.get(status, "Error")
        start_response(f"{status} {reason}", [
            ("Content-Type", "application/x-amz-json-1.1"),
            ("Content-Length", str(len(data))),
            ("x-amzn-RequestId", request_id),
        ])
        return [data]

    def dispatch(self, operation: str, body: bytes, caller: Caller) -> dict[str, Any]:
        model = service_model()
        if operation not in model.operation_names:
            raise RekognitionError(
                "UnknownOperationException",
                f"'{operation or 'no X-Amz-Target'}' is not an operation of RekognitionService",
            )
        handler = self.handlers.get(operation)
        if handler is None:
            implemented = ", ".join(sorted(self.handlers))
            raise RekognitionError(
                "NotImplementedException",
                f"RekognitionService.{operation} is not implemented by facestack's local face "
                f"engine; it implements {implemented}",
                501,
            )
        return handler(caller, checked_input(operation, body))


def _read_body(environ: dict[str, Any]) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    stream = environ["wsgi.input"]
    data: bytes = stream.read(length) if length > 0 else stream.read()
    return data
