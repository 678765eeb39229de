"""`AWS::S3::Bucket` completed and `AWS::S3::BucketPolicy` added, through moto's S3 backend.

moto's bucket model applies only `BucketEncryption` and `Tags`. After its own create or update,
this applies what it skips, each through the backend call that the matching S3 API uses:
`NotificationConfiguration` (EventBridge, queue, topic and function notifications),
`VersioningConfiguration`, `LifecycleConfiguration`, `PublicAccessBlockConfiguration` and
`OwnershipControls`. Removing one of them in an update removes it from the bucket, as
CloudFormation does.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from moto.core.common_models import CloudFormationModel


def _backend(account_id: str, region_name: str) -> Any:
    from moto.s3.models import s3_backends
    from moto.utilities.utils import get_partition

    return s3_backends[account_id][get_partition(region_name)]


def _flag(value: Any) -> str:
    return "true" if str(value).lower() == "true" else "false"


def _filter(source: dict[str, Any]) -> dict[str, Any] | None:
    rules = source.get("Filter", {}).get("S3Key", {}).get("Rules", [])
    if not rules:
        return None
    return {"S3Key": {"FilterRule": [
        {"Name": str(rule["Name"]).lower(), "Value": rule["Value"]} for rule in rules
    ]}}


def notification_config(properties: dict[str, Any]) -> dict[str, Any]:
    """CloudFormation's NotificationConfiguration as moto's backend takes the S3 API's."""
    kinds = [
        ("TopicConfigurations", "TopicConfiguration", "Topic", "Topic"),
        ("QueueConfigurations", "QueueConfiguration", "Queue", "Queue"),
        ("LambdaConfigurations", "CloudFunctionConfiguration", "CloudFunction", "Function"),
    ]
    config: dict[str, Any] = {}
    for cfn_name, api_name, arn_field, cfn_arn_field in kinds:
        entries = []
        for index, source in enumerate(properties.get(cfn_name, [])):
            entry: dict[str, Any] = {
                "Id": f"{cfn_name}{index}",
                arn_field: source[cfn_arn_field],
                "Event": [source["Event"]],
            }
            rule_filter = _filter(source)
            if rule_filter:
                entry["Filter"] = rule_filter
            entries.append(entry)
        if entries:
            config[api_name] = entries
    bridge = properties.get("EventBridgeConfiguration")
    if bridge and _flag(bridge.get("EventBridgeEnabled", True)) == "true":
        config["EventBridgeConfiguration"] = {}
    return config


def lifecycle_rules(properties: dict[str, Any]) -> list[dict[str, Any]]:
    """CloudFormation's lifecycle rules as moto's backend takes the S3 API's (XML-shaped)."""
    rules = []
    for source in properties.get("Rules", []):
        rule: dict[str, Any] = {"Status": source["Status"]}
        if "Id" in source:
            rule["ID"] = source["Id"]
        tags = source.get("TagFilters", [])
        prefix = source.get("Prefix")
        if tags:
            tag_list = [{"Key": tag["Key"], "Value": tag["Value"]} for tag in tags]
            conjunction: dict[str, Any] = {"Tag": tag_list}
            if prefix is not None:
                conjunction["Prefix"] = prefix
            rule["Filter"] = {"And": conjunction}
        elif prefix is not None:
            rule["Filter"] = {"Prefix": prefix}
        else:
            rule["Filter"] = {}
        if "ExpirationInDays" in source:
            rule["Expiration"] = {"Days": str(source["ExpirationInDays"])}
        elif "ExpirationDate" in source:
            rule["Expiration"] = {"Date": str(source["ExpirationDate"])}
        elif "ExpiredObjectDeleteMarker" in source:
            rule["Expiration"] = {"ExpiredObjectDeleteMarker": _flag(
                source["ExpiredObjectDeleteMarker"])}
        noncurrent = source.get("NoncurrentVersionExpiration")
        if noncurrent is not None:
            rule["NoncurrentVersionExpiration"] = {"NoncurrentDays": str(
                noncurrent["NoncurrentDays"])}
        elif "NoncurrentVersionExpirationInDays" in source:
            rule["NoncurrentVersionExpiration"] = {"NoncurrentDays": str(
                source["NoncurrentVersionExpirationInDays"])}
        transitions = list(source.get("Transitions", []))
        if "Transition" in source:
            transitions.append(source["Transition"])
        if transitions:
            rule["Transition"] = [
                {"StorageClass": t["StorageClass"],
                 **({"Days": str(t["TransitionInDays"])} if "TransitionInDays" in t
                    else {"Date": str(t["TransitionDate"])})}
                for t in transitions
            ]
        noncurrent_transitions = list(source.get("NoncurrentVersionTransitions", []))
        if "NoncurrentVersionTransition" in source:
            noncurrent_transitions.append(source["NoncurrentVersionTransition"])
        if noncurrent_transitions:
            rule["NoncurrentVersionTransition"] = [
                {"StorageClass": t["StorageClass"], "NoncurrentDays": str(t["TransitionInDays"])}
                for t in noncurrent_transitions
            ]
        abort = source.get("AbortIncompleteMultipartUpload")
        if abort is not None:
            rule["AbortIncompleteMultipartUpload"] = {
                "DaysAfterInitiation": str(abort["DaysAfterInitiation"])}
        rules.append(rule)
    return rules


