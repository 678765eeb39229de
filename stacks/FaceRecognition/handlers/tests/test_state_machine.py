"""The recommended state machine (manifest.json) run against the real handlers.

A small interpreter covers what the definition uses (Task with lambda:invoke Parameters,
ResultSelector, OutputPath, Retry and Catch; Choice on StringEquals; Fail), and represents a
Lambda error the way Step Functions does: ``Error`` is the exception's class name and ``Cause``
Lambda's JSON error document. So the wiring the Swift stack copies is tested end to end.
"""

from __future__ import annotations

import json
import traceback
from collections.abc import Callable
from typing import Any

import pytest
from boto3.dynamodb.types import TypeDeserializer

from tests.conftest import BUCKET, COLLECTION, TABLE, LambdaContext, put_image
from tests.pictures import GREEN, RED, Face, picture

EXECUTION_ID = "arn:aws:states:us-east-1:123456789012:execution:facestack-dev-pipeline:run-1"
ARNS = {"${DetectFunctionArn}": "detect", "${StoreFunctionArn}": "store"}


class LambdaFailed(Exception):
    def __init__(self, error: str, cause: str) -> None:
        super().__init__(error)
        self.error = error
        self.cause = cause


def path_get(document: Any, path: str, context: dict[str, Any]) -> Any:
    root, _, rest = path.partition(".") if path.startswith("$$") else ("$", "", path[2:])
    value = context if root == "$$" else document
    for part in filter(None, rest.split(".")):
        value = value[part]  # a missing path fails, as it does in Step Functions
    return value


def resolve(template: Any, document: Any, context: dict[str, Any]) -> Any:
    if isinstance(template, dict):
        out = {}
        for key, value in template.items():
            if key.endswith(".$"):
                out[key[:-2]] = path_get(document, value, context)
            else:
                out[key] = resolve(value, document, context)
        return out
    return template


def run(
    definition: dict[str, Any], execution_input: dict[str, Any], handlers: dict[str, Callable]
) -> tuple[str, Any, list[str]]:
    context = {"Execution": {"Id": EXECUTION_ID}}
    states, name, document, visited = (
        definition["States"],
        definition["StartAt"],
        execution_input,
        [],
    )
    while True:
        visited.append(name)
        state = states[name]
        if state["Type"] == "Fail":
            return "FAILED", document, visited
        if state["Type"] == "Choice":
            name = next(
                (
                    c["Next"]
                    for c in state["Choices"]
                    if path_get(document, c["Variable"], context) == c["StringEquals"]
                ),
                state["Default"],
            )
            continue
        parameters = resolve(state["Parameters"], document, context)
        function = ARNS[parameters["FunctionName"]]
        attempts: dict[int, int] = {}
        while True:
            try:
                payload = handlers[function](json.loads(json.dumps(parameters["Payload"])))
                break
            except LambdaFailed as failure:
                retry = next(
                    (
                        (i, r)
                        for i, r in enumerate(state.get("Retry", []))
                        if failure.error in r["ErrorEquals"]
                    ),
                    None,
                )
                if retry and attempts.get(retry[0], 0) < retry[1]["MaxAttempts"]:
                    attempts[retry[0]] = attempts.get(retry[0], 0) + 1
                    continue
                catch = next(
                    c
                    for c in state.get("Catch", [{"ErrorEquals": ["States.ALL"], "Next": None}])
                    if {"States.ALL", failure.error} & set(c["ErrorEquals"])
                )
                if catch["Next"] is None:
                    return "FAILED", failure, visited
                document = {
                    **document,
                    catch["ResultPath"][2:]: {"Error": failure.error, "Cause": failure.cause},
                }
                name = catch["Next"]
                break
        if name != visited[-1]:
            continue
        result = resolve(state["ResultSelector"], {"Payload": payload}, context)
        document = path_get(result, state["OutputPath"], context)
        if state.get("End"):
            return "SUCCEEDED", document, visited
        name = state["Next"]


def as_lambda(handler: Callable) -> Callable:
    """Invokes a handler as Lambda does, turning an exception into Lambda's error document."""

    def invoke(event: Any) -> Any:
        try:
            return json.loads(json.dumps(handler(event, LambdaContext())))
        except Exception as error:
            cause = {
                "errorMessage": str(error),
                "errorType": type(error).__name__,
                "requestType": "Invoke",
                "stackTrace": traceback.format_tb(error.__traceback__),
            }
            raise LambdaFailed(type(error).__name__, json.dumps(cause)) from error

    return invoke


