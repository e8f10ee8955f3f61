"""Which fields of an item changed: every field of its model class, found with
`dataclasses.fields`, so a field added to the model is compared without a word here.

A field is shown under the name a curator writes in YAML (the validation field
tables say which model attribute each key fills), or its model name where it has
none (a page's `body` and `headings`), in the order of its table, and compared by
what it holds:
a text word by word, a list as entries added and removed, anything else as one
value. `KEYED` and `SHOWN` are the display overrides: lists whose entries have a
key (an event's actors by actor, sources by id), and how an entry of each nested
model is written on one line. `NOT_COMPARED` are the attributes that are no part
of what a file says.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from builder.dates import DateValue
from builder.diff.result import FieldChange, Item
from builder.model import (
    Actor,
    ActorRelation,
    Briefing,
    Event,
    Heading,
    Judgement,
    Link,
    Location,
    Participant,
    ProsePage,
    Quote,
    Role,
    Selection,
    Source,
    Tag,
)
from builder.validation.core import Field
from builder.validation.fields import (
    ACTOR_FIELDS,
    BRIEFING_FIELDS,
    EVENT_FIELDS,
    PAGE_FIELDS,
    SELECT_FIELDS,
    TAG_FIELDS,
)

NOT_COMPARED = frozenset({"id", "path", "line", "column", "based_on_at"})
"""An item's id and file (a rename is its own change) and where things are written."""
TEXTS = frozenset({"summary", "body", "description"})
"""Markdown and prose, compared word by word."""


def _location(location: Location) -> str:
    words = [w for w in (location.name, location.country) if w]
    if location.lat is not None and location.lon is not None:
        words.append(f"{location.lat:g}, {location.lon:g}")
    return ", ".join(words)


def _participant(participant: Participant) -> str:
    return participant.actor + (f" ({participant.role})" if participant.role else "")


def _source(source: Source) -> str:
    grade = f" [{source.grade}]" if source.grade else ""
    return f"{source.id}{grade}: {source.title}"


def _quote(quote: Quote) -> str:
    text = quote.text if len(quote.text) <= 80 else quote.text[:79].rstrip() + "…"
    return f"“{text}” ({', '.join(quote.actors)}, {quote.source})"


def _dated(title: str, start: DateValue | None, end: DateValue | None) -> str:
    if start is None and end is None:
        return title
    return f"{title} ({start or '..'}–{end or '..'})"


def _role(role: Role) -> str:
    return _dated(role.title + (f", {role.organization}" if role.organization else ""), role.start, role.end)


def _judgement(judgement: Judgement) -> str:
    """A judgement in one line: a change of its text, confidence, likelihood or basis shows as a new one."""
    likelihood = f", {judgement.likelihood}" if judgement.likelihood else ""
    return f"{judgement.text} ({judgement.confidence} confidence{likelihood}; {', '.join(judgement.based_on)})"


def _heading(heading: Heading) -> str:
    """A page's heading with its anchor. A page's headings come from its body, whose word diff
    shows their words too; they are compared all the same, because each is an address
    (`page:methods/sourcing#grades`, or a link from outside to the page's `#grades`) that
    goes when its words change, which the word diff does not say."""
    return f"{'#' * heading.level} {heading.text} (#{heading.anchor})"


SHOWN: dict[type, Callable[[Any], str]] = {
    Location: _location,
    Quote: _quote,
    Role: _role,
    ActorRelation: lambda relation: _dated(f"{relation.relation} {relation.actor}", relation.start, relation.end),
    Link: lambda link: f"{link.title}: {link.url}",
    Judgement: _judgement,
    Heading: _heading,
}
"""One line for each entry of a list of nested values, compared as a whole."""

KEYED: dict[tuple[type, str], tuple[Callable[[Any], str], Callable[[Any], str], tuple[str, ...]]] = {
    (Event, "participants"): (lambda p: p.actor, _participant, ("role",)),
    (Event, "sources"): (
        lambda s: s.id,
        _source,
        ("title", "publisher", "url", "archive_url", "published", "grade"),
    ),
    (Event, "related"): (lambda r: r.event, lambda r: f"{r.event} ({r.relation})", ("relation",)),
}
"""Lists whose entries have a key: (the key, the entry in one line, the parts compared
when an entry with the same key is on both sides)."""


def _yaml_names(table: dict[str, Field]) -> dict[str, str]:
    """Model attribute → the key a curator writes for it."""
    return {entry.attribute or key: key for key, entry in table.items() if entry.attribute is not None}


