"""The pipeline's enroll and detect handlers against the engine, through boto3 (endpoint = the
launcher), fed by the events the emulator itself delivered: an `enroll/` upload's EventBridge
event, and an `input/` upload's execution input made by the rule's input transformer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from .conftest import Emulator
from .run_handler import HANDLERS

DETECT_INPUT = {
    "InputPathsMap": {"bucket": "$.detail.bucket.name", "key": "$.detail.object.key",
                      "version_id": "$.detail.object.version-id"},
    "InputTemplate": '{"bucket": <bucket>, "key": <key>, "version_id": <version_id>}',
}


def run(emulator: Emulator, function: str, event: Any, environment: dict[str, str],
        tmp_path: Path) -> dict[str, Any]:
    result = tmp_path / f"{function}-{uuid.uuid4().hex[:6]}.json"
    variables = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    variables.update(environment)
    variables.update({
        "PYTHONPATH": str(HANDLERS), "AWS_ENDPOINT_URL": emulator.endpoint,
        "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
    })
    completed = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("run_handler.py")), function,
         json.dumps(event), str(result)],
        env=variables, capture_output=True, text=True, timeout=120, check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return dict(json.loads(result.read_text()))


def one_message(emulator: Emulator, url: str) -> Any:
    sqs = emulator.client("sqs")
    found = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=5, MaxNumberOfMessages=10)
    messages = found.get("Messages", [])
    assert len(messages) == 1, messages
    sqs.delete_message(QueueUrl=url, ReceiptHandle=messages[0]["ReceiptHandle"])
    return json.loads(messages[0]["Body"])


@pytest.fixture(scope="module")
def pipeline(emulator: Emulator) -> dict[str, str]:
    suffix = uuid.uuid4().hex[:8]
    names = {"bucket": f"pipeline-{suffix}", "table": f"results-{suffix}",
             "collection": f"faces-{suffix}"}
    s3, sqs, events = emulator.client("s3"), emulator.client("sqs"), emulator.client("events")
    s3.create_bucket(Bucket=names["bucket"])
    s3.put_bucket_versioning(Bucket=names["bucket"], VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_notification_configuration(
        Bucket=names["bucket"], NotificationConfiguration={"EventBridgeConfiguration": {}})
    emulator.client("dynamodb").create_table(
        TableName=names["table"], BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "image_id", "AttributeType": "S"},
                              {"AttributeName": "record_id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "image_id", "KeyType": "HASH"},
                   {"AttributeName": "record_id", "KeyType": "RANGE"}])
    emulator.client("rekognition").create_collection(CollectionId=names["collection"])
    for prefix in ("enroll", "input"):
        url = sqs.create_queue(QueueName=f"{prefix}-{suffix}")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
            "Attributes"]["QueueArn"]
        names[prefix] = url
        events.put_rule(Name=f"{prefix}-{suffix}", EventPattern=json.dumps({
            "source": ["aws.s3"], "detail-type": ["Object Created"],
            "detail": {"bucket": {"name": [names["bucket"]]},
                       "object": {"key": [{"prefix": f"{prefix}/"}]}}}))
        target: dict[str, Any] = {"Id": "queue", "Arn": arn}
        if prefix == "input":
            target["InputTransformer"] = DETECT_INPUT
        events.put_targets(Rule=f"{prefix}-{suffix}", Targets=[target])
    return names


def test_enroll_then_detect_finds_the_person(
    emulator: Emulator, pipeline: dict[str, str], photos: dict[str, bytes], tmp_path: Path
) -> None:
    s3 = emulator.client("s3")
    s3.put_object(Bucket=pipeline["bucket"], Key="enroll/obama/portrait.jpg",
                  Body=photos["obama.jpg"], ContentType="image/jpeg")
    enroll_event = one_message(emulator, pipeline["enroll"])
    assert enroll_event["detail-type"] == "Object Created"
    enrolled = run(emulator, "enroll", enroll_event,
                   {"COLLECTION_ID": pipeline["collection"], "TABLE_NAME": pipeline["table"]},
                   tmp_path)
    assert enrolled["status"] == "ENROLLED", enrolled
    assert enrolled["external_image_id"] == "obama"
    faces = emulator.client("rekognition").list_faces(CollectionId=pipeline["collection"])
    assert [f["FaceId"] for f in faces["Faces"]] == [enrolled["face_id"]]

    detect_environment = {"COLLECTION_ID": pipeline["collection"], "FACE_MATCH_THRESHOLD": "80"}
    put = s3.put_object(Bucket=pipeline["bucket"], Key="input/cam-1/lobby.jpg",
                        Body=photos["obama2.jpg"], ContentType="image/jpeg")
    execution_input = one_message(emulator, pipeline["input"])
    assert execution_input == {"bucket": pipeline["bucket"], "key": "input/cam-1/lobby.jpg",
                               "version_id": put["VersionId"]}
    detected = run(emulator, "detect", execution_input, detect_environment, tmp_path)
    assert detected["status"] == "OK", detected
    assert detected["face_count"] == 1
    assert detected["faces_matched"] == 1
    face = detected["faces"][0]
    assert face["match"]["status"] == "MATCHED"
    assert face["match"]["external_image_id"] == "obama"
    assert face["match"]["face_id"] == enrolled["face_id"]
    assert face["match"]["similarity"] >= 90
    assert face["confidence"] > 99
    assert face["emotions"]

    s3.put_object(Bucket=pipeline["bucket"], Key="input/cam-1/visitor.jpg",
                  Body=photos["biden.jpg"], ContentType="image/jpeg")
    other = run(emulator, "detect", one_message(emulator, pipeline["input"]),
                detect_environment, tmp_path)
    assert other["status"] == "OK"
    assert other["face_count"] == 1
    assert other["faces"][0]["match"]["status"] == "UNMATCHED"
    again = run(emulator, "enroll", enroll_event,
                {"COLLECTION_ID": pipeline["collection"], "TABLE_NAME": pipeline["table"]},
                tmp_path)
    assert again["status"] == "ALREADY_ENROLLED"
