"""The comparison of two sides: items added, removed, renamed and changed (events, actors,
tags, briefings and prose pages), events that move on the timeline, sources whose grades
change, and references a change breaks or makes."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

from builder.dates import MONTHS, DateValue
from builder.diff.fields import field_changes
from builder.diff.result import KINDS, Diff, FieldChange, ItemChange, ReferenceChange, SourceChange, TimelineMove
from builder.diff.sides import Side, load_revision, read_side
from builder.git import open_repository, resolve_revision
from builder.kinds import PAGE
from builder.links import FoundLink, cross_reference, find_links, relative_page_link
from builder.loading import Document
from builder.model import (
    Actor,
    Briefing,
    Content,
    Event,
)
from builder.validation.pages import headings
from builder.yamltree import Scalar


def compare(base: Side, head: Side) -> Diff:
    result = Diff(base.report, head.report)
    renames: dict[str, dict[str, str]] = {}
    for kind in KINDS:
        if kind == "tag" and not (base.tags_readable and head.tags_readable):
            renames[kind] = {}  # tags.yaml cannot be read on one side: its problem says so
            continue
        renames[kind] = _compare_kind(kind, base, head, result)
    events = _event_pairs(base, head, renames["event"])
    result.timeline = _timeline(events, head)
    result.sources = _sources(events, result, head)
    result.broken, result.created = _references(base, head, renames)
    result.items = [_with_citers(item, result.broken) for item in result.items]
    result.items = _with_selections(result.items, base, head, renames)
    return result


SELECTED = "selected events"
"""The field change that says which events a briefing chooses now, and no longer."""


def _with_selections(
    items: list[ItemChange], base: Side, head: Side, renames: dict[str, dict[str, str]]
) -> list[ItemChange]:
    """Each briefing whose chosen events differ, whatever made them differ: its own `select`,
    or an event added, removed, retagged, redated or given other actors. A briefing
    otherwise unchanged becomes a changed one, so "what does it include now" is always
    answered."""
    by_briefing = {(item.kind, item.id): position for position, item in enumerate(items)}
    briefing_renames = renames.get("briefing", {})
    old_ids = {new: old for old, new in briefing_renames.items()}
    items = list(items)
    for ident in sorted(head.ids["briefing"]):
        after = head.item("briefing", ident)
        if not isinstance(after, Briefing):
            continue
        old = old_ids.get(ident, ident)
        before = base.item("briefing", old)
        chosen_before = _chosen(base, before, renames.get("event", {})) if isinstance(before, Briefing) else {}
        chosen_after = _chosen(head, after, {})
        if chosen_before.keys() == chosen_after.keys():
            continue
        change = FieldChange(
            SELECTED,
            "list",
            added=tuple(chosen_after[e] for e in chosen_after if e not in chosen_before),
            removed=tuple(chosen_before[e] for e in chosen_before if e not in chosen_after),
        )
        position = by_briefing.get(("briefing", ident))
        if position is None:
            items.append(ItemChange("briefing", "changed", ident, after.title, after.path, None, after.path, (change,)))
        else:
            items[position] = dataclasses.replace(items[position], changes=(*items[position].changes, change))
    return items


def _chosen(side: Side, briefing: Briefing, renamed: dict[str, str]) -> dict[str, str]:
    """The events a briefing chooses on one side, in date order, by id (a renamed event by its
    new id, so a rename is no change), each shown as "id: title (date)"."""
    events = sorted(side.content.events.values(), key=lambda event: (event.date.sort_key(), event.id))
    return {
        renamed.get(event.id, event.id): f"{renamed.get(event.id, event.id)}: {event.title} ({event.date.display()})"
        for event in events
        if briefing.select.chooses(event)
    }


def _with_citers(item: ItemChange, broken: list[ReferenceChange]) -> ItemChange:
    """A removed item that something still refers to says so where the reviewer reads it."""
    if item.status != "removed":
        return item
    citers = [f"{ref.from_kind} '{ref.from_id}'" for ref in broken if (ref.to_kind, ref.to_id) == (item.kind, item.id)]
    if not citers:
        return item
    note = f"still referred to by {', '.join(dict.fromkeys(citers))}"
    return dataclasses.replace(item, notes=(*item.notes, note))


def _compare_kind(kind: str, base: Side, head: Side, result: Diff) -> dict[str, str]:
    """Add the kind's item changes to `result`; return its renames, old id → new id."""
    old_ids, new_ids = base.ids[kind], head.ids[kind]
    gone = sorted(set(old_ids) - set(new_ids))
    new = sorted(set(new_ids) - set(old_ids))
    renames = {old: head.redirects[kind][old] for old in gone if head.redirects[kind].get(old) in new}
    renamed_to = set(renames.values())
    removed = [ident for ident in gone if ident not in renames]
    added = [ident for ident in new if ident not in renamed_to]
    titles_removed = {title: ident for ident in removed if (title := _title(base, kind, ident))}
    for ident in added:
        notes: list[str] = []
        item = head.item(kind, ident)
        if item is None:
            notes.append(f"does not validate {head.report.where}")
        title = _title(head, kind, ident)
        twin = titles_removed.get(title) if title else None
        if twin is not None:
            notes.append(_twin_note(kind, twin))
        draft = isinstance(item, Event) and item.is_draft
        item_change = ItemChange(kind, "added", ident, title, new_ids[ident], notes=tuple(notes), draft=draft)
        result.items.append(item_change)
    for ident in removed:
        merged = head.redirects[kind].get(ident)
        gone_notes = (f"'{ident}' now leads to '{merged}'",) if merged in head.ids[kind] else ()
        path = old_ids[ident]
        result.items.append(
            ItemChange(kind, "removed", ident, _title(base, kind, ident), path, old_path=path, notes=gone_notes)
        )
    pairs = [(ident, ident) for ident in sorted(set(old_ids) & set(new_ids))] + sorted(renames.items())
    for old, new_id in pairs:
        change = _compare_item(kind, base, head, old, new_id)
        if change is not None:
            result.items.append(change)
    return renames


