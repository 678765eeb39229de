"""`AWS::KMS::Key` as CloudFormation writes it. moto's model hands the template's `Tags`
(`Key`/`Value`) to a backend that takes KMS's API form (`TagKey`/`TagValue`), which fails on any
tagged key, and stores `KeyPolicy` as the template's object where KMS keeps JSON text (so
GetKeyPolicy, which the IAM gateway reads, would not answer a policy). Here both are converted
before moto's own create runs, and an update applies the policy, description, rotation and
enabled state to the same key, as CloudFormation does on AWS (a key is never replaced)."""

from __future__ import annotations

import json
from typing import Any


def _text(document: Any) -> str:
    return document if isinstance(document, str) else json.dumps(document)


def _flag(value: Any, default: bool) -> bool:
    return default if value is None else str(value).lower() == "true"


def _as_api(cloudformation_json: dict[str, Any]) -> dict[str, Any]:
    properties = dict(cloudformation_json.get("Properties", {}))
    properties["Tags"] = [
        {"TagKey": tag["Key"], "TagValue": tag["Value"]} for tag in properties.get("Tags", [])
    ]
    properties["KeyPolicy"] = _text(properties.get("KeyPolicy", {}))
    return {**cloudformation_json, "Properties": properties}


def install() -> None:
    from moto.kms.models import Key

    create = Key.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]
    if getattr(create, "_facestack", False):
        return

    def create_key(cls: type[Any], resource_name: str, cloudformation_json: Any,
                   account_id: str, region_name: str, /, **kwargs: Any) -> Any:
        key = create(cls, resource_name, _as_api(cloudformation_json), account_id, region_name,
                     **kwargs)
        properties = cloudformation_json.get("Properties", {})
        key.key_rotation_status = _flag(properties.get("EnableKeyRotation"), False)
        key.enabled = _flag(properties.get("Enabled"), True)
        return key

    def update_key(cls: type[Any], original_resource: Any, new_resource_name: str,
                   cloudformation_json: Any, account_id: str, region_name: str) -> Any:
        properties = _as_api(cloudformation_json)["Properties"]
        key = original_resource
        key.policy = properties["KeyPolicy"]
        key.description = properties.get("Description", key.description)
        key.key_rotation_status = _flag(properties.get("EnableKeyRotation"), False)
        key.enabled = _flag(properties.get("Enabled"), True)
        return key

    create_key._facestack = True  # type: ignore[attr-defined]
    Key.create_from_cloudformation_json = classmethod(create_key)  # type: ignore[assignment]
    Key.update_from_cloudformation_json = classmethod(update_key)  # type: ignore[method-assign,assignment]
