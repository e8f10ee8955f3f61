"""The first pass over one event, actor or briefing file: its fields against its kind's
table, the rules between its fields, and the model object it makes.

`ITEM_KINDS` says, for each kind, which table, which model class and which
cross-checks; `check_item` does the same for every kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from builder.errors import Problem, did_you_mean
from builder.ids import (
    ID_PATTERN,
    MAX_ID_LENGTH,
    WINDOWS_DEVICE_NAMES,
    device_name_message,
    is_valid_id,
    suggest_id,
)
from builder.kinds import ACTOR, BRIEFING, EVENT
from builder.loading import Document
from builder.model import (
    Actor,
    Briefing,
    Event,
    Participant,
    Quote,
    Source,
)
from builder.validation.core import Context, Field, Reference
from builder.validation.fields import ACTOR_FIELDS, BRIEFING_FIELDS, EVENT_FIELDS
from builder.validation.quality import check_event_quality
from builder.validation.structure import check_fields
from builder.yamltree import Mapping, Node, Scalar, Sequence


def id_problem(stem: str) -> str | None:
    if len(stem) > MAX_ID_LENGTH:
        return (
            f"the file name '{stem[:20]}….yaml' is {len(stem)} characters before '.yaml', over the id "
            f"limit of {MAX_ID_LENGTH}; rename it to a shorter id"
        )
    if not ID_PATTERN.fullmatch(stem):
        return (
            f"the file name '{stem}.yaml' is not a valid id (lowercase letters, digits and single "
            f"hyphens); rename it to '{suggest_id(stem)}.yaml'"
        )
    if stem in WINDOWS_DEVICE_NAMES:
        return f"the file name '{stem}.yaml' is not a valid id: {device_name_message(stem)}"
    return None


@dataclass
class Checked:
    """The first pass over one event, actor or briefing file: its problems, the
    references it makes, and the item it defines when it is valid.

    Made from the file alone when nothing is claimed yet (see `Context`), so a
    live preview keeps it while the file is unchanged; whether the file owns
    its id is decided when it is added, against the other files.
    """

    path: str
    kind: str
    stem: str
    problems: list[Problem]
    references: list[Reference]
    item: Event | Actor | Briefing | None
    actor_kind: str | None
    related_nodes: list[tuple[str, Node]]
    redirect_nodes: list[Scalar]


@dataclass(frozen=True)
class ItemKind:
    """How a kind of file is checked and what it becomes: its field table, its model class,
    and the rules between its fields that no single field's check can see."""

    fields: dict[str, Field]
    model: type[Event] | type[Actor] | type[Briefing]
    cross_check: Callable[[Document, dict[str, Any], Context], bool] | None = None


def check_item(document: Document, claimed: dict[tuple[str, str], str]) -> Checked:
    """One event, actor or briefing on its own. Its fields are checked even when its
    name is wrong or taken, so that one run reports everything."""
    kind = document.kind
    item_kind = ITEM_KINDS[kind]
    problems: list[Problem] = []
    references: list[Reference] = []
    ctx = Context(document.path, document, problems, references, claimed)
    values, ok = check_fields(document.root, item_kind.fields, ctx, where=f"this {kind}")
    if item_kind.cross_check is not None:
        ok = item_kind.cross_check(document, values, ctx) and ok
    return Checked(
        document.path,
        kind,
        document.stem,
        problems,
        references,
        build_item(item_kind, document, values) if ok else None,
        values.get("kind") if kind == ACTOR.name else None,
        related_nodes(document) if kind == EVENT.name else [],
        redirect_nodes(document.root),
    )


def build_item(item_kind: ItemKind, document: Document, values: dict[str, Any]) -> Event | Actor | Briefing:
    """The model object of a file whose fields are all valid: each field's value goes to the
    attribute its table entry names; a field not given keeps the model's default."""
    given = {
        entry.attribute or key: values[key]
        for key, entry in item_kind.fields.items()
        if key in values and entry.attribute is not None
    }
    return item_kind.model(id=document.stem, path=document.path, **given)


def related_nodes(document: Document) -> list[tuple[str, Node]]:
    """Where each related event is named, so relation problems point at the line."""
    found: list[tuple[str, Node]] = []
    for node in _items(document, "related"):
        if isinstance(node, Mapping) and "event" in node.items:
            node = node.items["event"][1]
        if isinstance(node, Scalar):
            found.append((node.text, node))
    return found


