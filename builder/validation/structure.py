"""The checks of lists and mappings, which hold other checks: `list_of`, `mapping_of`
(a field table's mapping, reporting unknown and missing fields with a did-you-mean),
`one_or_list` and `id_or_mapping`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from builder.errors import nearest
from builder.validation.core import (
    ACCEPTS,
    INVALID,
    Check,
    Context,
    Field,
    Invalid,
    accepts,
    is_empty,
    reported_or_empty,
    shape_of,
)
from builder.validation.values import listing, reference
from builder.yamltree import Mapping, Node, Scalar, Sequence

# --- collections -------------------------------------------------------------


def list_of(item: Check, *, unique: bool = False) -> Check:
    """A list; `unique` lists of ids never repeat one."""

    @accepts({"type": "array", "minItems": 1, "items": item, **({"uniqueItems": True} if unique else {})})
    def check(node: Node, name: str, ctx: Context) -> tuple[Any, ...] | Invalid:
        if reported_or_empty(node, name, ctx):
            return INVALID
        if not isinstance(node, Sequence):
            ctx.problem(node, f"'{name}' must be a list (one '- item' per line)")
            return INVALID
        values = [item(child, name, ctx) for child in node.items]
        if unique:
            _check_unique(node.items, values, name, ctx)
        if any(isinstance(v, Invalid) for v in values):
            return INVALID
        return tuple(values)

    return check


def _check_unique(nodes: list[Node], values: list[Any], name: str, ctx: Context) -> None:
    seen: dict[str, int] = {}
    for child, value in zip(nodes, values, strict=True):
        if isinstance(value, str):
            if value in seen:
                ctx.problem(child, f"'{value}' is listed twice in '{name}' (first on line {seen[value]}); keep one")
            else:
                seen[value] = child.line


def mapping_of(fields: dict[str, Field], build: Callable[..., Any], what: str) -> Check:
    """A nested mapping checked against its own field table, then built.

    `what` names one such mapping in messages ("this source"), because a
    field name such as 'sources' names the whole list.
    """

    @accepts({"fields": fields, **ACCEPTS.get(build, {})})
    def check(node: Node, name: str, ctx: Context) -> Any:
        if reported_or_empty(node, name, ctx):
            return INVALID
        if not isinstance(node, Mapping):
            ctx.problem(node, f"'{name}' must be a mapping of {listing(list(fields))}, not a {shape_of(node)}")
            return INVALID
        values, ok = check_fields(node, fields, ctx, where=what)
        if not ok:
            return INVALID
        return build(node=node, ctx=ctx, **values)

    return check


def check_fields(node: Mapping, fields: dict[str, Field], ctx: Context, *, where: str) -> tuple[dict[str, Any], bool]:
    """Every field of a mapping: unknown names, missing required ones, then each value.

    Returns the values that are valid, and whether all were, so that callers
    build model objects only from wholly valid mappings but can still check
    what is valid against each other. A required field that an unknown name
    is a typo of is not also reported missing: the typo's message says it.
    """
    values: dict[str, Any] = {}
    ok = True
    meant: set[str] = set()
    for key, (key_node, value_node) in node.items.items():
        spec = fields.get(key)
        if spec is None:
            typo_of = meant_field(key, fields)
            if typo_of is not None:
                meant.add(typo_of)
            ctx.problem(key_node, _unknown_field(key, typo_of, fields, where))
            ok = False
            continue
        if spec.required and is_empty(value_node):
            ctx.problem(value_node, f"'{key}' is empty; it is required: write it")
            ok = False
            continue
        value = spec.check(value_node, key, ctx)
        if isinstance(value, Invalid):
            ok = False
        else:
            values[key] = value
    for key, spec in fields.items():
        if spec.required and key not in node.items:
            if key not in meant:
                ctx.problem(node, f"{where} is missing the required field '{key}'; add it")
            ok = False
    return values, ok


SAME_MEANING = {
    "relations": "related",
    "relation": "related",
    "related": "relations",
    "locations": "location",
    "place": "location",
    "source": "sources",
    "tag": "tags",
    "actor": "actors",
    "participants": "actors",
    "grade": "reliability",
}
"""Names written for a field of another kind of file, or in the singular or a synonym, and the
field they mean where that field exists (`relations` is an actor's; on an event it means
`related`). Spelling alone would suggest a field of another meaning (`location`)."""


def meant_field(key: str, fields: dict[str, Field]) -> str | None:
    """The field an unknown name most likely means: the same meaning, else the nearest spelling."""
    same = SAME_MEANING.get(key.lower())
    if same is not None and same in fields:
        return same
    return nearest(key, fields)


def _unknown_field(key: str, typo_of: str | None, fields: dict[str, Field], where: str) -> str:
    if typo_of is not None:
        return f"unknown field '{key}' in {where}; did you mean '{typo_of}'?"
    return f"unknown field '{key}' in {where}; the fields are {listing(list(fields))}"


def one_or_list(item: Check) -> Check:
    """A mapping or a list of them (an event's `location`)."""
    items = list_of(item)

    @accepts({"anyOf": [item, items]})
    def check(node: Node, name: str, ctx: Context) -> tuple[Any, ...] | Invalid:
        if isinstance(node, Sequence):
            return items(node, name, ctx)  # type: ignore[no-any-return]
        value = item(node, name, ctx)
        return INVALID if isinstance(value, Invalid) else (value,)

    return check


def id_or_mapping(kind: str, key: str, fields: dict[str, Field], build: Callable[..., Any], what: str) -> Check:
    """`- some-id` or `- {<key>: some-id, …}` (actors and related events in an event)."""
    ident, mapping = reference(kind), mapping_of(fields, build, what)

    @accepts({"anyOf": [ident, mapping]})
    def check(node: Node, name: str, ctx: Context) -> Any:
        if isinstance(node, Scalar):
            value = ident(node, name, ctx)
            return INVALID if isinstance(value, Invalid) else build(node=node, ctx=ctx, **{key: value})
        return mapping(node, name, ctx)

    return check
