"""The store step: replace an image's records in DynamoDB and its processed/ object in S3.

Every write is keyed by the image id and the record id, so a retried or repeated execution for
the same image overwrites the same items and the same object; records of an earlier outcome that
the new one does not have (say, a third face, or a FAILURE before a success) are deleted. The
latest outcome for an image wins.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from . import records as record_builder
from . import schema
from .clock import Clock, utc_now
from .config import StoreSettings
from .errors import DynamoDBThrottled, InvalidEventError, retryable_for
from .events import unwrap
from .ids import isoformat, parse_timestamp, processed_key
from .items import to_item
from .jsonlog import bind, scoped
from .metrics import Metrics

LOG = logging.getLogger(__name__)

BATCH_SIZE = 25
MAX_BATCH_ATTEMPTS = 8
BACKOFF_BASE_SECONDS = 0.05
BACKOFF_CAP_SECONDS = 2.0

Sleep = Callable[[float], None]


def _dynamo_error(error: Exception) -> Exception:
    return retryable_for("dynamodb", error) or error


def existing_record_ids(dynamodb: Any, table: str, image: str) -> set[str]:
    """The record ids of the pipeline records (not enrollments) stored for an image."""
    found: set[str] = set()
    kwargs: dict[str, Any] = {
        "TableName": table,
        "KeyConditionExpression": "#pk = :pk",
        "ProjectionExpression": "#sk, record_type",
        "ExpressionAttributeNames": {"#pk": schema.PARTITION_KEY, "#sk": schema.SORT_KEY},
        "ExpressionAttributeValues": {":pk": {"S": image}},
        "ConsistentRead": True,
    }
    while True:
        try:
            page = dynamodb.query(**kwargs)
        except (ClientError, BotoCoreError) as error:
            raise _dynamo_error(error) from error
        for item in page.get("Items", []):
            if item.get("record_type", {}).get("S") in schema.PIPELINE_RECORD_TYPES:
                found.add(item[schema.SORT_KEY]["S"])
        if "LastEvaluatedKey" not in page:
            return found
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def batch_write(
    dynamodb: Any, table: str, requests: list[dict[str, Any]], sleep: Sleep = time.sleep
) -> None:
    """BatchWriteItem in chunks of 25, retrying unprocessed items with capped backoff.

    Raises ``DynamoDBThrottled`` when items are still unprocessed after the last attempt, so the
    state machine retries the whole (idempotent) step.
    """
    for start in range(0, len(requests), BATCH_SIZE):
        pending = {table: requests[start : start + BATCH_SIZE]}
        for attempt in range(MAX_BATCH_ATTEMPTS):
            try:
                response = dynamodb.batch_write_item(RequestItems=pending)
            except (ClientError, BotoCoreError) as error:
                raise _dynamo_error(error) from error
            pending = response.get("UnprocessedItems") or {}
            if not pending.get(table):
                break
            delay = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2**attempt)
            LOG.info(
                "retrying unprocessed items",
                extra={"unprocessed": len(pending[table]), "attempt": attempt + 1},
            )
            sleep(delay)
        else:
            raise DynamoDBThrottled(
                f"{len(pending[table])} items still unprocessed after {MAX_BATCH_ATTEMPTS} attempts"
            )


def _latency_ms(started_at: Any, finished: dt.datetime) -> float | None:
    if not isinstance(started_at, str):
        return None
    started = parse_timestamp(started_at)
    if started is None:
        return None
    return max(0.0, round((finished - started).total_seconds() * 1000, 3))


@scoped
def store_event(
    event: Any,
    settings: StoreSettings,
    s3: Any,
    dynamodb: Any,
    metrics: Metrics,
    clock: Clock = utc_now,
    sleep: Sleep = time.sleep,
) -> dict[str, Any]:
    """Stores a detect result (``OK`` or ``REJECTED``) or a failure record; returns a summary."""
    event = unwrap(event)
    if not isinstance(event, dict):
        raise InvalidEventError(f"event must be a JSON object, got {type(event).__name__}")
    now = clock()
    processed_at = isoformat(now)
    if "failure" in event:
        failure = record_builder.parse_failure(event)
        records = record_builder.records_for_failure(failure, processed_at)
    else:
        records = record_builder.records_for_detection(event, processed_at)
    first = records[0]
    bind(image_id=first["image_id"], execution_id=first["execution_id"])

    expires_at = (
        int(now.timestamp()) + settings.result_ttl_days * 86400
        if settings.result_ttl_days
        else None
    )
    wanted = {record["record_id"] for record in records}
    stale = existing_record_ids(dynamodb, settings.table_name, first["image_id"]) - wanted
    requests: list[dict[str, Any]] = [
        {"PutRequest": {"Item": to_item(record, expires_at)}} for record in records
    ]
    requests += [
        {
            "DeleteRequest": {
                "Key": {
                    schema.PARTITION_KEY: {"S": first["image_id"]},
                    schema.SORT_KEY: {"S": record_id},
                }
            }
        }
        for record_id in sorted(stale)
    ]
    batch_write(dynamodb, settings.table_name, requests, sleep)

    output_key = processed_key(first["key"], settings.output_prefix)
    try:
        s3.put_object(
            Bucket=settings.output_bucket,
            Key=output_key,
            Body=record_builder.to_json_lines(records),
            ContentType="application/x-ndjson",
        )
    except (ClientError, BotoCoreError) as error:
        raise (retryable_for("s3", error) or error) from error

    record_type = first["record_type"]
    finished = clock()
    if record_type in (schema.FACE, schema.NO_FACE):
        faces = [r for r in records if r["record_type"] == schema.FACE]
        values: dict[str, float] = {
            "ImagesProcessed": 1,
            "FacesDetected": len(faces),
            "FacesMatched": sum(1 for r in faces if r["matched"]),
        }
        latency = _latency_ms(event.get("started_at"), finished)
        if latency is not None:
            values["ProcessingLatency"] = latency
        metrics.emit(values, image_id=first["image_id"], execution_id=first["execution_id"])
    elif record_type == schema.REJECTED:
        metrics.emit({"ImagesRejected": 1}, image_id=first["image_id"], reason=first["reason"])
    else:
        metrics.emit({"ImagesFailed": 1}, image_id=first["image_id"], error=first["error"])

    summary = {
        "status": "STORED",
        "record_type": record_type,
        "image_id": first["image_id"],
        "records_written": len(records),
        "records_deleted": len(stale),
        "table": settings.table_name,
        "processed_object": {"bucket": settings.output_bucket, "key": output_key},
    }
    LOG.info("records stored", extra={k: v for k, v in summary.items() if k != "status"})
    return summary
