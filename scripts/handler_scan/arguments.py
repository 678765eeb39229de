"""Which key paths a call's literal keyword arguments hold (for ``ifArgument`` map rules)."""

from __future__ import annotations

import ast

from .evaluator import Evaluator
from .model import Scope


def argument_has_path(call: ast.Call, path: str, evaluator: Evaluator, scope: Scope) -> bool:
    """Whether the call's literal keyword argument has the key path.

    Paths read like "Image.S3Object" or "Items[].Put".
    """
    first, *rest = path.split(".")
    keyword_name = first.removesuffix("[]")
    value = next(
        (keyword.value for keyword in getattr(call, "keywords", []) if keyword.arg == keyword_name),
        None,
    )
    if value is None:
        return False
    nodes = literal_nodes(value, evaluator, scope)
    if first.endswith("[]"):
        nodes = [
            element
            for node in nodes
            if isinstance(node, (ast.List, ast.Tuple))
            for element in node.elts
        ]
        nodes = [item for element in nodes for item in literal_nodes(element, evaluator, scope)]
    for part in rest:
        key = part.removesuffix("[]")
        found = []
        for node in nodes:
            if isinstance(node, ast.Dict):
                for dict_key, dict_value in zip(node.keys, node.values, strict=False):
                    if isinstance(dict_key, ast.Constant) and dict_key.value == key:
                        found.extend(literal_nodes(dict_value, evaluator, scope))
        if part.endswith("[]"):
            found = [
                element
                for node in found
                if isinstance(node, (ast.List, ast.Tuple))
                for element in node.elts
            ]
        nodes = found
        if part is rest[-1]:
            return bool(found) or any(
                isinstance(node, ast.Dict)
                and any(isinstance(k, ast.Constant) and k.value == key for k in node.keys)
                for node in nodes
            )
    return bool(nodes)


def literal_nodes(node: ast.AST, evaluator: Evaluator, scope: Scope) -> list[ast.AST]:
    """The literal(s) an argument is: itself, or the dict a local name was assigned."""
    if isinstance(node, (ast.Dict, ast.List, ast.Tuple)):
        return [node]
    if isinstance(node, ast.Name):
        return [
            evaluator.nodes[value[1]][0]
            for value in evaluator.eval(node, scope, ())
            if value[0] == "dict"
        ]
    return [node]
