"""`AWS::DynamoDB::Table`'s `SSESpecification`: CloudFormation names the switch `SSEEnabled`
where the API names it `Enabled`, and moto's model hands the property to the API's code as it
is, so a table deployed with a customer-managed key answered `DescribeTable` with no
`SSEDescription` (measured with moto 5.2.1) and nothing knew its key. The property is translated
before moto's model runs: `SSEEnabled: true` is `Enabled: true` (with `KMSMasterKeyId`, that key;
without, moto's `alias/aws/dynamodb` key, as AWS uses its managed key); false is no encryption."""

from __future__ import annotations

from typing import Any


def translated(properties: dict[str, Any]) -> dict[str, Any]:
    """The table's properties with `SSESpecification` as moto's API code reads it."""
    sse = properties.get("SSESpecification")
    if not isinstance(sse, dict) or "SSEEnabled" not in sse:
        return properties
    enabled = str(sse["SSEEnabled"]).lower() == "true"
    api = {name: value for name, value in sse.items() if name != "SSEEnabled"}
    return dict(properties, SSESpecification=dict(api, Enabled=True) if enabled else None)


def install() -> None:
    from moto.dynamodb.models.table import Table

    original = Table.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]
    if getattr(original, "_facestack", False):
        return

    def create(
        cls: Any, resource_name: str, cloudformation_json: dict[str, Any], account_id: str,
        region_name: str, **kwargs: Any,
    ) -> Any:
        properties = cloudformation_json.get("Properties") or {}
        document = dict(cloudformation_json, Properties=translated(properties))
        return original(cls, resource_name, document, account_id, region_name, **kwargs)

    create._facestack = True  # type: ignore[attr-defined]
    Table.create_from_cloudformation_json = classmethod(create)  # type: ignore[method-assign,assignment,arg-type]