def _compare_item(kind: str, base: Side, head: Side, old: str, new: str) -> ItemChange | None:
    status = "renamed" if old != new else "changed"
    old_path, new_path = base.ids[kind][old], head.ids[kind][new]
    before, after = base.item(kind, old), head.item(kind, new)
    title = _title(head, kind, new)
    if before is None or after is None:
        if status == "changed" and _unchanged_file(kind, base, head, old, new):
            return None
        invalid = [side.report.where for side, item in ((base, before), (head, after)) if item is None]
        note = f"does not validate {' and '.join(invalid)}: fields not compared"
        return ItemChange(kind, status, new, title, new_path, old if old != new else None, old_path, notes=(note,))
    changes = list(field_changes(before, after, old if old != new else None))
    if old_path != new_path:
        changes.append(FieldChange("file", "value", old_path, new_path))
    if not changes and status == "changed":
        return None
    return ItemChange(kind, status, new, title, new_path, old if old != new else None, old_path, tuple(changes))


def _twin_note(kind: str, twin: str) -> str:
    """What an added item with the title of a removed one means, by kind: only events, actors
    and briefings have `redirect_from`; a page moved to another path is a new page."""
    if kind == "tag":
        return f"same title as the removed tag '{twin}'; tags cannot be renamed"
    if kind == PAGE:
        return f"same title as the removed page '{twin}': a page that moves keeps no redirect, so '{twin}.html' is gone"
    return (
        f"same title as the removed {kind} '{twin}': if this is a rename, add "
        f"'redirect_from: [{twin}]' so that its old page still leads here"
    )


def _unchanged_file(kind: str, base: Side, head: Side, old: str, new: str) -> bool:
    if kind == "tag":
        return base.item(kind, old) == head.item(kind, new)
    old_path, new_path = base.ids[kind][old], head.ids[kind][new]
    fingerprint = base.fingerprints.get(old_path)
    return old_path == new_path and fingerprint is not None and fingerprint == head.fingerprints.get(new_path)


def _title(side: Side, kind: str, ident: str) -> str | None:
    item = side.item(kind, ident)
    if isinstance(item, Actor):
        return item.name
    if item is not None:
        return item.title
    document = side.documents.get((kind, ident))
    if document is None:
        return None
    entry = document.root.items.get("name" if kind == "actor" else "title")
    if entry is not None and isinstance(entry[1], Scalar):
        return entry[1].text
    return _first_heading(document) if kind == PAGE else None


