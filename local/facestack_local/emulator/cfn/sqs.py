"""`AWS::SQS::QueuePolicy`: the `Policy` attribute of each queue, through moto's SQS backend
(SetQueueAttributes), removed again on delete."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from moto.core.common_models import CloudFormationModel


def _queue_name(url_or_name: str) -> str:
    return url_or_name.rstrip("/").split("/")[-1]


def _set_policy(queues: list[str], text: str, account_id: str, region_name: str) -> None:
    from moto.sqs.models import sqs_backends

    backend = sqs_backends[account_id][region_name]
    for queue in queues:
        backend.set_queue_attributes(_queue_name(queue), {"Policy": text})


class QueuePolicy(CloudFormationModel):
    def __init__(self, queues: list[str], document: Any, logical_id: str) -> None:
        self.queues = queues
        self.document = document
        self.logical_id = logical_id

    @property
    def physical_resource_id(self) -> str:
        return self.logical_id

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::SQS::QueuePolicy"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Id"

    def get_cfn_attribute(self, attribute_name: str) -> str:
        from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

        if attribute_name == "Id":
            return self.logical_id
        raise UnformattedGetAttTemplateException()

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str,
        region_name: str, **kwargs: Any,
    ) -> QueuePolicy:
        properties = cloudformation_json["Properties"]
        document = properties["PolicyDocument"]
        text = document if isinstance(document, str) else json.dumps(document)
        queues = list(properties["Queues"])
        _set_policy(queues, text, account_id, region_name)
        return cls(queues, document, kwargs.get("LogicalId", resource_name))

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource: Any, new_resource_name: str, cloudformation_json: dict[str, Any],
        account_id: str, region_name: str,
    ) -> QueuePolicy:
        properties = cloudformation_json["Properties"]
        dropped = [q for q in original_resource.queues if q not in properties["Queues"]]
        _set_policy(dropped, "", account_id, region_name)
        updated = cls.create_from_cloudformation_json(
            new_resource_name, cloudformation_json, account_id, region_name)
        updated.logical_id = original_resource.logical_id
        return updated

    @classmethod
    def delete_from_cloudformation_json(
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str,
        region_name: str,
    ) -> None:
        queues = cloudformation_json.get("Properties", {}).get("Queues", [])
        _clear([q for q in queues if isinstance(q, str)], account_id, region_name)

    def delete(self, account_id: str, region_name: str) -> None:
        _clear(self.queues, account_id, region_name)

    def is_created(self) -> bool:
        return True


def _clear(queues: list[str], account_id: str, region_name: str) -> None:
    from moto.sqs.exceptions import QueueDoesNotExist

    for queue in queues:
        with contextlib.suppress(QueueDoesNotExist):
            _set_policy([queue], "", account_id, region_name)
