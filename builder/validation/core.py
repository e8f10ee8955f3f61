"""What every check of validation is given and gives back.

A check reads one YAML node (`Node`, with its line and column) and returns
a value or `INVALID`, having appended a `Problem` to the file's `Context`
for anything wrong. `Field` is one entry of a field table; `accepts` pins
to each check the JSON Schema fragment of what it accepts, from which
builder/schema.py writes the editors' schemas. `Pass` is what the first
pass over the files hands to the second.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from builder.errors import Problem
from builder.kinds import KIND_NAMES
from builder.loading import Document
from builder.model import (
    Content,
)
from builder.yamltree import Mapping, Node, Scalar, Sequence

ORGANIZATION_KINDS = ("organization", "state", "group")


YAML_READS_AS = {
    "bool": "true/false",
    "int": "a number",
    "float": "a number",
    "null": "null (no value)",
    "timestamp": "a date",
}


class Reference(NamedTuple):
    """A mention of another item's id, kept with its place for the second pass.

    A named tuple rather than a frozen dataclass: a tree of 10,000 events
    makes a quarter of a million of them, and a tuple is made several times
    faster.
    """

    kind: str
    id: str
    path: str
    line: int
    column: int
    what: str = ""


@dataclass
class Context:
    """What the first pass learns about one file while checking it.

    `claimed` is every (kind, id) a file has claimed so far. A claim is never
    withdrawn, so a reference to a claimed id resolves in the second pass
    whatever comes later: it is not recorded (files are read in order, and
    actors/ comes before the events that name its actors).
    """

    path: str
    document: Document
    problems: list[Problem]
    references: list[Reference]
    claimed: dict[tuple[str, str], str]
    page_folder: str | None = None
    """In a prose page: its folder inside the content, for its relative `.md` links."""

    def problem(self, node: Node | Scalar, message: str) -> None:
        self.problems.append(Problem(self.path, node.line, node.column, message))

    def refer(self, kind: str, node: Scalar, what: str = "") -> str:
        if (kind, node.text) not in self.claimed:
            self.references.append(Reference(kind, node.text, self.path, node.line, node.column, what))
        return node.text


Check = Callable[[Node, str, Context], Any]
Schema = dict[str, Any]
C = TypeVar("C", bound=Callable[..., Any])

# What each check accepts, as a JSON Schema (draft-07) fragment, so that
# builder/schema.py derives the editors' schemas from the field tables below
# instead of restating them. A fragment may hold another check (stands for
# that check's fragment) and "fields" (a field table: a mapping of exactly
# those fields); schema.py expands both. A builder's fragment adds the rules
# between a mapping's fields that a schema can say (lat with lon).
ACCEPTS: weakref.WeakKeyDictionary[Callable[..., Any], Schema] = weakref.WeakKeyDictionary()


def accepts(fragment: Schema) -> Callable[[C], C]:
    """Declare the JSON Schema fragment of a check or a builder."""

    def register(check: C) -> C:
        ACCEPTS[check] = fragment
        return check

    return register


@dataclass(frozen=True)
class Field:
    """One field of a mapping: whether it must be given, how its value is checked,
    and the one-line help an editor shows for it (in the JSON Schemas)."""

    check: Check
    required: bool = False
    help: str = ""
    attribute: str | None = ""
    """The model attribute the value fills: "" for the field's own name, None for none
    (a file's `id`, which its name gives)."""


class Invalid:
    """The value of a field whose problem is already reported."""


INVALID = Invalid()


# --- scalar checks -----------------------------------------------------------


def expect_scalar(node: Node, name: str, ctx: Context, expected: str) -> Scalar | None:
    if reported_or_empty(node, name, ctx):
        return None
    if isinstance(node, Scalar):
        return node
    ctx.problem(node, f"'{name}' must be {expected}, not a {shape_of(node)}")
    return None


def reported_or_empty(node: Node, name: str, ctx: Context) -> bool:
    """True for a value not to check further: one under a refused tag (already
    reported), or an empty one (reported here), whatever shape was expected."""
    if isinstance(node, Scalar) and node.kind == "invalid":
        return True
    if is_empty(node):
        ctx.problem(node, f"'{name}' is empty; give a value or remove the field")
        return True
    return False


def is_empty(node: Node) -> bool:
    """`body:` with nothing after it, text that is only blanks, `[]` or `{}`."""
    if not isinstance(node, Scalar):
        return not node.items
    if node.kind == "null":
        return node.text == ""
    # `isspace` stops at the first visible character; `strip` would copy a whole body.
    return node.kind == "str" and (not node.text or node.text.isspace())


def shape_of(node: Node) -> str:
    return "list" if isinstance(node, Sequence) else "mapping" if isinstance(node, Mapping) else "value"


@dataclass
class Pass:
    """The first pass's results, handed to the second."""

    content: Content = field(default_factory=Content)
    problems: list[Problem] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    files: dict[tuple[str, str], str] = field(default_factory=dict)
    actor_kinds: dict[str, str] = field(default_factory=dict)
    redirects: dict[str, dict[str, str]] = field(default_factory=lambda: {kind: {} for kind in KIND_NAMES})
    related_nodes: dict[str, list[tuple[str, Node]]] = field(default_factory=dict)
    tags_broken: bool = False
    page_anchors: dict[str, frozenset[str]] = field(default_factory=dict)
    """Each valid page's heading anchors, for `page:x#anchor`."""
