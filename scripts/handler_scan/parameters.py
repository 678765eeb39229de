"""Evaluator part: parameters without a call context, i.e. what every call site passes."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from .constants import CALLBACK_RUNNERS
from .model import Scope
from .module_index import ModuleIndex
from .values import (
    BoundMethod,
    CallSite,
    Class,
    Env,
    Function,
    Instance,
    ParameterKey,
    Value,
    Values,
)

TYPE_CHECKING = False  # typing's flag, without importing typing at the scan's start-up


def callee_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


class Parameters:
    """Mixed into ``Evaluator``: uses its ``index``, ``eval``, ``bind_arguments`` and ``mro``."""

    if TYPE_CHECKING:
        index: ModuleIndex
        call_sites: list[tuple[ast.Call, Scope]] | None
        calls_by_name: dict[str | None, list[tuple[ast.Call, Scope]]]
        param_memo: dict[ParameterKey, Values]

        def eval(self, node: ast.AST, scope: Scope, env: Env = ()) -> Values: ...
        def annotation(self, node: ast.AST, scope: Scope) -> Iterator[Value]: ...
        def bind_arguments(
            self, function: Scope, ref: CallSite, skip_self: bool
        ) -> list[tuple[ParameterKey, Values]]: ...
        def mro(self, class_scope: Scope) -> list[Scope]: ...

    def all_call_sites(self) -> list[tuple[ast.Call, Scope]]:
        if self.call_sites is None:
            self.call_sites = [
                (call, scope)
                for module in list(self.index.modules.values())
                for scope in module.scopes
                for call in scope.calls
            ]
            self.calls_by_name = {}
            for call, scope in self.call_sites:
                self.calls_by_name.setdefault(callee_name(call.func), []).append((call, scope))
        return self.call_sites

    def calls_named(self, name: str | None) -> list[tuple[ast.Call, Scope]]:
        """Call sites whose callee is spelled `name(...)` or `x.name(...)`."""
        self.all_call_sites()
        return self.calls_by_name.get(name, [])

    def parameter(self, function: Scope, name: str) -> Iterator[Value]:
        key = (id(function), name)
        if key in self.param_memo:
            yield from self.param_memo[key]
            return
        self.param_memo[key] = frozenset()  # recursion guard
        values: set[Value] = set()
        params = function.param_names()
        if function.owner is not None and params and name == params[0] and not function.is_static:
            if function.is_classmethod:
                values.add(Class(function.owner))
            else:
                values.add(Instance(function.owner, None))
        else:
            param = next(param for param in function.params if param.arg == name)
            if param.annotation is not None:
                values.update(self.annotation(param.annotation, function.parent or function))
            values.update(self.parameter_default(function, name))
            targets = {function.name}
            if function.name == "__init__" and function.owner is not None:
                targets.add(function.owner.name)
            for call, scope in [
                site for target in sorted(targets) for site in self.calls_named(target)
            ]:
                for callee_value in self.eval(call.func, scope, ()):
                    if isinstance(callee_value, Function) and callee_value.scope is function:
                        skip = False
                    elif (
                        isinstance(callee_value, BoundMethod) and callee_value.function is function
                    ):
                        skip = not function.is_static
                    elif (
                        isinstance(callee_value, Class)
                        and function.owner is not None
                        and any(scope_ is function.owner for scope_ in self.mro(callee_value.scope))
                        and function.name == "__init__"
                    ):
                        skip = True
                    else:
                        continue
                    for (_, bound_name), bound_values in self.bind_arguments(
                        function, (call, scope, ()), skip
                    ):
                        if bound_name == name:
                            values.update(bound_values)
            values.update(self.parameter_passed_as_callback(function, name))
        self.param_memo[key] = frozenset(values)
        yield from values

    def parameter_default(self, function: Scope, name: str) -> set[Value]:
        arguments = function.node.args
        positional = [*arguments.posonlyargs, *arguments.args]
        pairs = list(
            zip(
                [param.arg for param in positional][len(positional) - len(arguments.defaults) :],
                arguments.defaults,
                strict=False,
            )
        )
        pairs += [
            (param.arg, default)
            for param, default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=False)
            if default is not None
        ]
        values: set[Value] = set()
        for param_name, default in pairs:
            if param_name == name:
                values.update(self.eval(default, function.parent or function, ()))
        return values

    def parameter_passed_as_callback(self, function: Scope, name: str) -> set[Value]:
        """Arguments given with the function to executor.submit(f, ...), functools.partial(f, ...),
        loop.run_in_executor(executor, f, ...) and threading.Thread(target=f, args=(...))."""
        values: set[Value] = set()
        sites = [
            (runner, site)
            for runner in sorted(CALLBACK_RUNNERS)
            for site in self.calls_named(runner)
        ]
        for callee, (call, scope) in sites:
            if callee == "Thread":
                target = next(
                    (keyword.value for keyword in call.keywords if keyword.arg == "target"), None
                )
                given = next(
                    (keyword.value for keyword in call.keywords if keyword.arg == "args"), None
                )
                arguments = given.elts if isinstance(given, (ast.Tuple, ast.List)) else []
                keywords: list[ast.keyword] = []
            else:
                offset = CALLBACK_RUNNERS[callee]
                if len(call.args) <= offset:
                    continue
                target = call.args[offset]
                arguments = call.args[offset + 1 :]
                keywords = [keyword for keyword in call.keywords if callee == "partial"]
            if target is None:
                continue
            target_name = (
                target.id if isinstance(target, ast.Name) else getattr(target, "attr", None)
            )
            if target_name != function.name:
                continue
            for value in self.eval(target, scope, ()):
                if isinstance(value, Function) and value.scope is function:
                    skip = False
                elif isinstance(value, BoundMethod) and value.function is function:
                    skip = not function.is_static
                else:
                    continue
                synthetic = ast.Call(func=target, args=list(arguments), keywords=keywords)
                for (_, bound_name), bound_values in self.bind_arguments(
                    function, (synthetic, scope, ()), skip
                ):
                    if bound_name == name:
                        values.update(bound_values)
        return values
