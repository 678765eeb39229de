"""The scanner checks the templates skip, read from each resource's `Metadata.checkov.skip`,
and README.md's table of them (between the `checkov-suppressions` markers)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

BEGIN = "<!-- checkov-suppressions:begin (from templates/; FACESTACK_RECORD=1 rewrites) -->"
END = "<!-- checkov-suppressions:end -->"


class _TemplateLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short-form tags (`!Ref`, `!GetAtt`, `!Sub`, ...) read as
    plain values: only `Metadata` matters here."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TemplateLoader.add_multi_constructor("!", _any_tag)


@dataclass(frozen=True, order=True)
class Suppression:
    """One skipped check on one resource of one environment's template."""

    check: str
    resource: str
    resource_type: str
    environment: str
    reason: str


def read(templates: Path) -> list[Suppression]:
    """Every `Metadata.checkov.skip` entry of every template under `templates`."""
    found: list[Suppression] = []
    for path in sorted(templates.glob("*/*.yaml")):
        document = yaml.load(path.read_text(), Loader=_TemplateLoader)
        for logical_id, resource in (document.get("Resources") or {}).items():
            metadata = resource.get("Metadata") or {}
            for entry in (metadata.get("checkov") or {}).get("skip") or []:
                found.append(
                    Suppression(
                        check=entry["id"],
                        resource=logical_id,
                        resource_type=resource["Type"],
                        environment=path.parent.name,
                        reason=entry.get("comment", ""),
                    )
                )
    return sorted(found)


def table(suppressions: list[Suppression]) -> str:
    """README's table: one row per check, resource and reason, with the environments that
    skip it."""
    rows: dict[tuple[str, str, str, str], list[str]] = {}
    for item in suppressions:
        key = (item.check, item.resource, item.resource_type, item.reason)
        rows.setdefault(key, []).append(item.environment)
    lines = [
        "| check | resource | environments | reason |",
        "|---|---|---|---|",
    ]
    for (check, resource, resource_type, reason), environments in sorted(rows.items()):
        lines.append(
            f"| `{check}` | `{resource}` ({resource_type}) | {', '.join(sorted(environments))} "
            f"| {reason.replace('|', '/')} |"
        )
    return "\n".join(lines)


def section(readme: str) -> str | None:
    """The text between the markers, without the surrounding newlines."""
    start, end = readme.find(BEGIN), readme.find(END)
    if start < 0 or end < start:
        return None
    return readme[start + len(BEGIN) : end].strip("\n")


def rewrite(readme: str, generated: str) -> str:
    """README with the text between the markers replaced by `generated`."""
    start, end = readme.find(BEGIN), readme.find(END)
    if start < 0 or end < start:
        raise ValueError(f"README.md has no {BEGIN!r} ... {END!r} section")
    return readme[: start + len(BEGIN)] + "\n" + generated + "\n" + readme[end:]
