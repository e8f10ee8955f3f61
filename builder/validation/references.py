"""The second pass's references: each id named in one file resolved against every
file's id, with the nearest id suggested for a typo, a former id pointed at the new
one, and a briefing's judgements checked against what its selection chooses.

`ids_and_redirects` gives every id and former id of a tree as validation counts
them, for `briefing new` and `briefing diff`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from builder.errors import NameIndex, Problem
from builder.ids import (
    is_valid_id,
)
from builder.kinds import KIND_NAMES, PAGE, TAG
from builder.loading import Document
from builder.validation.core import ORGANIZATION_KINDS, Pass, Reference
from builder.validation.items import redirect_nodes
from builder.validation.pages import page_problem
from builder.validation.quality import JUDGEMENT_CONFIDENCE


class Suggestions:
    """The "did you mean" of unknown references: one `NameIndex` per kind, made
    when the first unknown reference of that kind needs it, so that a tree
    with no such mistake pays nothing and one with thousands pays a bounded
    cost for each (see `NameIndex`)."""

    def __init__(self, known: dict[str, set[str]]) -> None:
        self.known = known
        self.indexes: dict[str, NameIndex] = {}

    def nearest(self, kind: str, value: str) -> str | None:
        index = self.indexes.get(kind)
        if index is None:
            index = self.indexes[kind] = NameIndex(self.known[kind])
        return index.nearest(value)


def resolve_reference(ref: Reference, known: dict[str, set[str]], suggestions: Suggestions, state: Pass) -> None:
    kind = "actor" if ref.kind == "organization" else ref.kind
    if ref.id in known[kind]:
        actor_kind = state.actor_kinds.get(ref.id)
        if ref.kind == "organization" and actor_kind is not None and actor_kind not in ORGANIZATION_KINDS:
            state.problems.append(
                Problem(
                    ref.path,
                    ref.line,
                    ref.column,
                    f"'organization' is '{ref.id}', a {actor_kind}; name the organization, "
                    "state or group in which the role is held",
                )
            )
        return
    if kind == "tag" and state.tags_broken:
        return  # tags.yaml could not be read: its problem says so
    renamed = state.redirects[kind].get(ref.id)
    if renamed is not None:
        message = f"{kind} '{ref.id}' was renamed to '{renamed}'; write '{renamed}'"
    else:
        meant = suggestions.nearest(kind, ref.id)
        hint = (
            f"; did you mean '{meant}'?"
            if meant is not None
            else f"; add content/{kind}s/{ref.id}.yaml"
            if kind != "tag"
            else "; add it to content/tags.yaml"
        )
        message = f"unknown {kind} '{ref.id}'{hint}"
    state.problems.append(Problem(ref.path, ref.line, ref.column, message))


def resolve_page_reference(ref: Reference, pages: set[str], suggestions: Suggestions, state: Pass) -> None:
    """`page:methods/sourcing#grades`: the page exists (`page:methods` may name
    methods/index.md) and so does the heading the anchor names."""
    path, _, anchor = ref.id.partition("#")
    page = path if path in pages else f"{path}/index" if f"{path}/index" in pages else None
    if page is None:
        meant = suggestions.nearest(PAGE, path)
        hint = f"; did you mean 'page:{meant}'?" if meant else f"; add {path}.md to the content folder"
        message = f"unknown page '{path}'{hint}"
    elif not anchor or page not in state.page_anchors or anchor in state.page_anchors[page]:
        return  # no anchor, or a page whose own problems are reported: nothing more to say
    else:
        anchors = sorted(state.page_anchors[page])
        meant = NameIndex(anchors).nearest(anchor)
        hint = f"did you mean '#{meant}'?" if meant else f"its headings' anchors: {', '.join(anchors) or 'none'}"
        message = f"page '{path}' has no heading with the anchor '#{anchor}'; {hint}"
    state.problems.append(Problem(ref.path, ref.line, ref.column, message))


def check_judgements(state: Pass) -> None:
    """A judgement rests on events its briefing covers, and claims no more than they allow.

    Unknown event ids were reported with the other references; only known
    events are judged here.
    """
    events = state.content.events
    for briefing in state.content.briefings.values():
        for judgement in briefing.judgements:
            resting_on = []
            for ident, (line, column) in zip(judgement.based_on, judgement.based_on_at, strict=True):
                event = events.get(ident)
                if event is None:
                    continue
                resting_on.append(event)
                if not briefing.select.chooses(event):
                    state.problems.append(
                        Problem(
                            briefing.path,
                            line,
                            column,
                            f"this judgement rests on event '{ident}', which the briefing's 'select' does not "
                            "choose; add it to 'select' or remove it from 'based_on'",
                        )
                    )
            if judgement.confidence == "high" and resting_on and all(e.confidence in (None, "low") for e in resting_on):
                state.problems.append(
                    Problem(
                        briefing.path,
                        judgement.line,
                        judgement.column,
                        "this judgement's confidence is 'high', but every event it rests on has confidence "
                        "'low' or none; lower it, or rest it on better-sourced events",
                        "warning",
                        JUDGEMENT_CONFIDENCE,
                    )
                )


@dataclass(frozen=True)
class IdsAndRedirects:
    """Every id the files of a tree claim, and every former id they list, whether or not
    the files are otherwise valid: what `briefing new` must not reuse and what `briefing
    diff` reads renames from."""

    ids: dict[str, dict[str, str]]
    """kind → id → the path of the first file with it (tags: tags.yaml); `page` → a page's
    path without `.md` → its file."""
    redirects: dict[str, dict[str, str]]
    """kind → former id → the id that lists it first (none for pages, which have no former ids)."""


def ids_and_redirects(documents: Iterable[Document]) -> IdsAndRedirects:
    """Ids as validation counts them (a file name that is a valid id; the first file with
    it; a page whose path `page_problem` accepts), and `redirect_from` as written, so a
    rename is seen even in a file with problems."""
    ids: dict[str, dict[str, str]] = {kind: {} for kind in (*KIND_NAMES, PAGE)}
    redirects: dict[str, dict[str, str]] = {kind: {} for kind in (*KIND_NAMES, PAGE)}
    for document in documents:
        if document.kind == PAGE:
            if page_problem(document.stem) is None:
                ids[PAGE][document.stem] = document.path  # its path: one file, and no former ids
            continue
        if document.kind == "tags":
            for key in document.root.items:
                ids[TAG.name].setdefault(key, document.path)
        elif is_valid_id(document.stem) and document.stem not in ids[document.kind]:
            ids[document.kind][document.stem] = document.path
            for node in redirect_nodes(document.root):
                redirects[document.kind].setdefault(node.text, document.stem)
    return IdsAndRedirects(ids, redirects)
