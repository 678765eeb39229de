"""The boto3 → IAM map names only real actions, covers the handlers' services, and is current."""

from __future__ import annotations

import json
from typing import Any

import botocore
import pytest
from scripts_support import RESOURCES, SCRIPTS, load_script

generator = load_script("update_boto3_iam_map", SCRIPTS / "update-boto3-iam-map")


def catalog_names(catalog: dict[str, Any]) -> set[str]:
    return {
        f"{prefix}:{action}".lower()
        for prefix, service in catalog["services"].items()
        for action in service["actions"]
    }


def test_every_mapped_action_exists_in_the_catalog(
    catalog: dict[str, Any], iam_map: dict[str, Any]
) -> None:
    known = catalog_names(catalog)
    missing = sorted(
        {
            action
            for actions in generator.iter_actions(iam_map)
            for action in actions
            if action.lower() not in known
        }
    )
    assert missing == []


def test_every_override_action_exists_in_the_catalog(catalog: dict[str, Any]) -> None:
    overrides = json.loads((SCRIPTS / "boto3_iam_overrides.json").read_text(encoding="utf-8"))
    known = catalog_names(catalog)
    actions = {action for group in generator.iter_actions(overrides) for action in group}
    assert actions, "the overrides name no action"
    assert sorted(action for action in actions if action.lower() not in known) == []


def test_map_covers_the_services_handlers_use(iam_map: dict[str, Any]) -> None:
    needed = {
        "s3",
        "dynamodb",
        "rekognition",
        "cloudwatch",
        "logs",
        "stepfunctions",
        "sqs",
        "sns",
        "kms",
        "xray",
        "sts",
    }
    assert needed <= set(iam_map["services"])
    assert iam_map["services"]["stepfunctions"]["prefix"] == "states"


@pytest.mark.parametrize(
    ("service", "method", "actions"),
    [
        ("rekognition", "search_faces_by_image", ["rekognition:SearchFacesByImage"]),
        ("rekognition", "detect_faces", ["rekognition:DetectFaces"]),
        ("rekognition", "index_faces", ["rekognition:IndexFaces"]),
        ("s3", "list_objects_v2", ["s3:ListBucket"]),
        ("s3", "head_object", ["s3:GetObject"]),
        ("s3", "head_bucket", ["s3:ListBucket"]),
        ("s3", "upload_file", ["s3:PutObject"]),
        ("s3", "upload_fileobj", ["s3:PutObject"]),
        ("s3", "download_file", ["s3:GetObject"]),
        ("s3", "copy_object", ["s3:GetObject", "s3:PutObject"]),
        ("s3", "put_object", ["s3:PutObject"]),
        ("dynamodb", "batch_write_item", ["dynamodb:BatchWriteItem"]),
        ("dynamodb", "transact_write_items", []),
        ("cloudwatch", "put_metric_data", ["cloudwatch:PutMetricData"]),
        ("logs", "put_log_events", ["logs:PutLogEvents"]),
        ("stepfunctions", "start_execution", ["states:StartExecution"]),
        ("sqs", "send_message_batch", ["sqs:SendMessage"]),
        ("sns", "publish", ["sns:Publish"]),
        ("kms", "generate_data_key", ["kms:GenerateDataKey"]),
        ("xray", "put_trace_segments", ["xray:PutTraceSegments"]),
        ("sts", "get_caller_identity", []),
        ("s3", "get_paginator", []),
    ],
)
def test_client_methods(
    iam_map: dict[str, Any], service: str, method: str, actions: list[str]
) -> None:
    assert iam_map["services"][service]["client"][method]["actions"] == actions


def test_non_one_to_one_cases_carry_their_side_actions(iam_map: dict[str, Any]) -> None:
    s3 = iam_map["services"]["s3"]["client"]
    assert {"s3:AbortMultipartUpload", "kms:GenerateDataKey"} <= set(
        s3["upload_file"]["conditional"]
    )
    assert "kms:Decrypt" in s3["get_object"]["conditional"]
    dynamodb = iam_map["services"]["dynamodb"]["client"]["transact_write_items"]
    assert dynamodb["conditional"] == [
        "dynamodb:ConditionCheckItem",
        "dynamodb:DeleteItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
    ]
    assert {rule["path"] for rule in dynamodb["ifArgument"]} == {
        "TransactItems[].ConditionCheck",
        "TransactItems[].Delete",
        "TransactItems[].Put",
        "TransactItems[].Update",
    }
    search = iam_map["services"]["rekognition"]["client"]["search_faces_by_image"]
    assert search["ifArgument"] == [{"actions": ["s3:GetObject"], "path": "Image.S3Object"}]


def test_resource_api(iam_map: dict[str, Any]) -> None:
    dynamodb = iam_map["services"]["dynamodb"]["resource"]
    assert dynamodb["ServiceResource"]["has"]["Table"] == "Table"
    table = dynamodb["Table"]["methods"]
    assert table["put_item"]["actions"] == ["dynamodb:PutItem"]
    assert table["query"]["actions"] == ["dynamodb:Query"]
    assert table["get_item"]["actions"] == ["dynamodb:GetItem"]
    assert table["batch_writer"]["actions"] == ["dynamodb:BatchWriteItem"]
    s3 = iam_map["services"]["s3"]["resource"]
    assert s3["Bucket"]["collections"]["objects"]["list"]["actions"] == ["s3:ListBucket"]
    assert s3["Object"]["methods"]["get"]["actions"] == ["s3:GetObject"]
    assert s3["Object"]["methods"]["upload_file"]["actions"] == ["s3:PutObject"]


def test_paginators_and_waiters(iam_map: dict[str, Any]) -> None:
    s3 = iam_map["services"]["s3"]
    assert s3["paginators"]["list_objects_v2"] == "list_objects_v2"
    assert s3["waiters"]["object_exists"] == "head_object"


def test_map_records_the_pinned_botocore(iam_map: dict[str, Any]) -> None:
    assert iam_map["botocore"] == botocore.__version__
    pinned = (SCRIPTS / "requirements.txt").read_text(encoding="utf-8")
    assert f"botocore=={iam_map['botocore']}" in pinned


def test_committed_map_is_what_the_generator_produces(iam_map: dict[str, Any]) -> None:
    assert generator.render(generator.build_map()) == (RESOURCES / "boto3-iam-map.json").read_text(
        encoding="utf-8"
    )