def apply_bucket_properties(bucket: Any, properties: dict[str, Any], account_id: str,
                            region_name: str) -> None:
    """What moto's bucket model skips, through the backend (create and update alike)."""
    backend = _backend(account_id, region_name)
    name = bucket.name
    versioning = properties.get("VersioningConfiguration")
    if versioning is not None:
        backend.put_bucket_versioning(name, versioning["Status"])
    elif bucket.versioning_status == "Enabled":
        backend.put_bucket_versioning(name, "Suspended")  # S3 cannot unversion a bucket
    notifications = properties.get("NotificationConfiguration")
    backend.put_bucket_notification_configuration(
        name, notification_config(notifications) if notifications else {})
    lifecycle = properties.get("LifecycleConfiguration")
    if lifecycle and lifecycle.get("Rules"):
        backend.put_bucket_lifecycle(name, lifecycle_rules(lifecycle))
    elif bucket.rules:
        backend.delete_bucket_lifecycle(name)
    block = properties.get("PublicAccessBlockConfiguration")
    if block is not None:
        backend.put_public_access_block(name, {
            key: _flag(block.get(key, False)) for key in (
                "BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
                "RestrictPublicBuckets")
        })
    elif bucket.public_access_block is not None:
        backend.delete_public_access_block(name)
    ownership = properties.get("OwnershipControls")
    if ownership and ownership.get("Rules"):
        backend.put_bucket_ownership_controls(name, ownership["Rules"][0]["ObjectOwnership"])


def install_bucket() -> None:
    """Wraps moto's FakeBucket create and update with `apply_bucket_properties`."""
    from moto.s3.models import FakeBucket

    create = FakeBucket.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]
    update = FakeBucket.update_from_cloudformation_json.__func__  # type: ignore[attr-defined]
    if getattr(create, "_facestack", False):
        return

    def create_bucket(cls: type[Any], resource_name: str, cloudformation_json: Any, account_id: str,
                      region_name: str, /, **kwargs: Any) -> Any:
        bucket = create(cls, resource_name, cloudformation_json, account_id, region_name,
                        **kwargs)
        apply_bucket_properties(bucket, cloudformation_json.get("Properties", {}), account_id,
                                region_name)
        return bucket

    def update_bucket(cls: type[Any], original_resource: Any, new_resource_name: str,
                      cloudformation_json: Any, account_id: str, region_name: str) -> Any:
        bucket = update(cls, original_resource, new_resource_name, cloudformation_json,
                        account_id, region_name)
        apply_bucket_properties(bucket, cloudformation_json.get("Properties", {}), account_id,
                                region_name)
        return bucket

    create_bucket._facestack = True  # type: ignore[attr-defined]
    FakeBucket.create_from_cloudformation_json = classmethod(create_bucket)  # type: ignore[assignment,method-assign]
    FakeBucket.update_from_cloudformation_json = classmethod(update_bucket)  # type: ignore[assignment,method-assign]


class BucketPolicy(CloudFormationModel):
    """`AWS::S3::BucketPolicy`: PutBucketPolicy on create and update, DeleteBucketPolicy on
    delete. Ref is the bucket's name, as CloudFormation's physical id of the policy."""

    def __init__(self, bucket: str, document: Any) -> None:
        self.bucket = bucket
        self.document = document

    @property
    def physical_resource_id(self) -> str:
        return self.bucket

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::S3::BucketPolicy"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return False

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str,
        region_name: str, **kwargs: Any,
    ) -> BucketPolicy:
        properties = cloudformation_json["Properties"]
        document = properties["PolicyDocument"]
        text = document if isinstance(document, str) else json.dumps(document)
        _backend(account_id, region_name).put_bucket_policy(properties["Bucket"], text.encode())
        return cls(properties["Bucket"], document)

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource: Any, new_resource_name: str, cloudformation_json: dict[str, Any],
        account_id: str, region_name: str,
    ) -> BucketPolicy:
        new_bucket = cloudformation_json["Properties"]["Bucket"]
        if new_bucket != original_resource.bucket:
            _backend(account_id, region_name).delete_bucket_policy(original_resource.bucket)
        return cls.create_from_cloudformation_json(
            new_resource_name, cloudformation_json, account_id, region_name)

    @classmethod
    def delete_from_cloudformation_json(
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str,
        region_name: str,
    ) -> None:
        bucket = cloudformation_json.get("Properties", {}).get("Bucket")
        _delete_policy(bucket if isinstance(bucket, str) else resource_name, account_id,
                       region_name)

    def delete(self, account_id: str, region_name: str) -> None:
        _delete_policy(self.bucket, account_id, region_name)

    def is_created(self) -> bool:
        return True


def _delete_policy(bucket: str, account_id: str, region_name: str) -> None:
    from moto.s3.exceptions import MissingBucket

    with contextlib.suppress(MissingBucket):
        _backend(account_id, region_name).delete_bucket_policy(bucket)
