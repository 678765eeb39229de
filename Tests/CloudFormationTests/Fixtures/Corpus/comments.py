"""Where each comment of a YAML text sits, by node path: an implementation independent of
facestack's (PyYAML's pure-Python scanner and parser instead of libyaml), of the rules that
README.md's `facestack fmt` section states.

- A comment after something on its line trails the first node that starts on that line.
- A comment on its own line sits above the next node that starts after it; one after the last
  node is a footer; one before the first node with a blank line between them is the header.
- A trailing comment on a line where no node starts counts as one on its own line.

Nodes are map keys and list items. A function key (`Fn::Join:`, `Ref:`) and a merge key (`<<:`)
start their parent's path; short-form tags add nothing to a path; aliases are not entered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

FUNCTIONS = {
    "Ref",
    "Condition",
    "Fn::GetAtt",
    "Fn::Sub",
    "Fn::Join",
    "Fn::Select",
    "Fn::Split",
    "Fn::If",
    "Fn::Equals",
    "Fn::And",
    "Fn::Or",
    "Fn::Not",
    "Fn::FindInMap",
    "Fn::ImportValue",
    "Fn::Base64",
    "Fn::GetAZs",
    "Fn::Cidr",
    "Fn::Length",
    "Fn::ToJsonString",
    "Fn::Transform",
    "Fn::Contains",
    "Fn::EachMemberEquals",
    "Fn::EachMemberIn",
    "Fn::RefAll",
    "Fn::ValueOf",
    "Fn::ValueOfAll",
}
BREAKS = "\n\r\x85\u2028\u2029"

Path = tuple[Any, ...]


class Start(NamedTuple):
    """A node's start: 1-based line and column, and its path."""

    line: int
    column: int
    path: Path


class Comment(NamedTuple):
    """A comment: its text from `#`, 1-based position, and whether it is alone on its line."""

    text: str
    line: int
    column: int
    full_line: bool


@dataclass
class Node:
    """A parsed node with its start."""

    kind: str
    line: int
    column: int
    tag: str | None = None
    value: str | None = None
    plain: bool = False
    children: list[Any] = field(default_factory=list)


