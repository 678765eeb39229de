"""What the small models of this package share. moto finds models through
`CloudFormationModel.__subclasses__()` (direct subclasses only), so each model subclasses
CloudFormationModel itself and takes these methods from the `Simple` mixin: create through the
backend, update by applying the template again (the backends' put calls replace), delete
through the backend, `Ref` the physical id, `Fn::GetAtt` from `attributes()`."""

from __future__ import annotations

from typing import Any


class Simple:
    """Subclasses set TYPE and NAME_PROPERTY and implement `create`, `remove`, and optionally
    `attributes`."""

    TYPE = ""
    NAME_PROPERTY = ""
    ATTRIBUTES: tuple[str, ...] = ()

    def __init__(self, physical_id: str, account_id: str, region_name: str,
                 properties: dict[str, Any]) -> None:
        self.physical_id = physical_id
        self.account_id = account_id
        self.region_name = region_name
        self.properties = properties

    @property
    def physical_resource_id(self) -> str:
        return self.physical_id

    @classmethod
    def cloudformation_name_type(cls) -> str:
        return cls.NAME_PROPERTY

    @classmethod
    def cloudformation_type(cls) -> str:
        return cls.TYPE

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in cls.ATTRIBUTES

    def get_cfn_attribute(self, attribute_name: str) -> str:
        from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

        values = self.attributes()
        if attribute_name not in values:
            raise UnformattedGetAttTemplateException()
        return values[attribute_name]

    def attributes(self) -> dict[str, str]:
        return {}

    @classmethod
    def create(cls, name: str, properties: dict[str, Any], account_id: str, region_name: str,
               logical_id: str) -> Simple:
        raise NotImplementedError

    def remove(self) -> None:
        raise NotImplementedError

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str,
        region_name: str, **kwargs: Any,
    ) -> Simple:
        properties = cloudformation_json.get("Properties", {})
        return cls.create(resource_name, properties, account_id, region_name,
                          str(kwargs.get("LogicalId", resource_name)))

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource: Any, new_resource_name: str, cloudformation_json: dict[str, Any],
        account_id: str, region_name: str,
    ) -> Simple:
        original: Simple = original_resource
        properties = cloudformation_json.get("Properties", {})
        name = properties.get(cls.NAME_PROPERTY) if cls.NAME_PROPERTY else None
        if name is not None and name != original.physical_id:
            original.remove()
        else:
            name = original.physical_id
        return cls.create(str(name), properties, account_id, region_name, original.physical_id)

    @classmethod
    def delete_from_cloudformation_json(
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str,
        region_name: str,
    ) -> None:
        properties = cloudformation_json.get("Properties", {})
        cls(resource_name, account_id, region_name, properties).remove()

    def delete(self, account_id: str, region_name: str) -> None:
        self.remove()

    def is_created(self) -> bool:
        return True
