"""Fixtures: moto for S3 and DynamoDB, the fake Rekognition, settings and entry modules."""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import json
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import boto3
import pytest
from moto import mock_aws

from facecommon.clients import Clients, client_config
from facecommon.config import DetectSettings, EnrollSettings, ServiceSettings, StoreSettings
from facecommon.metrics import Metrics
from tests.fake_rekognition import FakeRekognition

# The recognition service's settings in its tests (test_service.py, test_live.py).
SERVICE_SETTINGS = ServiceSettings(
    host="127.0.0.1",
    port=8080,
    workers=1,
    max_concurrency=4,
    max_pending=8,
    max_batch_size=3,
    metrics_endpoint="",
)

ROOT = Path(__file__).resolve().parent.parent
REGION = "us-east-1"
BUCKET = "facestack-dev-images"
TABLE = "FaceRecognitionResults"
COLLECTION = "facestack-dev-faces"
MANIFEST = json.loads((ROOT / "manifest.json").read_text())

PIPELINE_ENV = {
    "COLLECTION_ID": COLLECTION,
    "TABLE_NAME": TABLE,
    "OUTPUT_BUCKET": BUCKET,
    "PIPELINE_NAME": "facestack-dev",
}


@pytest.fixture(autouse=True)
def aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fake credentials and region, no instance metadata, none of the pipeline's variables."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_REGION", REGION)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for function in MANIFEST["functions"].values():
        for variable in function["environment"]:
            monkeypatch.delenv(variable["name"], raising=False)


@pytest.fixture(autouse=True)
def restore_root_logger() -> Iterator[None]:
    """Entry modules reconfigure the root logger at import; undo it after each test."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@functools.cache
def _shared_clients() -> Clients:
    """Clients for the whole session: creating them is the slowest part of a test's setup.

    moto intercepts them whenever a ``mock_aws`` block is active (its hook is installed when
    moto is imported, before these exist); every test gets fresh, empty backends.
    """
    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION
    )
    config = client_config()
    return Clients(
        s3=session.client("s3", config=config),
        rekognition=session.client("rekognition", config=config),
        dynamodb=session.client("dynamodb", config=config),
    )


@pytest.fixture
def clients() -> Iterator[Clients]:
    with mock_aws():
        yield _shared_clients()


@pytest.fixture
def bucket(clients: Clients) -> str:
    clients.s3.create_bucket(Bucket=BUCKET)
    return BUCKET


@pytest.fixture
def table(clients: Clients) -> str:
    """The results table, created from manifest.json's definition (what the stack creates)."""
    definition = MANIFEST["table"]
    clients.dynamodb.create_table(
        TableName=TABLE,
        BillingMode="PAY_PER_REQUEST",
        KeySchema=definition["key_schema"],
        AttributeDefinitions=definition["attribute_definitions"],
        GlobalSecondaryIndexes=definition["global_secondary_indexes"],
    )
    clients.dynamodb.update_time_to_live(
        TableName=TABLE,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": definition["ttl_attribute"]},
    )
    return TABLE


@pytest.fixture
def rekognition(clients: Clients) -> Iterator[FakeRekognition]:
    fake = FakeRekognition(clients.rekognition, clients.s3)
    fake.create_collection(COLLECTION)
    yield fake
    fake.detach()


@pytest.fixture
def detect_settings() -> DetectSettings:
    return DetectSettings(
        collection_id=COLLECTION,
        face_match_threshold=80.0,
        max_faces=5,
        crop_margin=0.25,
        max_image_bytes=15 * 1024 * 1024,
    )


@pytest.fixture
def store_settings() -> StoreSettings:
    return StoreSettings(
        table_name=TABLE, output_bucket=BUCKET, output_prefix="processed/", result_ttl_days=0
    )


@pytest.fixture
def enroll_settings() -> EnrollSettings:
    return EnrollSettings(
        collection_id=COLLECTION, table_name=TABLE, max_image_bytes=15 * 1024 * 1024
    )


class RecordedMetrics(Metrics):
    """Metrics that keep the EMF documents instead of printing them."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        super().__init__("facestack-dev", self.lines.append)

    def documents(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.lines]

    def totals(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for doc in self.documents():
            for metric in doc["_aws"]["CloudWatchMetrics"][0]["Metrics"]:
                totals[metric["Name"]] = totals.get(metric["Name"], 0) + doc[metric["Name"]]
        return totals


@pytest.fixture
def metrics() -> RecordedMetrics:
    return RecordedMetrics()


class FixedClock:
    """A clock that advances by ``step`` on every reading."""

    def __init__(self, start: dt.datetime, step: dt.timedelta = dt.timedelta(milliseconds=250)):
        self.now = start
        self.step = step

    def __call__(self) -> dt.datetime:
        current = self.now
        self.now += self.step
        return current


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2026, 11, 29, 12, 0, 0, tzinfo=dt.timezone.utc))


def put_image(clients: Clients, key: str, body: bytes, **kwargs: Any) -> None:
    clients.s3.put_object(Bucket=BUCKET, Key=key, Body=body, **kwargs)


def load_entry(name: str, monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> ModuleType:
    """Imports ``<name>/app.py`` afresh (as Lambda does at cold start) with ``env`` set."""
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    module_name = f"facestack_entry_{name}"
    spec = importlib.util.spec_from_file_location(module_name, ROOT / name / "app.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, module_name, module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def entry(monkeypatch: pytest.MonkeyPatch) -> Callable[..., ModuleType]:
    def load(name: str, env: dict[str, str] | None = None) -> ModuleType:
        return load_entry(name, monkeypatch, PIPELINE_ENV if env is None else env)

    return load


class LambdaContext:
    aws_request_id = "11111111-2222-3333-4444-555555555555"
    function_name = "facestack-dev-detect"
