"""What `briefing diff` finds: the changes of items and fields, timeline moves, sources,
references, and each side's problems, with their JSON form."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from builder.errors import Problem
from builder.kinds import KIND_NAMES, PAGE
from builder.model import (
    Actor,
    Briefing,
    Event,
    ProsePage,
    Tag,
)

KINDS = (*KIND_NAMES, PAGE)
STATUSES = ("added", "removed", "renamed", "changed")
ChangeKind = Literal["value", "text", "list"]
Item = Event | Actor | Tag | Briefing | ProsePage


@dataclass(frozen=True)
class FieldChange:
    """One field of one item: `old` → `new` for a value, words for a text, added/removed for a list."""

    field: str
    kind: ChangeKind
    old: str | None = None
    new: str | None = None
    words: tuple[tuple[str, str], ...] = ()  # ("=", "same"), ("-", "gone"), ("+", "new")
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"field": self.field, "kind": self.kind}
        if self.kind == "list":
            data["added"] = list(self.added)
            data["removed"] = list(self.removed)
        else:
            data["old"] = self.old
            data["new"] = self.new
        if self.kind == "text":
            data["words"] = [list(pair) for pair in self.words]
        return data


@dataclass(frozen=True)
class ItemChange:
    """An event, actor, tag, briefing or page that is added, removed, renamed or changed."""

    kind: str
    status: str
    id: str
    title: str | None
    path: str | None
    old_id: str | None = None
    old_path: str | None = None
    changes: tuple[FieldChange, ...] = ()
    notes: tuple[str, ...] = ()
    draft: bool = False  # an event added as a draft (status changes are field changes)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id}
        if self.status == "renamed":
            data["old_id"] = self.old_id
        data["title"] = self.title
        data["path"] = self.path
        if self.old_path != self.path and self.status != "added":
            data["old_path"] = self.old_path
        if self.status in ("changed", "renamed") or self.changes:
            data["changes"] = [change.to_dict() for change in self.changes]
        if self.kind == "event" and self.status == "added":
            data["draft"] = self.draft
        data["notes"] = list(self.notes)
        return data


@dataclass(frozen=True)
class TimelineMove:
    """An event whose new date puts it in another month or another place in the order."""

    event: str
    title: str
    old_date: str
    new_date: str
    old_shown: str
    new_shown: str
    old_period: str
    new_period: str
    after: str | None  # the event now just before it on the timeline
    before: str | None  # and the one now just after it

    def to_dict(self) -> dict[str, Any]:
        return {
            "event": self.event,
            "title": self.title,
            "old_date": self.old_date,
            "new_date": self.new_date,
            "old_period": self.old_period,
            "new_period": self.new_period,
            "after": self.after,
            "before": self.before,
        }


@dataclass(frozen=True)
class SourceChange:
    """A source added to or removed from an event, or a change of its grade."""

    event: str
    source: str
    change: Literal["added", "removed", "grade"]
    title: str
    old_grade: str | None = None
    new_grade: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "event": self.event,
            "source": self.source,
            "change": self.change,
            "title": self.title,
            "old_grade": self.old_grade,
            "new_grade": self.new_grade,
        }


@dataclass(frozen=True, order=True)
class ReferenceChange:
    """A reference from one item to another, by field (`actors`, `related`, `link in 'body'`…)."""

    from_kind: str
    from_id: str
    to_kind: str
    to_id: str
    field: str
    reason: str = ""  # for a broken reference: why the target is gone

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "from": {"kind": self.from_kind, "id": self.from_id},
            "to": {"kind": self.to_kind, "id": self.to_id},
            "field": self.field,
        }
        if self.reason:
            data["reason"] = self.reason
        return data


@dataclass(frozen=True)
class SideReport:
    """One side of the comparison: which revision, and whether its content validates."""

    revision: str | None  # as given; None for the working tree
    commit: str | None
    problems: tuple[Problem, ...]

    @property
    def label(self) -> str:
        return self.revision if self.revision is not None else "working tree"

    @property
    def where(self) -> str:
        return "in the working tree" if self.revision is None else f"at {self.revision}"

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def to_dict(self) -> dict[str, Any]:
        return {
            "revision": self.revision,
            "commit": self.commit,
            "valid": not self.errors,
            "errors": [str(p) for p in self.errors],
            "warnings": [str(p) for p in self.warnings],
        }


@dataclass
class Diff:
    base: SideReport
    head: SideReport
    items: list[ItemChange] = field(default_factory=list)
    timeline: list[TimelineMove] = field(default_factory=list)
    sources: list[SourceChange] = field(default_factory=list)
    broken: list[ReferenceChange] = field(default_factory=list)
    created: list[ReferenceChange] = field(default_factory=list)

    def of(self, kind: str, status: str) -> list[ItemChange]:
        return [item for item in self.items if item.kind == kind and item.status == status]

    def summary(self) -> str:
        """One line: "2 events added, 1 changed; 1 actor removed; content at HEAD has 1 error"."""
        parts = []
        for kind in KINDS:
            counts = [(status, len(self.of(kind, status))) for status in STATUSES]
            counts = [(status, count) for status, count in counts if count]
            if counts:
                first, *rest = counts
                words = [f"{plural(first[1], kind)} {first[0]}"] + [f"{count} {status}" for status, count in rest]
                parts.append(", ".join(words))
        if not parts:
            parts.append("no changes to events, actors, tags, briefings or pages")
        if self.broken:
            parts.append(f"{plural(len(self.broken), 'reference')} broken")
        for side in (self.base, self.head):
            if side is self.base and not side.errors:
                continue
            if side.errors:
                parts.append(f"content {side.where} has {plural(len(side.errors), 'error')}")
            else:
                parts.append(f"content {side.where} is valid")
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "base": self.base.to_dict(),
            "head": self.head.to_dict(),
            "summary": self.summary(),
        }
        for kind in KINDS:
            data[kind + "s"] = {status: [item.to_dict() for item in self.of(kind, status)] for status in STATUSES}
        data["timeline"] = [move.to_dict() for move in self.timeline]
        data["sources"] = [change.to_dict() for change in self.sources]
        data["references"] = {
            "broken": [ref.to_dict() for ref in self.broken],
            "created": [ref.to_dict() for ref in self.created],
        }
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
