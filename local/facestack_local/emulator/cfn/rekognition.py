"""`AWS::Rekognition::Collection`: a collection of the face engine (`CollectionId`, `Tags`);
Ref is the collection id, `Fn::GetAtt Collection.Arn` its ARN. A changed `CollectionId`
creates the new collection and leaves the old one (the stack's collection is retained)."""

from __future__ import annotations

import contextlib
from typing import Any

from moto.core.common_models import CloudFormationModel

from ...faces.collections import STORE
from ...faces.errors import RekognitionError


class Collection(CloudFormationModel):
    def __init__(self, account_id: str, region_name: str, collection_id: str) -> None:
        self.account_id = account_id
        self.region_name = region_name
        self.collection_id = collection_id

    @property
    def physical_resource_id(self) -> str:
        return self.collection_id

    @property
    def arn(self) -> str:
        return (f"arn:aws:rekognition:{self.region_name}:{self.account_id}:"
                f"collection/{self.collection_id}")

    @staticmethod
    def cloudformation_name_type() -> str:
        return "CollectionId"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Rekognition::Collection"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Arn"

    def get_cfn_attribute(self, attribute_name: str) -> str:
        from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

        if attribute_name == "Arn":
            return self.arn
        raise UnformattedGetAttTemplateException()

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str,
        region_name: str, **kwargs: Any,
    ) -> Collection:
        properties = cloudformation_json.get("Properties", {})
        collection_id = properties.get("CollectionId", resource_name)
        try:
            collection = STORE.create(account_id, region_name, collection_id)
        except RekognitionError as error:
            raise ValueError(f"{error.code}: {error.message}") from error
        collection.tags.update({tag["Key"]: tag["Value"] for tag in properties.get("Tags", [])})
        return cls(account_id, region_name, collection_id)

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource: Any, new_resource_name: str, cloudformation_json: dict[str, Any],
        account_id: str, region_name: str,
    ) -> Collection:
        properties = cloudformation_json.get("Properties", {})
        collection_id = properties.get("CollectionId", original_resource.collection_id)
        if collection_id != original_resource.collection_id:
            return cls.create_from_cloudformation_json(
                new_resource_name, cloudformation_json, account_id, region_name)
        collection = STORE.get(account_id, region_name, collection_id)
        collection.tags = {tag["Key"]: tag["Value"] for tag in properties.get("Tags", [])}
        return original_resource  # type: ignore[no-any-return]

    @classmethod
    def delete_from_cloudformation_json(
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str,
        region_name: str,
    ) -> None:
        _delete(account_id, region_name, resource_name)

    def delete(self, account_id: str, region_name: str) -> None:
        _delete(account_id, region_name, self.collection_id)

    def is_created(self) -> bool:
        return True


def _delete(account_id: str, region_name: str, collection_id: str) -> None:
    with contextlib.suppress(RekognitionError):
        STORE.delete(account_id, region_name, collection_id)
