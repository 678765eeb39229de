"""Checks a raw JSON 1.1 answer against botocore's output shape, recursively: every member is
modelled, required members are present, types, enums, lengths and ranges hold."""

from __future__ import annotations

import base64
import re
from typing import Any

import botocore.session

MODEL = botocore.session.get_session().get_service_model("rekognition")


def assert_matches_output(operation: str, document: Any) -> None:
    shape = MODEL.operation_model(operation).output_shape
    problems: list[str] = []
    _check(shape, document, operation, problems)
    assert not problems, "\n".join(problems)


def _check(shape: Any, value: Any, path: str, problems: list[str]) -> None:
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected an object, got {value!r}")
            return
        for name in value:
            if name not in shape.members:
                problems.append(f"{path}.{name}: not a member of {shape.name}")
        for name in shape.required_members:
            if name not in value:
                problems.append(f"{path}.{name}: required by {shape.name}")
        for name, member in shape.members.items():
            if name in value:
                _check(member, value[name], f"{path}.{name}", problems)
    elif kind == "list":
        if not isinstance(value, list):
            problems.append(f"{path}: expected a list")
            return
        _length(shape, len(value), path, problems)
        for index, item in enumerate(value):
            _check(shape.member, item, f"{path}[{index}]", problems)
    elif kind == "map":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected a map")
            return
        for key, item in value.items():
            _check(shape.key, key, f"{path}.<key>", problems)
            _check(shape.value, item, f"{path}.{key}", problems)
    elif kind == "string":
        if not isinstance(value, str):
            problems.append(f"{path}: expected a string, got {value!r}")
            return
        _length(shape, len(value), path, problems)
        if shape.enum and value not in shape.enum:
            problems.append(f"{path}: {value!r} is not one of {shape.enum}")
        pattern = shape.metadata.get("pattern")
        try:
            compiled = re.compile(pattern) if pattern else None
        except re.error:  # Java-only syntax (\p{L}): not checkable with Python's re
            compiled = None
        if compiled is not None and not compiled.fullmatch(value):
            problems.append(f"{path}: {value!r} does not match {pattern}")
    elif kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(f"{path}: expected an integer, got {value!r}")
            return
        _range(shape, value, path, problems)
    elif kind in ("float", "double"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            problems.append(f"{path}: expected a number, got {value!r}")
            return
        _range(shape, value, path, problems)
    elif kind == "boolean":
        if not isinstance(value, bool):
            problems.append(f"{path}: expected a boolean, got {value!r}")
    elif kind == "timestamp":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            problems.append(f"{path}: expected epoch seconds, got {value!r}")
    elif kind == "blob":
        try:
            base64.b64decode(value, validate=True)
        except (ValueError, TypeError):
            problems.append(f"{path}: expected base64")
    else:
        problems.append(f"{path}: unchecked type {kind}")


def _length(shape: Any, length: int, path: str, problems: list[str]) -> None:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and length < low:
        problems.append(f"{path}: length {length} < {low}")
    if high is not None and length > high:
        problems.append(f"{path}: length {length} > {high}")


def _range(shape: Any, value: float, path: str, problems: list[str]) -> None:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and value < low:
        problems.append(f"{path}: {value} < {low}")
    if high is not None and value > high:
        problems.append(f"{path}: {value} > {high}")
