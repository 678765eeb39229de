"""A call's arguments: the one a name is given in, and which key paths its literal keyword
arguments hold (for ``ifArgument`` map rules)."""

from __future__ import annotations

import ast
from collections.abc import Container

from .model import Scope
from .values import DictLiteral

TYPE_CHECKING = False  # typing's flag, without importing typing at the scan's start-up

if TYPE_CHECKING:
    from .evaluator import Evaluator


def first_argument(call: ast.Call, keywords: Container[str]) -> ast.expr | None:
    """The call's first positional argument, else its first keyword argument named in keywords."""
    if call.args:
        return call.args[0]
    return next((keyword.value for keyword in call.keywords if keyword.arg in keywords), None)


def argument_has_path(
    call: ast.Call | ast.Attribute, path: str, evaluator: Evaluator, scope: Scope
) -> bool:
    """Whether the call's literal keyword argument has the key path (an attribute read, which
    calls load(), has none).

    Paths read like "Image.S3Object" or "Items[].Put".
    """
    first, *rest = path.split(".")
    keyword_name = first.removesuffix("[]")
    keywords = call.keywords if isinstance(call, ast.Call) else []
    value = next((keyword.value for keyword in keywords if keyword.arg == keyword_name), None)
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
            evaluator.dict_nodes[value.node_id][0]
            for value in evaluator.eval(node, scope, ())
            if isinstance(value, DictLiteral)
        ]
    return [node]
