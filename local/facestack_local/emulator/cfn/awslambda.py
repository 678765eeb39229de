"""`AWS::Lambda::EventInvokeConfig`: PutFunctionEventInvokeConfig through moto's Lambda backend
(retry attempts, maximum event age, on-success and on-failure destinations), deleted on delete."""

from __future__ import annotations

import contextlib
from typing import Any

from moto.core.common_models import CloudFormationModel

_FIELDS = ("MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DestinationConfig")


def _backend(account_id: str, region_name: str) -> Any:
    from moto.awslambda.utils import get_backend

    return get_backend(account_id, region_name)


class EventInvokeConfig(CloudFormationModel):
    def __init__(self, function_name: str, qualifier: str, config: dict[str, Any]) -> None:
        self.function_name = function_name
        self.qualifier = qualifier
        self.config = config

    @property
    def physical_resource_id(self) -> str:
        return f"{self.function_name}:{self.qualifier}"

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Lambda::EventInvokeConfig"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return False

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str,
        region_name: str, **kwargs: Any,
    ) -> EventInvokeConfig:
        properties = cloudformation_json["Properties"]
        config = {name: properties[name] for name in _FIELDS if name in properties}
        function = properties["FunctionName"]
        backend = _backend(account_id, region_name)
        backend.get_function(function).event_invoke_config = []  # one config per function
        backend.put_function_event_invoke_config(function, config)
        return cls(function, str(properties.get("Qualifier", "$LATEST")), config)

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource: Any, new_resource_name: str, cloudformation_json: dict[str, Any],
        account_id: str, region_name: str,
    ) -> EventInvokeConfig:
        return cls.create_from_cloudformation_json(
            new_resource_name, cloudformation_json, account_id, region_name)

    @classmethod
    def delete_from_cloudformation_json(
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str,
        region_name: str,
    ) -> None:
        function = cloudformation_json.get("Properties", {}).get("FunctionName")
        if isinstance(function, str):
            _clear(function, account_id, region_name)

    def delete(self, account_id: str, region_name: str) -> None:
        _clear(self.function_name, account_id, region_name)

    def is_created(self) -> bool:
        return True


def _clear(function: str, account_id: str, region_name: str) -> None:
    from moto.awslambda.exceptions import UnknownFunctionException

    with contextlib.suppress(UnknownFunctionException):
        _backend(account_id, region_name).get_function(function).event_invoke_config = []
