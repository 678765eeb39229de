"""The emulator's DynamoDB speedups answer exactly what moto answers without them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from facestack_local.emulator import dynamodbfixes

TABLE = "results"


@pytest.fixture
def dynamodb() -> Iterator[Any]:
    with mock_aws():
        client = boto3.client(
            "dynamodb",
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        client.create_table(
            TableName=TABLE,
            BillingMode="PAY_PER_REQUEST",
            KeySchema=[
                {"AttributeName": "image_id", "KeyType": "HASH"},
                {"AttributeName": "record_id", "KeyType": "RANGE"},
            ],
            AttributeDefinitions=[
                {"AttributeName": a, "AttributeType": "S"}
                for a in ("image_id", "record_id", "minute", "at")
            ],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "by-minute",
                    "KeySchema": [
                        {"AttributeName": "minute", "KeyType": "HASH"},
                        {"AttributeName": "at", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
        )
        for index in range(120):
            item: dict[str, Any] = {
                "image_id": {"S": f"image-{index:03d}"},
                "record_id": {"S": f"FACE#{index % 3:03d}"},
                "at": {"S": f"2026-12-05T08:{index // 60:02d}:{index % 60:02d}.000Z"},
                "box": {"M": {"left": {"N": "0.25"}, "top": {"N": str(index)}}},
                "emotions": {"L": [{"M": {"type": {"S": "CALM"}}}]},
                "thumbnail": {"B": bytes([index, 0, 255])},
                "tags": {"SS": ["a", f"t{index}"]},
            }
            if index % 10:  # every tenth item is not in the index (sparse)
                item["minute"] = {"S": f"2026-12-05T08:{index // 60:02d}"}
            client.put_item(TableName=TABLE, Item=item)
        yield client


def reads(client: Any) -> list[Any]:
    """Queries of the index (ranges, order, paging, counts, a filter) and of the table, scans."""
    answers = []
    for minute in ("2026-12-05T08:00", "2026-12-05T08:01", "2026-12-05T08:59"):
        for forward in (True, False):
            kwargs: dict[str, Any] = {
                "TableName": TABLE,
                "IndexName": "by-minute",
                "KeyConditionExpression": "#m = :m AND #t > :t",
                "ExpressionAttributeNames": {"#m": "minute", "#t": "at"},
                "ExpressionAttributeValues": {
                    ":m": {"S": minute},
                    ":t": {"S": "2026-12-05T08:00:20.000Z"},
                },
                "ScanIndexForward": forward,
                "Limit": 7,
            }
            while True:
                page = client.query(**kwargs)
                page.pop("ResponseMetadata")
                answers.append(page)
                if "LastEvaluatedKey" not in page:
                    break
                kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    answers.append(
        client.query(
            TableName=TABLE,
            IndexName="by-minute",
            KeyConditionExpression="#m = :m",
            FilterExpression="box.top > :n",
            ExpressionAttributeNames={"#m": "minute"},
            ExpressionAttributeValues={":m": {"S": "2026-12-05T08:01"}, ":n": {"N": "100"}},
            Select="ALL_ATTRIBUTES",
        )["Items"]
    )
    answers.append(
        client.query(
            TableName=TABLE,
            IndexName="by-minute",
            KeyConditionExpression="#m = :m",
            ExpressionAttributeNames={"#m": "minute"},
            ExpressionAttributeValues={":m": {"S": "2026-12-05T08:00"}},
            Select="COUNT",
        )["Count"]
    )
    answers.append(
        client.query(
            TableName=TABLE,
            KeyConditionExpression="image_id = :i",
            ExpressionAttributeValues={":i": {"S": "image-007"}},
        )["Items"]
    )
    answers.append(client.scan(TableName=TABLE, Limit=50)["Items"])
    return answers


def test_reads_are_the_same_with_the_fixes_and_follow_writes(dynamodb: Any) -> None:
    before = reads(dynamodb)
    dynamodbfixes.install()
    dynamodbfixes.install()  # idempotent

    # An index Query reads its partition only, not every item of the table (all_items).
    from moto.dynamodb.models.table import Table

    calls = []
    all_items = Table.all_items

    def counted(self: Any) -> Any:
        calls.append(self.name)
        return all_items(self)

    Table.all_items = counted  # type: ignore[method-assign]
    try:
        after = reads(dynamodb)
    finally:
        Table.all_items = all_items  # type: ignore[method-assign]

    assert after == before
    # The index queries read none; the table query and the scan read the table as moto does.
    assert len(calls) == 2
    assert before[0]["Items"][0]["thumbnail"] == {"B": bytes([21, 0, 255])}

    # A write changes what the next query sees: a put, an update that moves an item to another
    # partition, a delete.
    dynamodb.put_item(
        TableName=TABLE,
        Item={
            "image_id": {"S": "new"},
            "record_id": {"S": "FACE#000"},
            "minute": {"S": "2026-12-05T08:59"},
            "at": {"S": "2026-12-05T08:59:00.000Z"},
        },
    )
    dynamodb.update_item(
        TableName=TABLE,
        Key={"image_id": {"S": "image-001"}, "record_id": {"S": "FACE#001"}},
        UpdateExpression="SET #m = :m",
        ExpressionAttributeNames={"#m": "minute"},
        ExpressionAttributeValues={":m": {"S": "2026-12-05T08:59"}},
    )
    dynamodb.delete_item(
        TableName=TABLE, Key={"image_id": {"S": "image-021"}, "record_id": {"S": "FACE#000"}}
    )

    late = dynamodb.query(
        TableName=TABLE,
        IndexName="by-minute",
        KeyConditionExpression="#m = :m",
        ExpressionAttributeNames={"#m": "minute"},
        ExpressionAttributeValues={":m": {"S": "2026-12-05T08:59"}},
    )["Items"]
    early = dynamodb.query(
        TableName=TABLE,
        IndexName="by-minute",
        KeyConditionExpression="#m = :m",
        ExpressionAttributeNames={"#m": "minute"},
        ExpressionAttributeValues={":m": {"S": "2026-12-05T08:00"}},
    )["Items"]
    assert [i["image_id"]["S"] for i in late] == ["image-001", "new"]
    images = {i["image_id"]["S"] for i in early}
    assert "image-001" not in images
    assert "image-021" not in images
    assert len(images) == 60 - 6 - 2
