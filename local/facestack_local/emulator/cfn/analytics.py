"""`AWS::Glue::Database`, `AWS::Glue::Table`, `AWS::Athena::WorkGroup` and
`AWS::Athena::NamedQuery` through moto's Glue (CreateDatabase, CreateTable, UpdateTable) and
Athena (CreateWorkGroup, CreateNamedQuery) backends. moto 5.2.1 has no CloudFormation model for
them. Refs: the database's and table's names, the work group's name, the named query's id."""

from __future__ import annotations

import contextlib
from datetime import datetime, timezone
from typing import Any

from moto.core.common_models import CloudFormationModel

from .simple import Simple


def _glue(account_id: str, region_name: str) -> Any:
    from moto.glue.models import glue_backends

    return glue_backends[account_id][region_name]


def _athena(account_id: str, region_name: str) -> Any:
    from moto.athena.models import athena_backends

    return athena_backends[account_id][region_name]


def _tags(properties: dict[str, Any]) -> list[dict[str, str]]:
    return [{"Key": t["Key"], "Value": t["Value"]} for t in properties.get("Tags", [])]


class GlueDatabase(Simple, CloudFormationModel):
    TYPE = "AWS::Glue::Database"

    @classmethod
    def create(cls, name: str, properties: dict[str, Any], account_id: str, region_name: str,
               logical_id: str) -> Simple:
        database_input = dict(properties.get("DatabaseInput", {}))
        database = database_input.setdefault("Name", name.lower())
        backend = _glue(account_id, region_name)
        if database in backend.databases:
            backend.update_database(database, database_input)
        else:
            backend.create_database(database, database_input)
        return cls(database, account_id, region_name, properties)

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource: Any, new_resource_name: str, cloudformation_json: dict[str, Any],
        account_id: str, region_name: str,
    ) -> Simple:
        properties = cloudformation_json.get("Properties", {})
        if properties.get("DatabaseInput", {}).get("Name", original_resource.physical_id) != (
                original_resource.physical_id):
            original_resource.remove()
        return cls.create(original_resource.physical_id, properties, account_id, region_name,
                          original_resource.physical_id)

    def remove(self) -> None:
        backend = _glue(self.account_id, self.region_name)
        if self.physical_id in backend.databases:
            backend.delete_database(self.physical_id)


class GlueTable(Simple, CloudFormationModel):
    TYPE = "AWS::Glue::Table"

    @classmethod
    def create(cls, name: str, properties: dict[str, Any], account_id: str, region_name: str,
               logical_id: str) -> Simple:
        table_input = dict(properties["TableInput"])
        table = table_input.setdefault("Name", name.lower())
        database = properties["DatabaseName"]
        backend = _glue(account_id, region_name)
        if table in backend.get_database(database).tables:
            backend.update_table(database, table, table_input)
        else:
            backend.create_table(database, table, table_input)
        model = cls(table, account_id, region_name, properties)
        model.database = database
        return model

    database = ""

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource: Any, new_resource_name: str, cloudformation_json: dict[str, Any],
        account_id: str, region_name: str,
    ) -> Simple:
        properties = cloudformation_json.get("Properties", {})
        name = properties.get("TableInput", {}).get("Name", original_resource.physical_id)
        if name != original_resource.physical_id or (
                properties.get("DatabaseName") != original_resource.database):
            original_resource.remove()
        return cls.create(name, properties, account_id, region_name, name)

    def remove(self) -> None:
        from moto.glue.exceptions import DatabaseNotFoundException, TableNotFoundException

        with contextlib.suppress(DatabaseNotFoundException, TableNotFoundException):
            _glue(self.account_id, self.region_name).delete_table(self.database,
                                                                  self.physical_id)


class WorkGroup(Simple, CloudFormationModel):
    TYPE = "AWS::Athena::WorkGroup"
    NAME_PROPERTY = "Name"
    ATTRIBUTES = ("CreationTime",)

    @classmethod
    def create(cls, name: str, properties: dict[str, Any], account_id: str, region_name: str,
               logical_id: str) -> Simple:
        backend = _athena(account_id, region_name)
        configuration = properties.get("WorkGroupConfiguration", {})
        if name in backend.work_groups:
            group = backend.work_groups[name]
            group.configuration = configuration
            group.description = properties.get("Description", "")
        else:
            backend.create_work_group(name, configuration, properties.get("Description", ""),
                                      _tags(properties))
        model = cls(name, account_id, region_name, properties)
        model.created = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return model

    created = ""

    def attributes(self) -> dict[str, str]:
        return {"CreationTime": self.created}

    def remove(self) -> None:
        _athena(self.account_id, self.region_name).delete_work_group(self.physical_id)


class NamedQuery(Simple, CloudFormationModel):
    TYPE = "AWS::Athena::NamedQuery"
    ATTRIBUTES = ("NamedQueryId",)

    @classmethod
    def create(cls, name: str, properties: dict[str, Any], account_id: str, region_name: str,
               logical_id: str) -> Simple:
        query_id = _athena(account_id, region_name).create_named_query(
            properties.get("Name", name), properties.get("Description", ""),
            properties["Database"], properties["QueryString"],
            properties.get("WorkGroup", "primary"))
        return cls(str(query_id), account_id, region_name, properties)

    def attributes(self) -> dict[str, str]:
        return {"NamedQueryId": self.physical_id}

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource: Any, new_resource_name: str, cloudformation_json: dict[str, Any],
        account_id: str, region_name: str,
    ) -> Simple:
        original_resource.remove()
        return cls.create(new_resource_name, cloudformation_json.get("Properties", {}),
                          account_id, region_name, new_resource_name)

    def remove(self) -> None:
        _athena(self.account_id, self.region_name).named_queries.pop(self.physical_id, None)
