"""`AWS::IAM::Role` as IAM holds it after a deploy. moto's model stores inline policy documents
as Python objects (GetRolePolicy then answers their Python repr, not JSON), ignores
`ManagedPolicyArns`, and its update applies nothing but the description. Here the inline
policies are JSON text, managed policies are attached, and an update brings the trust policy,
the inline and managed policies and the tags to what the template says, through moto's IAM
backend (UpdateAssumeRolePolicy, PutRolePolicy, DeleteRolePolicy, Attach/DetachRolePolicy,
TagRole/UntagRole), as CloudFormation does on AWS. A role's name or path change is moto's
(replacement)."""

from __future__ import annotations

import json
from typing import Any


def _text(document: Any) -> str:
    return document if isinstance(document, str) else json.dumps(document)


def _backend(account_id: str, region_name: str) -> Any:
    from moto.iam.models import iam_backends
    from moto.utilities.utils import get_partition

    return iam_backends[account_id][get_partition(region_name)]


def _with_json_policies(cloudformation_json: dict[str, Any]) -> dict[str, Any]:
    properties = dict(cloudformation_json.get("Properties", {}))
    properties["Policies"] = [
        {**policy, "PolicyDocument": _text(policy["PolicyDocument"])}
        for policy in properties.get("Policies", [])
    ]
    return {**cloudformation_json, "Properties": properties}


def _sync(role: Any, properties: dict[str, Any], account_id: str, region_name: str) -> None:
    backend = _backend(account_id, region_name)
    wanted = {p["PolicyName"]: _text(p["PolicyDocument"]) for p in properties.get("Policies", [])}
    for name in list(role.policies):
        if name not in wanted:
            backend.delete_role_policy(role.name, name)
    for name, document in wanted.items():
        if role.policies.get(name) != document:
            backend.put_role_policy(role.name, name, document)
    managed = set(properties.get("ManagedPolicyArns", []))
    attached = set(role.managed_policies)
    for arn in sorted(attached - managed):
        backend.detach_role_policy(arn, role.name)
    for arn in sorted(managed - attached):
        backend.attach_role_policy(arn, role.name)


def install() -> None:
    from moto.iam.models import Role

    create = Role.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]
    update = Role.update_from_cloudformation_json.__func__  # type: ignore[attr-defined]
    if getattr(create, "_facestack", False):
        return

    def create_role(cls: type[Any], resource_name: str, cloudformation_json: Any, account_id: str,
                    region_name: str, /, **kwargs: Any) -> Any:
        role = create(cls, resource_name, _with_json_policies(cloudformation_json), account_id,
                      region_name, **kwargs)
        _sync(role, cloudformation_json.get("Properties", {}), account_id, region_name)
        return role

    def update_role(cls: type[Any], original_resource: Any, new_resource_name: str,
                    cloudformation_json: Any, account_id: str, region_name: str) -> Any:
        properties = cloudformation_json.get("Properties", {})
        role = original_resource
        backend = _backend(account_id, region_name)
        name = properties.get("RoleName", role.name)
        if name != role.name or properties.get("Path", "/") != role.path:
            return update(cls, original_resource, new_resource_name, cloudformation_json,
                          account_id, region_name)
        backend.update_assume_role_policy(
            role.name, _text(properties["AssumeRolePolicyDocument"]))
        backend.update_role(role.name, properties.get("Description", ""),
                            properties.get("MaxSessionDuration", 3600))
        _sync(role, properties, account_id, region_name)
        tags = {tag["Key"]: tag["Value"] for tag in properties.get("Tags", [])}
        stale = [tag["Key"] for tag in role.tags if tag["Key"] not in tags]
        if stale:
            backend.untag_role(role.name, stale)
        if tags:
            backend.tag_role(role.name, [{"Key": k, "Value": v} for k, v in tags.items()])
        return role

    create_role._facestack = True  # type: ignore[attr-defined]
    Role.create_from_cloudformation_json = classmethod(create_role)  # type: ignore[assignment,method-assign]
    Role.update_from_cloudformation_json = classmethod(update_role)  # type: ignore[assignment,method-assign]
