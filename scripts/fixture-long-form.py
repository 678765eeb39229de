#!/usr/bin/env python3
"""Converts a short-form YAML template to long-form YAML or JSON with PyYAML, an independent
reader: it produced Tests/CloudFormationTests/Fixtures/everything-long.yaml and everything.json
from everything-short.yaml, so the round-trip tests compare facestack's reader with another one.

    scripts/fixture-long-form.py everything-short.yaml json > everything.json
    scripts/fixture-long-form.py everything-short.yaml yaml > everything-long.yaml
"""

import json
import sys
from typing import Any

import yaml


class ShortFormLoader(yaml.SafeLoader):  # type: ignore[misc]  # PyYAML has no stubs here
    """SafeLoader that turns `!Tag value` into `{"Fn::Tag": value}` and reads dates as strings."""


def construct_function(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    name = suffix if suffix in ("Ref", "Condition") else "Fn::" + suffix
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {name: value}


ShortFormLoader.add_multi_constructor("!", construct_function)
ShortFormLoader.yaml_implicit_resolvers = {
    key: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in ShortFormLoader.yaml_implicit_resolvers.items()
}


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as source:
        data = yaml.load(source, Loader=ShortFormLoader)  # noqa: S506 - a SafeLoader subclass
    if sys.argv[2] == "json":
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), end="")


if __name__ == "__main__":
    main()