_NAMES: dict[type, dict[str, str]] = {
    Event: _yaml_names(EVENT_FIELDS),
    Actor: _yaml_names(ACTOR_FIELDS),
    Tag: _yaml_names(TAG_FIELDS),
    Briefing: _yaml_names(BRIEFING_FIELDS),
    ProsePage: _yaml_names(PAGE_FIELDS),
    Selection: {"start": "from", "end": "to", **{key: key for key in SELECT_FIELDS if key not in ("from", "to")}},
}
_TABLES: dict[type, dict[str, Field]] = {
    Event: EVENT_FIELDS,
    Actor: ACTOR_FIELDS,
    Tag: TAG_FIELDS,
    Briefing: BRIEFING_FIELDS,
    ProsePage: PAGE_FIELDS,
    Selection: SELECT_FIELDS,
}


def _in_file_order(kind: type) -> tuple[tuple[str, str], ...]:
    """(attribute, YAML name) of each compared field, in the order of its kind's field
    table, which is the order a curator's file is written in."""
    order = list(_TABLES[kind])
    names = [(f.name, _NAMES[kind].get(f.name, f.name)) for f in dataclasses.fields(kind) if f.name not in NOT_COMPARED]
    return tuple(sorted(names, key=lambda pair: order.index(pair[1]) if pair[1] in order else len(order)))


_FILE_ORDER = {kind: _in_file_order(kind) for kind in _TABLES}


def field_changes(old: Item, new: Item, renamed_from: str | None) -> Iterator[FieldChange]:
    """Each field of two versions of an item that differs, in the model's order."""
    yield from _changes(old, new, renamed_from, prefix="")


def _changes(old: Any, new: Any, renamed_from: str | None, *, prefix: str) -> Iterator[FieldChange]:
    kind: type = type(old)
    for attribute, yaml_name in _FILE_ORDER[kind]:
        name = prefix + yaml_name
        before, after = getattr(old, attribute), getattr(new, attribute)
        if attribute == "redirect_from":  # less the old id of a rename, which the rename itself reports
            yield from _listed(name, before, (ident for ident in after if ident != renamed_from))
        elif isinstance(before, Selection):
            yield from _changes(before, after, renamed_from, prefix=name + ".")
        elif (kind, attribute) in KEYED:
            yield from _keyed(name, before, after, *KEYED[(kind, attribute)])
        elif isinstance(before, tuple):
            yield from _listed(name, _lines(before), _lines(after))
        elif attribute in TEXTS:
            yield from _text(name, before, after)
        else:
            yield from _value(name, before, after)


def _lines(entries: tuple[Any, ...]) -> Iterator[str]:
    for entry in entries:
        yield entry if isinstance(entry, str) else SHOWN[type(entry)](entry)


def _value(name: str, old: object, new: object) -> Iterator[FieldChange]:
    before, after = _shown(old), _shown(new)
    if before != after:
        yield FieldChange(name, "value", before, after)


def _shown(value: object) -> str | None:
    return None if value is None else str(value)


def _text(name: str, old: str | None, new: str | None) -> Iterator[FieldChange]:
    if old == new:
        return
    yield FieldChange(name, "text", old, new, words=word_diff(old or "", new or ""))


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """The words of `old` and `new` as runs of kept ("="), removed ("-") and added ("+") words."""
    before, after = old.split(), new.split()
    runs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(("=", " ".join(before[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("-", " ".join(before[i1:i2])))
        if j2 > j1:
            runs.append(("+", " ".join(after[j1:j2])))
    return tuple(runs)


def _listed(name: str, old: Iterable[str], new: Iterable[str]) -> Iterator[FieldChange]:
    """A list compared by value, in the order written: what appears and what disappears."""
    before, after = list(old), list(new)
    added = tuple(value for value in after if value not in before)
    removed = tuple(value for value in before if value not in after)
    if added or removed:
        yield FieldChange(name, "list", added=added, removed=removed)


def _keyed(
    name: str,
    old: tuple[Any, ...],
    new: tuple[Any, ...],
    key: Callable[[Any], str],
    shown: Callable[[Any], str],
    parts: tuple[str, ...],
) -> Iterator[FieldChange]:
    """A list of entries with a key (an actor, a source id): added, removed, and changed parts."""
    before, after = {key(entry): entry for entry in old}, {key(entry): entry for entry in new}
    yield from _listed(
        name, [shown(before[k]) for k in before if k not in after], [shown(after[k]) for k in after if k not in before]
    )
    for common in (k for k in after if k in before):
        for part in parts:
            yield from _value(f"{name}[{common}].{part}", getattr(before[common], part), getattr(after[common], part))
