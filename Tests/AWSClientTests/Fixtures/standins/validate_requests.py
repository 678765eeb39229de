"""Validates requests facestack's AWS client built against the AWS CLI's service models
(botocore's, as `aws` uses them).

Reads a JSON list of {"name", "service", "target", "contentType", "body"} on stdin. A query
protocol body (form parameters) is read back into parameters along the operation's input shape:
a parameter the shape does not model is a problem; the parameters must pass botocore's
ParamValidator (required members, types, enums, lengths, ranges), and botocore's own query
serializer must produce exactly the same form. A JSON protocol body is validated the same way
and its X-Amz-Target and Content-Type must be the ones botocore sends. Prints one line per
problem; exit status 1 when there is any."""

from __future__ import annotations

import json
import sys
import urllib.parse
from typing import Any

import botocore.session
from botocore.serialize import create_serializer
from botocore.validate import ParamValidator

SESSION = botocore.session.get_session()


def read_query(shape: Any, prefix: str, form: dict[str, str], used: set[str]) -> Any:
    kind = shape.type_name
    if kind == "structure":
        result: dict[str, Any] = {}
        for name, member in shape.members.items():
            key = f"{prefix}.{name}" if prefix else name
            if any(k == key or k.startswith(key + ".") for k in form):
                result[name] = read_query(member, key, form, used)
        return result
    if kind == "list":
        items = []
        index = 1
        while any(
            k == f"{prefix}.member.{index}" or k.startswith(f"{prefix}.member.{index}.")
            for k in form
        ):
            items.append(read_query(shape.member, f"{prefix}.member.{index}", form, used))
            index += 1
        if prefix in form and form[prefix] == "":  # an empty list
            used.add(prefix)
        return items
    if kind == "map":
        entries = {}
        index = 1
        while f"{prefix}.entry.{index}.key" in form:
            used.add(f"{prefix}.entry.{index}.key")
            key = form[f"{prefix}.entry.{index}.key"]
            entries[key] = read_query(shape.value, f"{prefix}.entry.{index}.value", form, used)
            index += 1
        return entries
    used.add(prefix)
    text = form[prefix]
    if kind in ("integer", "long"):
        return int(text)
    if kind == "boolean":
        return text == "true"
    return text


def check(request: dict[str, Any]) -> list[str]:
    name = request["name"]
    model = SESSION.get_service_model(request["service"])
    protocol = model.metadata["protocol"]
    problems: list[str] = []
    if protocol == "query":
        pairs = urllib.parse.parse_qsl(request["body"], keep_blank_values=True)
        form = dict(pairs)
        if len(form) != len(pairs):
            problems.append(f"{name}: a form parameter repeats")
        operation = model.operation_model(form.pop("Action", "?"))
        if form.pop("Version", None) != model.api_version:
            problems.append(f"{name}: Version is not {model.api_version}")
        used: set[str] = set()
        params = read_query(operation.input_shape, "", form, used)
        for key in sorted(set(form) - used):
            problems.append(f"{name}: {key} is not in {operation.name}'s input shape")
    else:
        target = request.get("target") or ""
        prefix = model.metadata["targetPrefix"]
        operation = model.operation_model(target.removeprefix(prefix + "."))
        if target != f"{prefix}.{operation.name}":
            problems.append(f"{name}: X-Amz-Target {target!r} is not {prefix}.{operation.name}")
        version = model.metadata["jsonVersion"]
        if request.get("contentType") != f"application/x-amz-json-{version}":
            problems.append(f"{name}: Content-Type {request.get('contentType')!r}")
        params = json.loads(request["body"] or "{}")
        for key in sorted(set(params) - set(operation.input_shape.members)):
            problems.append(f"{name}: {key} is not in {operation.name}'s input shape")
    report = ParamValidator().validate(params, operation.input_shape)
    if report.has_errors():
        problems += [f"{name}: {line}" for line in report.generate_report().splitlines()]
    if protocol == "query" and not problems:
        serialized = create_serializer("query").serialize_to_request(params, operation)
        expected = {k: str(v) for k, v in serialized["body"].items()}
        ours = dict(urllib.parse.parse_qsl(request["body"], keep_blank_values=True))
        if expected != ours:
            problems.append(f"{name}: botocore serializes {expected}, facestack sent {ours}")
    return problems


def main() -> int:
    problems: list[str] = []
    for request in json.load(sys.stdin):
        problems += check(request)
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