@pytest.fixture
def machine(entry, monkeypatch, clients, bucket, table, rekognition):
    from tests.conftest import MANIFEST

    handlers = {}
    for name in ("detect", "store"):
        module = entry(name)
        monkeypatch.setattr(module, "default_clients", lambda *a, **k: clients)
        handlers[name] = as_lambda(module.handler)
    definition = MANIFEST["state_machine"]["recommended_definition"]

    def start(key: str, **extra: Any) -> tuple[str, Any, list[str]]:
        # What the input transformer sends for an unversioned bucket: no version_id at all.
        return run(definition, {"bucket": BUCKET, "key": key, **extra}, handlers)

    return start


def records(clients) -> dict[str, dict[str, Any]]:
    deserializer = TypeDeserializer()
    items = clients.dynamodb.scan(TableName=TABLE)["Items"]
    return {
        item["record_id"]["S"]: {k: deserializer.deserialize(v) for k, v in item.items()}
        for item in items
    }


def test_image_with_faces_succeeds_through_detect_and_store(machine, clients, rekognition):
    rekognition.enroll(COLLECTION, RED, "alice")
    put_image(
        clients,
        "input/a.png",
        picture([Face(RED, (50, 50, 200, 200)), Face(GREEN, (400, 60, 150, 150))]),
    )

    status, output, visited = machine("input/a.png")

    assert (status, visited) == ("SUCCEEDED", ["Detect", "Rejected?", "Store"])
    assert output["record_type"] == "FACE"
    stored = records(clients)
    assert stored["FACE#000"]["person_id"] == "alice"
    assert stored["FACE#000"]["execution_id"] == EXECUTION_ID


def test_rejected_image_is_recorded_and_the_execution_succeeds(machine, clients):
    put_image(clients, "input/fake.jpg", b"this is no jpeg")

    status, output, visited = machine("input/fake.jpg")

    assert (status, visited) == ("SUCCEEDED", ["Detect", "Rejected?", "RecordRejection"])
    assert output["record_type"] == "REJECTED"
    assert records(clients)["REJECTED"]["reason"] == "UNSUPPORTED_FORMAT"


def test_throttling_is_retried_by_the_state_machine(machine, clients, rekognition):
    put_image(clients, "input/a.png", picture([Face(RED, (50, 50, 200, 200))]))
    rekognition.fail("DetectFaces", "ThrottlingException", times=2)

    status, _, visited = machine("input/a.png")

    assert (status, visited) == ("SUCCEEDED", ["Detect", "Rejected?", "Store"])
    assert rekognition.operations().count("DetectFaces") == 3


def test_unexpected_error_is_caught_recorded_and_fails_the_execution(machine, clients, monkeypatch):
    put_image(clients, "input/a.png", picture([Face(RED, (50, 50, 200, 200))]))

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise KeyError("FaceDetails")

    monkeypatch.setattr("facecommon.detection._face_summary", broken)

    status, _, visited = machine("input/a.png")

    assert (status, visited) == ("FAILED", ["Detect", "RecordFailure", "Failed"])
    failure = records(clients)["FAILURE"]
    assert failure["error"] == "KeyError"
    assert failure["error_message"] == "'FaceDetails'"
    assert failure["execution_id"] == EXECUTION_ID


def test_exhausted_retries_end_in_the_failure_record(machine, clients, rekognition):
    put_image(clients, "input/a.png", picture([Face(RED, (50, 50, 200, 200))]))
    rekognition.fail("DetectFaces", "ThrottlingException", times=20)

    status, _, visited = machine("input/a.png")

    assert visited == ["Detect", "RecordFailure", "Failed"]
    assert status == "FAILED"
    assert records(clients)["FAILURE"]["error"] == "RekognitionThrottled"


def test_versioned_object_keeps_its_version_through_every_state(machine, clients, monkeypatch):
    clients.s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    put_image(clients, "input/v.png", picture([Face(RED, (50, 50, 200, 200))]))
    version = clients.s3.head_object(Bucket=BUCKET, Key="input/v.png")["VersionId"]

    status, _, _ = machine("input/v.png", version_id=version)
    assert status == "SUCCEEDED"
    assert records(clients)["FACE#000"]["version_id"] == version

    monkeypatch.setattr("facecommon.detection._face_summary", lambda *a: {}["boom"])
    status, _, visited = machine("input/v.png", version_id=version)
    assert visited[-1] == "Failed"
    assert records(clients)["FAILURE"]["version_id"] == version
