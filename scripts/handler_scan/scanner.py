"""The scan: every reachable call and attribute read, recorded as a call or as unresolved."""

from __future__ import annotations

import ast
import os
from pathlib import Path

from .arguments import argument_has_path, first_argument
from .constants import (
    COLLECTION_METHODS,
    GENERIC_METHODS,
    LOCAL_CLIENT_METHODS,
    OUTPUT_FORMAT,
)
from .evaluator import Evaluator
from .model import Module, Scope
from .module_index import ModuleIndex
from .reachability import Reachability
from .values import LOCAL_OBJECT_TYPES, AWSMethod, AWSObject, Client, Collection, Resource

TYPE_CHECKING = False  # typing's flag, without importing typing at the scan's start-up
if TYPE_CHECKING:
    from typing import Any


class Scanner(Reachability):
    def __init__(
        self,
        root: Path,
        entries: list[Path],
        iam_map: dict[str, Any],
        repo_root: Path,
        extra_roots: list[Path],
    ) -> None:
        self.root = root
        self.entries = entries
        self.map = iam_map
        self.repo_root = repo_root
        self.index = ModuleIndex(root, extra_roots)
        self.evaluator = Evaluator(self.index, iam_map)
        self.calls: dict[tuple[str, int, int, str, str, str], dict[str, Any]] = {}
        self.unresolved: dict[tuple[str, int, int, str, str, str], dict[str, Any]] = {}
        self.aws_method_names = self.known_method_names()

    def known_method_names(self) -> set[str]:
        names: set[str] = set()
        for service in self.map["services"].values():
            names.update(service["client"])
            names.update(service.get("unmapped", []))
            for resource in service.get("resource", {}).values():
                names.update(resource["methods"])
        return names - GENERIC_METHODS - LOCAL_CLIENT_METHODS

    def relative(self, path: Path) -> str:
        return Path(os.path.relpath(path, self.repo_root)).as_posix()

    def scan(self) -> dict[str, Any]:
        modules = self.reachable_modules()
        reachable = self.reachable_scopes(modules)
        for module in modules:
            for scope in module.scopes:
                if id(scope) not in reachable:
                    continue
                for call in scope.calls:
                    self.visit_call(call, scope, module)
                callees = {id(call.func) for call in scope.calls}
                for node in scope.attribute_references:
                    if isinstance(node.ctx, ast.Load) and id(node) not in callees:
                        self.visit_attribute(node, scope, module)
        calls = sorted(self.calls.values(), key=self.sort_key)
        unresolved = sorted(self.unresolved.values(), key=self.sort_key)
        return {
            "calls": calls,
            "summary": {
                "calls": len(calls),
                "conditional_actions": sorted(
                    {action for call in calls for action in call["conditional_actions"]}
                    - {action for call in calls for action in call["iam_actions"]}
                ),
                "iam_actions": sorted({action for call in calls for action in call["iam_actions"]}),
                "unresolved": len(unresolved),
            },
            "entries": sorted(self.relative(entry) for entry in self.entries),
            "files": [self.relative(module.path) for module in modules],
            "format": OUTPUT_FORMAT,
            "map": {"boto3": self.map.get("boto3"), "botocore": self.map.get("botocore")},
            "root": self.relative(self.root),
            "unresolved": unresolved,
        }

    @staticmethod
    def sort_key(entry: dict[str, Any]) -> tuple[str, int, int, str, str, str, str]:
        return (
            entry["file"],
            entry["line"],
            entry["column"],
            entry.get("service") or "",
            entry.get("resource") or "",
            entry.get("operation") or "",
            entry.get("reason", ""),
        )

    # -- one call

    def visit_call(self, call: ast.Call, scope: Scope, module: Module) -> None:
        function_values = self.evaluator.eval(call.func, scope, ())
        handled = False
        for value in function_values:
            if isinstance(value, AWSMethod):
                handled = True
                self.record_bound(value.receiver, value.method, call, scope, module)
        if handled or function_values or not isinstance(call.func, ast.Attribute):
            return  # a boto3 call, or a callee the scan knows (a local function, boto3.client ...)
        method = call.func.attr
        if method not in self.aws_method_names:
            return
        receivers = self.evaluator.eval(call.func.value, scope, ())
        if any(isinstance(value, LOCAL_OBJECT_TYPES) for value in receivers):
            return  # a known, non-boto3 object (a local class or module ...)
        self.add_unresolved(
            module, call, method, None, "receiver is not a known boto3 client or resource"
        )

    def visit_attribute(self, node: ast.Attribute, scope: Scope, module: Module) -> None:
        """Reading a loadable attribute of a boto3 resource (``table.item_count``) calls load()."""
        for value in self.evaluator.eval(node.value, scope, ()):
            if not isinstance(value, Resource) or value.service is None:
                continue
            service, type_name = value.service, value.type_name
            resource = self.map["services"].get(service, {}).get("resource", {}).get(type_name, {})
            if node.attr in resource.get("attributes", []) and "load" in resource.get(
                "methods", {}
            ):
                self.add_call(
                    module,
                    node,
                    service,
                    node.attr,
                    type_name,
                    resource["methods"]["load"],
                    "attribute",
                    scope,
                )

    def record_bound(
        self, receiver: AWSObject, method: str, call: ast.Call, scope: Scope, module: Module
    ) -> None:
        service = receiver.service
        if service is None:
            self.add_unresolved(module, call, method, None, "service name is not a constant")
            return
        services = self.map["services"]
        if service not in services:
            self.add_unresolved(
                module, call, method, service, f"service {service} is not in boto3-iam-map.json"
            )
            return
        model = services[service]
        if isinstance(receiver, Client):
            self.record_client(model, service, method, call, scope, module)
        elif isinstance(receiver, Resource):
            type_name = receiver.type_name
            resource = model.get("resource", {}).get(type_name)
            entry = resource["methods"].get(method) if resource else None
            if entry is None:
                self.add_unresolved(
                    module,
                    call,
                    method,
                    service,
                    f"no IAM mapping for {service} {type_name}.{method}",
                )
            else:
                self.add_call(module, call, service, method, type_name, entry, "resource", scope)
        elif isinstance(receiver, Collection):
            owner, collection_name, called = receiver.owner, receiver.name, receiver.called
            collection = self.evaluator.collection_model(service, owner, collection_name)
            if collection is None:
                return
            if method in COLLECTION_METHODS:
                if not called:
                    self.add_call(
                        module,
                        call,
                        service,
                        f"{collection_name}.{method}",
                        owner,
                        collection["list"],
                        "collection",
                        scope,
                    )
            elif method in collection.get("batch", {}):
                self.add_call(
                    module,
                    call,
                    service,
                    f"{collection_name}.{method}",
                    owner,
                    collection["batch"][method],
                    "collection",
                    scope,
                )
            else:
                self.add_unresolved(
                    module,
                    call,
                    method,
                    service,
                    f"no IAM mapping for {service} {owner}.{collection_name}.{method}",
                )

    def record_client(
        self,
        model: dict[str, Any],
        service: str,
        method: str,
        call: ast.Call,
        scope: Scope,
        module: Module,
    ) -> None:
        client = model["client"]
        if method in LOCAL_CLIENT_METHODS:
            return
        if method in ("get_paginator", "get_waiter", "generate_presigned_url"):
            argument = first_argument(call, ("operation_name", "waiter_name", "ClientMethod"))
            names = self.evaluator.strings(argument, scope, ())
            if not names:
                self.add_unresolved(
                    module, call, method, service, f"{method} argument is not a constant"
                )
            for name in names:
                target = name
                if method == "get_paginator":
                    target = model.get("paginators", {}).get(name)
                elif method == "get_waiter":
                    target = model.get("waiters", {}).get(name)
                entry = client.get(target) if target else None
                if entry is None:
                    self.add_unresolved(
                        module,
                        call,
                        name,
                        service,
                        f"no IAM mapping for {service} {method}({name!r})",
                    )
                else:
                    via = {
                        "get_paginator": "paginator",
                        "get_waiter": "waiter",
                        "generate_presigned_url": "presigned_url",
                    }[method]
                    self.add_call(module, call, service, target, None, entry, via, scope)
            return
        entry = client.get(method)
        if entry is None:
            reason = (
                f"no IAM mapping for {service}.{method}"
                if method in model.get("unmapped", [])
                else f"{service} client has no method {method}"
            )
            self.add_unresolved(module, call, method, service, reason)
            return
        self.add_call(module, call, service, method, None, entry, "client", scope)

    def add_call(
        self,
        module: Module,
        call: ast.Call | ast.Attribute,  # an attribute read is a call of load()
        service: str,
        operation: str,
        resource: str | None,
        entry: dict[str, Any],
        via: str,
        scope: Scope,
    ) -> None:
        if entry.get("unmapped"):
            self.add_unresolved(
                module,
                call,
                operation,
                service,
                f"no IAM mapping for {service}.{entry.get('client')}",
            )
            return
        required = set(entry.get("actions", []))
        promoted: set[str] = set()
        for rule in entry.get("ifArgument", []):
            if argument_has_path(call, rule["path"], self.evaluator, scope):
                promoted.update(rule["actions"])
        required |= promoted
        conditional = set(entry.get("conditional", [])) - required
        record: dict[str, Any] = {
            "column": call.col_offset,
            "conditional_actions": sorted(conditional),
            "file": self.relative(module.path),
            "iam_actions": sorted(required),
            "line": call.lineno,
            "operation": operation,
            "resource": resource,
            "service": service,
            "via": via,
        }
        key = (record["file"], record["line"], record["column"], service, operation, resource or "")
        if key in self.calls:
            existing = self.calls[key]
            existing["iam_actions"] = sorted(set(existing["iam_actions"]) | required)
            existing["conditional_actions"] = sorted(
                (set(existing["conditional_actions"]) | conditional) - set(existing["iam_actions"])
            )
        else:
            self.calls[key] = record

    def add_unresolved(
        self,
        module: Module,
        call: ast.Call | ast.Attribute,
        operation: str,
        service: str | None,
        reason: str,
    ) -> None:
        if isinstance(call, ast.Attribute):  # an attribute read that calls load()
            receiver = call.value
        else:
            receiver = call.func.value if isinstance(call.func, ast.Attribute) else call.func
        record: dict[str, Any] = {
            "column": call.col_offset,
            "expression": ast.unparse(receiver)[:120],
            "file": self.relative(module.path),
            "line": call.lineno,
            "operation": operation,
            "reason": reason,
            "service": service,
        }
        key = (record["file"], record["line"], record["column"], service or "", operation, reason)
        self.unresolved[key] = record