class Source:
    """A YAML text without its byte order mark, with the start of each line."""

    def __init__(self, text: str) -> None:
        self.text = text[1:] if text.startswith("\ufeff") else text
        self.line_starts = [0]
        index = 0
        while index < len(self.text):
            char = self.text[index]
            index += 1
            if char == "\r" and index < len(self.text) and self.text[index] == "\n":
                index += 1
            if char in BREAKS:
                self.line_starts.append(index)

    def line_of(self, index: int) -> int:
        """The 0-based line of an index."""
        low, high = 0, len(self.line_starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.line_starts[middle] <= index:
                low = middle
            else:
                high = middle - 1
        return low

    def is_blank(self, line: int) -> bool:
        """Whether a 0-based line holds only spaces and tabs."""
        if line < 0 or line >= len(self.line_starts):
            return False
        index = self.line_starts[line]
        while index < len(self.text) and self.text[index] not in BREAKS:
            if self.text[index] not in " \t":
                return False
            index += 1
        return True

    def comment_at(self, index: int) -> Comment:
        end = index
        while end < len(self.text) and self.text[end] not in BREAKS:
            end += 1
        line = self.line_of(index)
        start = self.line_starts[line]
        full = all(char in " \t" for char in self.text[start:index])
        return Comment(self.text[index:end].rstrip(" \t"), line + 1, index - start + 1, full)

    def comments(self) -> list[Comment]:
        """Every comment: each `#` between two tokens, and one after a block scalar's header."""
        found: list[Comment] = []

        def gap(low: int, high: int) -> None:
            index = low
            while index < high:
                if self.text[index] == "#":
                    comment = self.comment_at(index)
                    found.append(comment)
                    index += len(comment.text)
                else:
                    index += 1

        previous = 0
        for token in yaml.scan(self.text, Loader=yaml.SafeLoader):
            start, end = token.start_mark.index, token.end_mark.index
            gap(previous, max(previous, start))
            if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
                index = start + 1
                while index < len(self.text) and self.text[index] in "+-0123456789":
                    index += 1
                while index < len(self.text) and self.text[index] in " \t":
                    index += 1
                if index < len(self.text) and self.text[index] == "#":
                    found.append(self.comment_at(index))
            previous = max(previous, end)
        gap(previous, len(self.text))
        return found

    def root(self) -> Node | None:
        """The document's node tree."""
        events = iter(yaml.parse(self.text, Loader=yaml.SafeLoader))

        def compose(event: Any) -> Node:
            line, column = event.start_mark.line + 1, event.start_mark.column + 1
            if isinstance(event, yaml.AliasEvent):
                return Node("alias", line, column)
            if isinstance(event, yaml.ScalarEvent):
                return Node("scalar", line, column, event.tag, event.value, event.style is None)
            if isinstance(event, yaml.SequenceStartEvent):
                node = Node("seq", line, column, event.tag)
                for item in events:
                    if isinstance(item, yaml.SequenceEndEvent):
                        return node
                    node.children.append(compose(item))
            if isinstance(event, yaml.MappingStartEvent):
                node = Node("map", line, column, event.tag)
                for key in events:
                    if isinstance(key, yaml.MappingEndEvent):
                        return node
                    node.children.append((compose(key), compose(next(events))))
            raise ValueError(f"unexpected event {event}")

        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                return compose(next(events))
        return None

    def starts(self) -> list[Start]:
        """Every node start, in document order, the outer node first at one position."""
        found: list[tuple[int, int, int, Path]] = []

        def record(node: Node, path: Path) -> None:
            found.append((node.line, node.column, len(found), path))

        def walk(node: Node, path: Path) -> None:
            if node.kind == "seq":
                for index, item in enumerate(node.children):
                    record(item, (*path, index))
                    walk(item, (*path, index))
            elif node.kind == "map":
                pairs = []
                for key, value in node.children:
                    if is_merge_key(key):
                        record(key, path)
                    else:
                        pairs.append((key, value))
                if (
                    len(node.children) == len(pairs) == 1
                    and node.tag is None
                    and is_function(*pairs[0])
                ):
                    record(pairs[0][0], path)
                    walk(pairs[0][1], path)
                    return
                for key, value in pairs:
                    if key.kind == "scalar":
                        record(key, (*path, key.value))
                        walk(value, (*path, key.value))

        root = self.root()
        if root is not None:
            walk(root, ())
        return [Start(line, column, path) for line, column, _, path in sorted(found)]


def is_merge_key(key: Node) -> bool:
    return (
        key.kind == "scalar"
        and key.value == "<<"
        and ((key.tag is None and key.plain) or key.tag == "tag:yaml.org,2002:merge")
    )


def is_function(key: Node, value: Node) -> bool:
    if key.kind != "scalar" or key.tag is not None:
        return False
    if key.value == "Condition":
        return value.kind == "scalar" and value.tag is None
    return key.value in FUNCTIONS


def attach(text: str) -> list[tuple[str, str, Path | None]]:
    """Each comment as (text, placement, path): placement is header, above, trailing or footer."""
    source = Source(text)
    starts = source.starts()
    result: list[tuple[str, str, Path | None]] = []
    for comment in source.comments():
        if not comment.full_line:
            on_line = [s for s in starts if s.line == comment.line and s.column < comment.column]
            if on_line:
                result.append((comment.text, "trailing", on_line[0].path))
                continue
        after = [s for s in starts if (s.line, s.column) > (comment.line, comment.column)]
        if not after:
            result.append((comment.text, "footer" if starts else "header", None))
            continue
        following = after[0]
        header = following == starts[0] and any(
            source.is_blank(line) for line in range(comment.line, following.line - 1)
        )
        placement = ("header", None) if header else ("above", following.path)
        result.append((comment.text, *placement))
    return result
