"""Records as DynamoDB items (attribute-value form)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeSerializer

from . import schema

_SERIALIZER = TypeSerializer()


def _dynamo_value(value: Any) -> Any:
    """Plain JSON values to what TypeSerializer accepts: floats as Decimal, no None members."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {k: _dynamo_value(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_dynamo_value(v) for v in value]
    return value


def to_item(record: dict[str, Any], expires_at: int | None) -> dict[str, Any]:
    """The DynamoDB item (attribute-value form) of a record."""
    plain = {k: v for k, v in record.items() if v is not None}
    if record["record_type"] in (schema.REJECTED, schema.FAILURE, schema.ENROLLMENT):
        plain["listing"] = record["record_type"]
    if record["record_type"] in schema.PIPELINE_RECORD_TYPES and record.get("processed_at"):
        plain[schema.PROCESSED_MINUTE] = schema.processed_minute(record["processed_at"])
    if expires_at is not None:
        plain[schema.TTL_ATTRIBUTE] = expires_at
    return {k: _SERIALIZER.serialize(_dynamo_value(v)) for k, v in plain.items()}
