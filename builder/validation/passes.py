"""The two passes over the content tree.

The first checks each file on its own (`items.check_item`) and records every
reference to another item with its position; the second, once every id in
the tree is known, resolves those references, renames and relations. Nothing
raises on bad content: each check appends a Problem and the run goes on, so
a curator sees all of them at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from builder.errors import Problem
from builder.kinds import CROSS_REFERENCE_KINDS, PAGE
from builder.loading import Document, paused_gc
from builder.model import (
    Actor,
    Briefing,
    Content,
    Event,
    Tag,
)
from builder.validation.core import Context, Invalid, Pass, Reference
from builder.validation.fields import TAG_FIELDS
from builder.validation.items import Checked, check_item, id_problem
from builder.validation.pages import CheckedPage, check_page, page_problem
from builder.validation.quality import check_relation_dates
from builder.validation.references import Suggestions, check_judgements, resolve_page_reference, resolve_reference
from builder.validation.relations import check_relations
from builder.validation.structure import mapping_of
from builder.validation.values import valid_id
from builder.yamltree import Scalar


def validate(documents: Iterable[Document | Checked]) -> tuple[Content, list[Problem]]:
    """Check every document, then every reference between them; returns all problems.

    `documents` may be loading's `iter_content`: each file is then checked as
    soon as it is read, and its YAML values are let go before the next is
    read, because the second pass needs only what the first recorded
    (references, ids, actor kinds, redirects, where related events are
    named) and the model. An entry may also be a file's first pass done
    earlier (`check_item`), which a live preview keeps for unchanged files.
    """
    state = Pass()
    with paused_gc():  # the model is thousands of long-lived objects (see paused_gc)
        for entry in documents:
            if isinstance(entry, Checked):
                _add_item(entry, _claim(entry.path, entry.kind, entry.stem, state), state)
            elif entry.broken:
                _claim_broken(entry, state)
            elif entry.kind == "tags":
                ctx = Context(entry.path, entry, state.problems, state.references, state.files)
                _validate_tags(entry, ctx, state)
            elif entry.kind == PAGE:
                _add_page(check_page(entry, state.files), state)
            else:
                owned = _claim(entry.path, entry.kind, entry.stem, state)
                _add_item(check_item(entry, state.files), owned, state)
        _resolve(state)
    return state.content, state.problems


def _register(kind: str, ident: str, path: str, state: Pass) -> bool:
    """Claim an id for a file; the second file with the same id is the one reported."""
    first = state.files.get((kind, ident))
    if first is not None:
        state.problems.append(
            Problem(
                path,
                1,
                1,
                f"duplicate {kind} id '{ident}': {first} already has it; "
                "ids are unique across folders, so rename one file",
            )
        )
        return False
    state.files[(kind, ident)] = path
    return True


def _claim_broken(document: Document, state: Pass) -> None:
    """A file whose problem the loader reported: its id still exists, so that
    references to it are not reported as unknown on top."""
    if document.kind == "tags":
        state.tags_broken = True
    elif document.kind == PAGE:
        if page_problem(document.stem) is None:
            state.files.setdefault((PAGE, document.stem), document.path)
    elif id_problem(document.stem) is None:
        state.files.setdefault((document.kind, document.stem), document.path)


def _claim(path: str, kind: str, stem: str, state: Pass) -> bool:
    """Whether a file owns the id its name gives: a valid name that no earlier file has."""
    name_problem = id_problem(stem)
    if name_problem is not None:
        state.problems.append(Problem(path, 1, 1, name_problem))
    return name_problem is None and _register(kind, stem, path, state)


def _add_item(checked: Checked, owned: bool, state: Pass) -> None:
    """A file's first pass into the whole tree's; only a file that owns its id
    becomes part of the content."""
    state.problems.extend(checked.problems)
    state.references.extend(checked.references)
    if not owned:
        return
    stem = checked.stem
    if checked.actor_kind is not None:
        state.actor_kinds[stem] = checked.actor_kind
    if checked.kind == "event":
        state.related_nodes[stem] = checked.related_nodes
    if isinstance(checked.item, Event):
        state.content.events[stem] = checked.item
    elif isinstance(checked.item, Actor):
        state.content.actors[stem] = checked.item
    elif isinstance(checked.item, Briefing):
        state.content.briefings[stem] = checked.item
    _collect_redirects(checked.kind, stem, checked.redirect_nodes, state)


def _add_page(checked: CheckedPage, state: Pass) -> None:
    """A page's first pass into the tree's: it is content when its path is a page's."""
    state.problems.extend(checked.problems)
    state.references.extend(checked.references)
    path_problem = page_problem(checked.id)
    if path_problem is not None:
        state.problems.append(Problem(checked.path, 1, 1, path_problem))
        return
    state.files[(PAGE, checked.id)] = checked.path
    if checked.page is not None:
        state.content.pages[checked.id] = checked.page
        state.page_anchors[checked.id] = checked.page.anchors


def _collect_redirects(kind: str, stem: str, nodes: list[Scalar], state: Pass) -> None:
    redirects = state.redirects[kind]
    for node in nodes:
        old = node.text
        if old in redirects and redirects[old] != stem:
            state.problems.append(
                Problem(
                    state.files[(kind, stem)],
                    node.line,
                    node.column,
                    f"'{old}' is already a former id of {kind} '{redirects[old]}' "
                    f"({state.files[(kind, redirects[old])]}); an old id leads to one "
                    "page only: remove it from one of them",
                )
            )
        else:
            redirects[old] = stem
            state.references.append(
                Reference("redirect-" + kind, old, state.files[(kind, stem)], node.line, node.column)
            )


def _validate_tags(document: Document, ctx: Context, state: Pass) -> None:
    for key, (key_node, value_node) in document.root.items.items():
        if not valid_id(key, key_node, ctx, "tags.yaml"):
            continue
        _register("tag", key, document.path, state)
        values = mapping_of(TAG_FIELDS, lambda node, ctx, **v: v, f"tag '{key}'")(value_node, key, ctx)
        if not isinstance(values, Invalid):
            state.content.tags[key] = Tag(key, document.path, values["title"], values.get("description"))


def _resolve(state: Pass) -> None:
    known: dict[str, set[str]] = {kind: set() for kind in CROSS_REFERENCE_KINDS}
    for kind, ident in state.files:
        known[kind].add(ident)
    suggestions = Suggestions(known)
    for ref in state.references:
        if ref.kind == PAGE:
            resolve_page_reference(ref, known[PAGE], suggestions, state)
            continue
        if ref.kind.startswith("redirect-"):
            kind = ref.kind[len("redirect-") :]
            if ref.id in known[kind]:
                state.problems.append(
                    Problem(
                        ref.path,
                        ref.line,
                        ref.column,
                        f"'{ref.id}' is the id of a current {kind}, so it cannot also be "
                        "a former one; remove it from 'redirect_from'",
                    )
                )
            continue
        resolve_reference(ref, known, suggestions, state)
    check_relations(state)
    check_relation_dates(state)
    check_judgements(state)
