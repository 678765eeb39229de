"""The Lambda entry modules: cold-start settings, logs, results and errors as Lambda sees them."""

from __future__ import annotations

import json

import pytest

from facecommon.clients import default_clients
from facecommon.config import ConfigError
from facecommon.errors import RekognitionThrottled
from facecommon.metrics import NAMESPACE
from tests.conftest import BUCKET, COLLECTION, PIPELINE_ENV, LambdaContext, put_image
from tests.pictures import RED, Face, picture


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def wired(monkeypatch, clients, bucket, table, rekognition):
    """Entry modules whose process-wide clients are moto's and the fake Rekognition's."""
    monkeypatch.setattr("facecommon.clients.default_clients", lambda *a, **k: clients)
    return clients


def load_wired(entry, monkeypatch, clients, name, env=None):
    module = entry(name, env)
    monkeypatch.setattr(module, "default_clients", lambda *a, **k: clients)
    return module


def test_detect_handler_returns_the_result_and_logs_json(
    entry, monkeypatch, wired, rekognition, capsys
):
    rekognition.enroll(COLLECTION, RED, "alice")
    put_image(wired, "input/a.png", picture([Face(RED, (100, 100, 200, 200))]))
    detect = load_wired(entry, monkeypatch, wired, "detect")
    capsys.readouterr()

    result = detect.handler(
        {"bucket": BUCKET, "key": "input/a.png", "execution_id": "arn:exec:9"}, LambdaContext()
    )

    assert result["status"] == "OK"
    assert result["faces"][0]["match"]["external_image_id"] == "alice"
    json.dumps(result)  # what Lambda does with the return value
    logs = json_lines(capsys.readouterr().out)
    (done,) = [line for line in logs if line["message"] == "faces detected"]
    assert done["component"] == "detect"
    assert done["image_id"] == result["image_id"]
    assert done["execution_id"] == "arn:exec:9"
    assert done["request_id"] == LambdaContext.aws_request_id


def test_detect_handler_raises_retryable_errors_by_class_name(
    entry, monkeypatch, wired, rekognition, capsys
):
    put_image(wired, "input/a.png", picture([Face(RED, (100, 100, 200, 200))]))
    rekognition.fail("DetectFaces", "ThrottlingException")
    detect = load_wired(entry, monkeypatch, wired, "detect")

    with pytest.raises(RekognitionThrottled) as raised:
        detect.handler({"bucket": BUCKET, "key": "input/a.png"}, LambdaContext())

    # Step Functions matches the errorType Lambda reports: the class name.
    assert type(raised.value).__name__ == "RekognitionThrottled"
    assert any(line["level"] == "WARNING" for line in json_lines(capsys.readouterr().out))


def test_detect_handler_accepts_an_eventbridge_event(entry, monkeypatch, wired):
    put_image(wired, "input/a.png", picture([]))
    detect = load_wired(entry, monkeypatch, wired, "detect")
    event = {
        "detail-type": "Object Created",
        "source": "aws.s3",
        "detail": {"bucket": {"name": BUCKET}, "object": {"key": "input/a.png", "size": 1}},
    }

    assert detect.handler(event, LambdaContext())["status"] == "OK"


def test_invalid_event_is_an_error_not_a_result(entry, monkeypatch, wired):
    detect = load_wired(entry, monkeypatch, wired, "detect")

    with pytest.raises(ValueError, match="'bucket' and 'key'"):
        detect.handler({"bucket": BUCKET}, LambdaContext())


def test_store_handler_writes_and_emits_embedded_metrics(entry, monkeypatch, wired, capsys):
    store = load_wired(entry, monkeypatch, wired, "store")
    capsys.readouterr()
    event = {
        "bucket": BUCKET,
        "key": "input/b.jpg",
        "version_id": None,
        "failure": {"Error": "States.Timeout", "Cause": "timed out"},
    }

    summary = store.handler(event, LambdaContext())

    assert summary["record_type"] == "FAILURE"
    lines = json_lines(capsys.readouterr().out)
    (emf,) = [line for line in lines if "_aws" in line]
    assert emf["_aws"]["CloudWatchMetrics"][0]["Namespace"] == NAMESPACE
    assert emf["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [["Pipeline"]]
    assert emf["Pipeline"] == "facestack-dev"
    assert emf["ImagesFailed"] == 1


def test_enroll_handler_takes_the_eventbridge_event(entry, monkeypatch, wired, rekognition):
    put_image(wired, "enroll/alice/1.png", picture([Face(RED, (200, 150, 250, 250))]))
    enroll = load_wired(entry, monkeypatch, wired, "enroll")
    event = {
        "detail-type": "Object Created",
        "source": "aws.s3",
        "detail": {
            "bucket": {"name": BUCKET},
            "object": {"key": "enroll/alice/1.png", "size": 100, "etag": "x"},
        },
    }

    result = enroll.handler(event, LambdaContext())

    assert result["status"] == "ENROLLED"
    assert result["external_image_id"] == "alice"
    assert len(rekognition.collections[COLLECTION]) == 1


@pytest.mark.parametrize(
    ("name", "missing"),
    [
        ("detect", "COLLECTION_ID"),
        ("store", "TABLE_NAME"),
        ("store", "OUTPUT_BUCKET"),
        ("enroll", "COLLECTION_ID"),
        ("enroll", "TABLE_NAME"),
    ],
)
def test_missing_variable_fails_at_cold_start_with_its_name(entry, name, missing):
    env = {k: v for k, v in PIPELINE_ENV.items() if k != missing}

    with pytest.raises(ConfigError, match=f"missing required environment variable {missing}$"):
        entry(name, env)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("MAX_FACES", "0", "MAX_FACES must be between 1 and 100, got '0'"),
        ("FACE_MATCH_THRESHOLD", "high", "FACE_MATCH_THRESHOLD must be a number"),
        ("MAX_IMAGE_BYTES", "20000000", "MAX_IMAGE_BYTES must be between 1 and 15728640"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR"),
    ],
)
def test_invalid_values_fail_at_cold_start(entry, variable, value, message):
    with pytest.raises(ConfigError, match=message):
        entry("detect", {**PIPELINE_ENV, variable: value})


def test_output_prefix_must_be_a_folder(entry):
    with pytest.raises(ConfigError, match="OUTPUT_PREFIX must end with '/'"):
        entry("store", {**PIPELINE_ENV, "OUTPUT_PREFIX": "processed"})


def test_clients_are_created_once_per_container(monkeypatch):
    default_clients.cache_clear()
    try:
        assert default_clients() is default_clients()
    finally:
        default_clients.cache_clear()
