"""The scan: every reachable call and attribute read, recorded as a call or as unresolved."""

from __future__ import annotations

import ast
import os
from pathlib import Path
from typing import Any

from .arguments import argument_has_path
from .constants import (
    COLLECTION_METHODS,
    GENERIC_METHODS,
    KNOWN_LOCAL_KINDS,
    LOCAL_CLIENT_METHODS,
    OUTPUT_FORMAT,
    Value,
)
from .evaluator import Evaluator, is_aws
from .model import Module, Scope
from .module_index import ModuleIndex
from .reachability import Reachability


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
        self.calls: dict[tuple, dict[str, Any]] = {}
        self.unresolved: dict[tuple, dict[str, Any]] = {}
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
    def sort_key(entry: dict[str, Any]) -> tuple:
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
            if value[0] == "bound" and is_aws(value[1]):
                handled = True
                self.record_bound(value[1], value[2], call, scope, module)
        if handled or function_values or not isinstance(call.func, ast.Attribute):
            return  # a boto3 call, or a callee the scan knows (a local function, boto3.client ...)
        method = call.func.attr
        if method not in self.aws_method_names:
            return
        receivers = self.evaluator.eval(call.func.value, scope, ())
        if any(value[0] in KNOWN_LOCAL_KINDS for value in receivers):
            return  # a known, non-boto3 object (a local class or module ...)
        self.add_unresolved(
            module, call, method, None, "receiver is not a known boto3 client or resource"
        )

    def visit_attribute(self, node: ast.Attribute, scope: Scope, module: Module) -> None:
        """Reading a loadable attribute of a boto3 resource (``table.item_count``) calls load()."""
        for value in self.evaluator.eval(node.value, scope, ()):
            if value[0] != "resource" or value[1] is None:
                continue
            resource = self.map["services"].get(value[1], {}).get("resource", {}).get(value[2], {})
            if node.attr in resource.get("attributes", []) and "load" in resource.get(
                "methods", {}
            ):
                self.add_call(
                    module,
                    node,
                    value[1],
                    node.attr,
                    value[2],
                    resource["methods"]["load"],
                    "attribute",
                    scope,
                )

    def record_bound(
        self, receiver: Value, method: str, call: ast.Call, scope: Scope, module: Module
    ) -> None:
        kind, service = receiver[0], receiver[1]
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
        if kind == "client":
            self.record_client(model, service, method, call, scope, module)
        elif kind == "resource":
            type_name = receiver[2]
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
        elif kind == "collection":
            _, _, owner, collection_name, called = receiver
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
            argument = (
                call.args[0]
                if call.args
                else next(
                    (
                        keyword.value
                        for keyword in call.keywords
                        if keyword.arg in ("operation_name", "waiter_name", "ClientMethod")
                    ),
                    None,
                )
            )
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
        call: ast.Call,
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
        record = {
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
        self, module: Module, call: ast.Call, operation: str, service: str | None, reason: str
    ) -> None:
        receiver = call.func.value if isinstance(call.func, ast.Attribute) else call.func
        record = {
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