def redirect_nodes(root: Mapping) -> list[Scalar]:
    """The former ids a file lists that look like ids, where they are written."""
    entry = root.items.get("redirect_from")
    if entry is None or not isinstance(entry[1], Sequence):
        return []
    return [node for node in entry[1].items if isinstance(node, Scalar) and is_valid_id(node.text)]


def _check_event(document: Document, values: dict[str, Any], ctx: Context) -> bool:
    """The rules between an event's own fields, on whichever of them are valid."""
    ok = True
    if "actors" in values:
        ok = _check_participants(document, values["actors"], ctx) and ok
    if "sources" in values:
        ok = _check_sources(document, values["sources"], ctx) and ok
    if "related" in values:
        ok = _check_related_once(document, ctx) and ok
    actors_known = "actors" in values or "actors" not in document.root.items
    if "quotes" in values and actors_known and "sources" in values:
        ok = _check_quotes(document, values["quotes"], values.get("actors", ()), values["sources"], ctx) and ok
    check_event_quality(document.root, values, _items(document, "sources"), ctx)
    return ok


def _check_related_once(document: Document, ctx: Context) -> bool:
    """Two events have at most one relation, so a related event is named once."""
    seen: dict[str, int] = {}
    ok = True
    for other, node in related_nodes(document):
        if other in seen:
            ctx.problem(
                node,
                f"'{other}' is listed twice in 'related' (first on line {seen[other]}); two events "
                "have at most one relation: keep one",
            )
            ok = False
        seen.setdefault(other, node.line)
    return ok


def _items(document: Document, name: str) -> list[Node]:
    entry = document.root.items.get(name)
    return entry[1].items if entry is not None and isinstance(entry[1], Sequence) else []


def _check_participants(document: Document, participants: tuple[Participant, ...], ctx: Context) -> bool:
    seen: dict[str, int] = {}
    ok = True
    for node, participant in zip(_items(document, "actors"), participants, strict=True):
        if participant.actor in seen:
            ctx.problem(
                node,
                f"actor '{participant.actor}' is listed twice in 'actors' (first on line "
                f"{seen[participant.actor]}); give several roles in one text: role: host, co-chair",
            )
            ok = False
        seen.setdefault(participant.actor, node.line)
    return ok


def _check_sources(document: Document, sources: tuple[Source, ...], ctx: Context) -> bool:
    seen: dict[str, int] = {}
    ok = True
    for node, source in zip(_items(document, "sources"), sources, strict=True):
        if source.id in seen:
            id_node = node.items["id"][1] if isinstance(node, Mapping) else node
            ctx.problem(
                id_node,
                f"source id '{source.id}' is used twice in this event (first on line "
                f"{seen[source.id]}); quotes cite sources by id, so each needs its own",
            )
            ok = False
        seen.setdefault(source.id, node.line)
    return ok


def _check_quotes(
    document: Document,
    quotes: tuple[Quote, ...],
    participants: tuple[Participant, ...],
    sources: tuple[Source, ...],
    ctx: Context,
) -> bool:
    actors = [p.actor for p in participants]
    source_ids = [s.id for s in sources]
    ok = True
    for node, quote in zip(_items(document, "quotes"), quotes, strict=True):
        assert isinstance(node, Mapping)
        for speaker in quote.actors:
            if speaker not in actors:
                ctx.problem(
                    _value_node(node, "actor", speaker),
                    f"quote speaker '{speaker}' is not in this event's 'actors'; add it there",
                )
                ok = False
        if quote.source not in source_ids:
            ctx.problem(
                node.items["source"][1],
                f"quote source '{quote.source}' is not a source of this event"
                f"{did_you_mean(quote.source, source_ids)} (sources: {', '.join(source_ids)})",
            )
            ok = False
    return ok


def _value_node(mapping: Mapping, key: str, value: str) -> Node:
    """The node of `value` under `key`, looking inside a list, for a precise position."""
    node = mapping.items[key][1]
    if isinstance(node, Sequence):
        return next((n for n in node.items if isinstance(n, Scalar) and n.text == value), node)
    return node


ITEM_KINDS = {
    EVENT.name: ItemKind(EVENT_FIELDS, Event, _check_event),
    ACTOR.name: ItemKind(ACTOR_FIELDS, Actor),
    BRIEFING.name: ItemKind(BRIEFING_FIELDS, Briefing),
}
"""The kinds with a file per item. Adding a field to one is an entry in its field table
(builder/validation/fields.py), an attribute of its model class, and a template line."""
