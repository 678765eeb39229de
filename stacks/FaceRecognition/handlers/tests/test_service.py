"""The recognition service's endpoints through FastAPI's test client."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from facecommon import jsonlog
from facecommon.config import ConfigError, ServiceSettings
from facecommon.ids import image_id
from facecommon.pipeline import Pipeline
from tests.conftest import BUCKET, COLLECTION, PIPELINE_ENV, SERVICE_SETTINGS, TABLE, put_image
from tests.pictures import GREEN, RED, Face, picture

SETTINGS = SERVICE_SETTINGS


@pytest.fixture
def service_module(entry, clients):
    return entry("service", {**PIPELINE_ENV, "MAX_BATCH_SIZE": "3"})


@pytest.fixture
def make_client(
    service_module, clients, bucket, table, rekognition, detect_settings, store_settings, metrics
):
    def make(settings: ServiceSettings = SETTINGS, **store_overrides) -> TestClient:
        pipeline = Pipeline(
            detect=detect_settings,
            store=store_settings.__class__(**{**store_settings.__dict__, **store_overrides}),
            clients=clients,
            metrics=metrics,
        )
        return TestClient(service_module.create_app(pipeline, settings))

    return make


@pytest.fixture
def http(make_client) -> TestClient:
    return make_client()


def test_healthz(http):
    response = http.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["in_flight"] == 0
    assert body["max_concurrency"] == 4


def test_recognize_one_object(http, clients, rekognition):
    rekognition.enroll(COLLECTION, RED, "alice")
    put_image(clients, "input/cam/a.png", picture([Face(RED, (100, 100, 200, 200))]))

    response = http.post(
        "/recognize",
        json={"bucket": BUCKET, "key": "input/cam/a.png"},
        headers={"x-request-id": "req-42"},
    )

    assert response.status_code == 200
    assert response.headers["x-request-id"] == "req-42"
    body = response.json()
    assert body["status"] == "OK"
    assert body["execution_id"] == "req-42"
    assert body["faces"][0]["match"]["external_image_id"] == "alice"
    assert body["stored"]["processed_object"]["key"] == "processed/cam/a.png.json"
    item = clients.dynamodb.get_item(
        TableName=TABLE,
        Key={
            "image_id": {"S": image_id(BUCKET, "input/cam/a.png", None)},
            "record_id": {"S": "FACE#000"},
        },
    )["Item"]
    assert item["person_id"] == {"S": "alice"}


def test_rejected_object_is_422_and_recorded(http, clients):
    put_image(clients, "input/cam/x.jpg", b"not an image at all")

    response = http.post("/recognize", json={"bucket": BUCKET, "key": "input/cam/x.jpg"})

    assert response.status_code == 422
    assert response.json()["reason"] == "UNSUPPORTED_FORMAT"
    assert clients.dynamodb.scan(TableName=TABLE)["Items"][0]["record_id"] == {"S": "REJECTED"}


def test_batch_keeps_order_and_counts(http, clients):
    put_image(clients, "input/1.png", picture([Face(RED, (100, 100, 200, 200))]))
    put_image(clients, "input/3.png", picture([Face(GREEN, (100, 100, 200, 200))]))

    response = http.post(
        "/recognize",
        json={
            "objects": [
                {"bucket": BUCKET, "key": "input/1.png"},
                {"bucket": BUCKET, "key": "input/missing.png"},
                {"bucket": BUCKET, "key": "input/3.png"},
            ]
        },
    )

    assert response.status_code == 200
    body = response.json()
    assert [r["key"] for r in body["results"]] == [
        "input/1.png",
        "input/missing.png",
        "input/3.png",
    ]
    assert [r["status"] for r in body["results"]] == ["OK", "REJECTED", "OK"]
    assert body["summary"] == {"ok": 2, "rejected": 1, "failed": 0, "retry": 0}


def test_batch_over_the_limit_is_refused(http):
    objects = [{"bucket": BUCKET, "key": f"input/{n}.png"} for n in range(4)]

    response = http.post("/recognize", json={"objects": objects})

    assert response.status_code == 422
    assert "at most 3 objects, got 4" in response.json()["detail"]


@pytest.mark.parametrize(
    "payload",
    [
        {"bucket": BUCKET},
        {"bucket": BUCKET, "key": ""},
        {"bucket": BUCKET, "key": "a.png", "colour": "red"},
        {"objects": []},
        [],
    ],
)
def test_malformed_requests_are_422(http, payload):
    assert http.post("/recognize", json=payload).status_code == 422


def test_throttling_is_503_with_retry_after(http, clients, rekognition):
    put_image(clients, "input/1.png", picture([Face(RED, (100, 100, 200, 200))]))
    rekognition.fail("DetectFaces", "ThrottlingException")

    response = http.post("/recognize", json={"bucket": BUCKET, "key": "input/1.png"})

    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.json()["error"] == "RekognitionThrottled"


def test_unexpected_error_is_500(make_client, clients):
    put_image(clients, "input/1.png", picture([Face(RED, (100, 100, 200, 200))]))
    http = make_client(table_name="no-such-table")

    response = http.post("/recognize", json={"bucket": BUCKET, "key": "input/1.png"})

    assert response.status_code == 500
    assert response.json()["status"] == "FAILED"
    assert "ResourceNotFoundException" in response.json()["message"]


def test_overload_is_503_without_processing(make_client, clients, rekognition):
    http = make_client(
        ServiceSettings(**{**SETTINGS.__dict__, "max_concurrency": 1, "max_pending": 1})
    )
    objects = [{"bucket": BUCKET, "key": f"input/{n}.png"} for n in range(3)]

    response = http.post("/recognize", json={"objects": objects})

    assert response.status_code == 503
    assert rekognition.calls == []
    assert http.get("/healthz").json()["admitted"] == 0


def test_access_log_is_structured_json(http, capsys):
    jsonlog.configure("service", "INFO")

    http.get("/healthz", headers={"x-request-id": "req-7"})

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    (access,) = [line for line in lines if line["message"] == "request"]
    assert access["request_id"] == "req-7"
    assert access["status"] == 200
    assert access["path"] == "/healthz"
    assert access["component"] == "service"


def test_module_builds_its_app_from_the_environment(service_module):
    assert service_module.SETTINGS.max_batch_size == 3
    assert {route.path for route in service_module.app.routes} >= {"/recognize", "/healthz"}


def test_missing_variable_fails_at_start_with_its_name(entry):
    env = {k: v for k, v in PIPELINE_ENV.items() if k != "OUTPUT_BUCKET"}

    with pytest.raises(ConfigError, match="OUTPUT_BUCKET"):
        entry("service", env)


def test_openapi_document_is_served_without_html_docs(http):
    document = http.get("/openapi.json").json()

    assert {"/recognize", "/healthz"} <= set(document["paths"])
    assert http.get("/docs").status_code == 404


def test_generated_request_id_is_the_records_execution_id(http, clients):
    put_image(clients, "input/cam/x.jpg", b"not an image at all")

    response = http.post("/recognize", json={"bucket": BUCKET, "key": "input/cam/x.jpg"})

    assert response.json()["execution_id"] == response.headers["x-request-id"]