def _first_heading(document: Document) -> str | None:
    """A page's title when its front matter has none (CONTENT-MODEL.md, "Pages"), for a page
    that does not validate."""
    first = next((found for found in headings(document.text[document.body_start :]) if found.level == 1), None)
    return first.text if first is not None else None


def _event_pairs(base: Side, head: Side, renames: dict[str, str]) -> list[tuple[Event | None, Event]]:
    """(base event or None when added, head event), for every event valid at head."""
    back = {new: old for old, new in renames.items()}
    pairs: list[tuple[Event | None, Event]] = []
    for ident, event in sorted(head.content.events.items()):
        old_id = back.get(ident, ident)
        before = base.content.events.get(old_id) if old_id in base.ids["event"] else None
        if old_id in base.ids["event"] and before is None:
            continue  # invalid at base: nothing to compare with
        pairs.append((before, event))
    return pairs


def _order(event: Event) -> tuple[Any, ...]:
    return (event.date.sort_key(), event.id)


def _timeline(pairs: list[tuple[Event | None, Event]], head: Side) -> list[TimelineMove]:
    """Events whose date change moves them to another month, or past another event."""
    both = [(old, new) for old, new in pairs if old is not None]
    old_rank = {new.id: rank for rank, (_, new) in enumerate(sorted(both, key=lambda p: _order(_known(p[0]))))}
    new_rank = {new.id: rank for rank, (_, new) in enumerate(sorted(both, key=lambda p: _order(p[1])))}
    timeline = sorted(head.content.events.values(), key=_order)
    position = {event.id: index for index, event in enumerate(timeline)}
    moves = []
    for old, new in sorted(both, key=lambda p: _order(p[1])):
        if old is None or str(old.date) == str(new.date):
            continue
        old_period, new_period = _period(old.date), _period(new.date)
        if old_period == new_period and old_rank[new.id] == new_rank[new.id]:
            continue
        index = position[new.id]
        after = timeline[index - 1].id if index > 0 else None
        before = timeline[index + 1].id if index + 1 < len(timeline) else None
        moves.append(
            TimelineMove(
                new.id,
                new.title,
                str(old.date),
                str(new.date),
                old.date.display(),
                new.date.display(),
                old_period,
                new_period,
                after,
                before,
            )
        )
    return moves


def _known(event: Event | None) -> Event:
    assert event is not None
    return event


def _period(date: DateValue) -> str:
    """The timeline page and month the event is listed under."""
    month = date.timeline_month()
    year = date.timeline_year()
    return f"{MONTHS[month - 1]} {year}" if month else f"{year} (month unknown)"


def _sources(pairs: list[tuple[Event | None, Event]], result: Diff, head: Side) -> list[SourceChange]:
    changes = []
    for old, new in sorted(pairs, key=lambda p: p[1].id):
        before = {s.id: s for s in old.sources} if old is not None else {}
        after = {s.id: s for s in new.sources}
        for ident, source in after.items():
            if ident not in before:
                changes.append(SourceChange(new.id, ident, "added", source.title, None, source.grade))
            elif before[ident].grade != source.grade:
                changes.append(SourceChange(new.id, ident, "grade", source.title, before[ident].grade, source.grade))
        for ident, source in before.items():
            if ident not in after:
                changes.append(SourceChange(new.id, ident, "removed", source.title, source.grade, None))
    return changes


def _references(base: Side, head: Side, renames: dict[str, dict[str, str]]) -> tuple[list[ReferenceChange], ...]:
    """References at head that point at nothing and were fine at base; and new ones."""
    pages = base.ids[PAGE].keys() | head.ids[PAGE].keys()
    old_refs = {_renamed(ref, renames) for ref in _refs(base.content, pages)}
    old_broken = {_renamed(ref, renames) for ref in _refs(base.content, pages) if _dangling(ref, base)}
    broken, created = [], []
    for ref in sorted(_refs(head.content, pages)):
        if _dangling(ref, head):
            if ref not in old_broken:
                broken.append(_with_reason(ref, base, head))
        elif ref not in old_refs:
            created.append(ref)
    return broken, created


