"""Intrinsic functions moto's template resolver (moto.cloudformation.parsing.clean_json) gets
wrong, resolved as CloudFormation does:

- `Fn::Cidr` [block, count, bits]: moto does not know it (a `Fn::Select` of it fails the stack);
  here the first `count` subnets with `bits` host bits of `block`, IPv4 or IPv6.
- `Fn::Sub`: moto substitutes the variables map with Python's `string.Template`, which turns `$$`
  into `$` (Step Functions' `$$.Execution.Id`); here `${Name}` is a variable, a parameter, a
  resource's Ref or `${Resource.Attribute}`, `${!Literal}` is the text `${Literal}`, and every
  other character (`$$` included) is kept as written.

Everything else is moto's own resolver.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

_PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")


def cidr(arguments: list[Any]) -> list[str]:
    block, count, bits = str(arguments[0]), int(arguments[1]), int(arguments[2])
    network = ipaddress.ip_network(block, strict=False)
    prefix = network.max_prefixlen - bits
    subnets = []
    for subnet in network.subnets(new_prefix=prefix):
        subnets.append(str(subnet))
        if len(subnets) == count:
            break
    return subnets


def install() -> None:
    from moto.cloudformation import parsing

    original = parsing.clean_json
    if getattr(original, "_facestack", False):
        return

    def substitute(template: str, variables: dict[str, Any], resources_map: Any) -> str:
        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            if name in variables:
                return str(clean_json(variables[name], resources_map))
            if "." in name and not name.startswith("AWS::"):
                resource, attribute = name.split(".", 1)
                return str(clean_json({"Fn::GetAtt": [resource, attribute]}, resources_map))
            return str(clean_json({"Ref": name}, resources_map))

        return _PLACEHOLDER.sub(replace, template)

    def clean_json(resource_json: Any, resources_map: Any) -> Any:
        if isinstance(resource_json, dict) and len(resource_json) == 1:
            if "Fn::Cidr" in resource_json:
                arguments = [clean_json(value, resources_map)
                             for value in resource_json["Fn::Cidr"]]
                return cidr(arguments)
            if "Fn::Sub" in resource_json:
                value = resource_json["Fn::Sub"]
                if isinstance(value, list):
                    text, variables = value[0], value[1]
                else:
                    text, variables = value, {}
                return substitute(str(clean_json(text, resources_map)), variables,
                                  resources_map)
        return original(resource_json, resources_map)

    clean_json._facestack = True  # type: ignore[attr-defined]
    parsing.clean_json = clean_json