def _refs(content: Content, pages: AbstractSet[str]) -> set[ReferenceChange]:
    """Every reference of one side's items; `pages`, the pages of either side, say which
    page `page:methods` names, the same on both."""
    refs: set[ReferenceChange] = set()

    def add(kind: str, ident: str, to_kind: str, to_ids: Iterable[str | None], name: str) -> None:
        refs.update(ReferenceChange(kind, ident, to_kind, to, name) for to in to_ids if to)

    def links(kind: str, ident: str, texts: dict[str, str | None], folder: str | None = None) -> None:
        for name, text in texts.items():
            for link in find_links(text or ""):
                target = _link_target(link, folder, pages)
                if target is not None:
                    refs.add(ReferenceChange(kind, ident, target[0], target[1], f"link in '{name}'"))

    for e in content.events.values():
        add("event", e.id, "actor", (p.actor for p in e.participants), "actors")
        add("event", e.id, "tag", e.tags, "tags")
        add("event", e.id, "event", (r.event for r in e.related), "related")
        links("event", e.id, {"summary": e.summary, "body": e.body})
    for a in content.actors.values():
        add("actor", a.id, "actor", (r.organization for r in a.roles), "roles")
        add("actor", a.id, "actor", (r.actor for r in a.relations), "relations")
        links("actor", a.id, {"summary": a.summary, "body": a.body})
    for b in content.briefings.values():
        for part, kind in (("events", "event"), ("actors", "actor"), ("tags", "tag"), ("exclude", "event")):
            add("briefing", b.id, kind, getattr(b.select, part), f"select.{part}")
        links("briefing", b.id, {"summary": b.summary, "body": b.body})
        for number, judgement in enumerate(b.judgements, start=1):
            add("briefing", b.id, "event", judgement.based_on, f"judgements[{number}].based_on")
            links("briefing", b.id, {f"judgements[{number}].text": judgement.text})
    for p in content.pages.values():
        links(PAGE, p.id, {"body": p.body}, folder=p.folder)
    return refs


def _link_target(link: FoundLink, folder: str | None, pages: AbstractSet[str]) -> tuple[str, str] | None:
    """The item a link names, as (kind, id): a cross-reference, or in a page (`folder`: its
    folder) another page's relative `.md` path, read as validation reads it. A page is named
    by its id, without the anchor (a missing heading is `check`'s to report), and
    `page:methods` is methods/index.md where there is no methods.md, as on the site."""
    target = link.target
    if folder is not None and not link.is_image:
        target = relative_page_link(target, folder) or target
    found = cross_reference(target)
    if found is None or found[0] != PAGE:
        return found
    path = found[1].partition("#")[0]
    index = f"{path}/index"
    return PAGE, index if path not in pages and index in pages else path


def _dangling(ref: ReferenceChange, side: Side) -> bool:
    if ref.to_kind == "tag" and not side.tags_readable:
        return False
    return ref.to_id not in side.ids[ref.to_kind]


def _renamed(ref: ReferenceChange, renames: dict[str, dict[str, str]]) -> ReferenceChange:
    """A base reference in head's ids, so that a rename alone creates no "new" reference."""
    return ReferenceChange(
        ref.from_kind,
        renames[ref.from_kind].get(ref.from_id, ref.from_id),
        ref.to_kind,
        renames[ref.to_kind].get(ref.to_id, ref.to_id),
        ref.field,
    )


def _with_reason(ref: ReferenceChange, base: Side, head: Side) -> ReferenceChange:
    renamed = head.redirects[ref.to_kind].get(ref.to_id)
    if renamed is not None and renamed in head.ids[ref.to_kind]:
        reason = f"renamed to '{renamed}'"
    elif ref.to_id in base.ids[ref.to_kind]:
        reason = "removed"
    else:
        reason = "does not exist"
    return ReferenceChange(ref.from_kind, ref.from_id, ref.to_kind, ref.to_id, ref.field, reason)


def diff_revisions(content_dir: Path, base: str, head: str | None = None) -> Diff:
    """Compare the content folder at `base` with `head` (None: the working tree).

    Raises:
        UsageError: not a git repository, or a revision that names no commit.
    """
    repository = open_repository(content_dir)
    base_commit = resolve_revision(repository, base)
    head_commit = resolve_revision(repository, head) if head is not None else None
    base_side = read_side(base, base_commit, load_revision(repository, base_commit))
    head_side = read_side(head, head_commit, load_revision(repository, head_commit))
    return compare(base_side, head_side)
