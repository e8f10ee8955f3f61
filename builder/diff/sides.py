"""One side of a diff: the content folder at a revision read from git (or the working
tree), loaded and validated exactly as `briefing check` does, with every id and former
id its files claim, valid or not."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.diff.result import Item, SideReport
from builder.errors import Problem, sort_problems
from builder.git import Entry, Repository, cat_blobs, list_tree
from builder.loading import MAX_FILE_BYTES, Document, LoadResult, load_content
from builder.model import (
    Content,
)
from builder.validation import ids_and_redirects, validate


def load_revision(repository: Repository, commit: str | None) -> tuple[LoadResult, dict[str, str]]:
    """The content folder at a commit (None: the working tree), loaded as `check` loads it.

    Paths in documents and problems are relative to the repository's top, as
    on the working tree, so both sides name files the same way. The second
    value fingerprints each document's bytes, to tell whether a file that
    does not validate on either side changed at all.
    """
    if commit is None:
        if not repository.content_dir.is_dir():
            return LoadResult([], [_no_folder(repository, "in the working tree")]), {}
        loaded = load_content(repository.content_dir, display_root=repository.top)
        return loaded, _fingerprints(repository.top, loaded)
    entries = list_tree(repository, commit)
    if not entries:
        return LoadResult([], [_no_folder(repository, f"at commit {commit[:12]}")]), {}
    with tempfile.TemporaryDirectory(prefix="briefing-diff-") as temporary:
        root = Path(temporary)
        _write_tree(repository, entries, root)
        content = root / repository.prefix if repository.prefix else root
        content.mkdir(parents=True, exist_ok=True)
        loaded = load_content(content, display_root=root)
        return loaded, _fingerprints(root, loaded)


def _fingerprints(root: Path, loaded: LoadResult) -> dict[str, str]:
    found = {}
    for document in loaded.documents:
        try:
            with (root / document.path).open("rb") as file:
                found[document.path] = hashlib.sha256(file.read(MAX_FILE_BYTES + 1)).hexdigest()
        except OSError:
            continue
    return found


def _no_folder(repository: Repository, where: str) -> Problem:
    shown = repository.prefix or "."
    return Problem(shown, 1, 1, f"the content folder does not exist {where}")


def _write_tree(repository: Repository, entries: list[Entry], root: Path) -> None:
    """Recreate the files in `root`: blobs as files, links as links that lead nowhere.

    A file over the loader's size limit is written as a sparse file of its
    size, so the loader reports it as too large without git sending its bytes.
    """
    wanted = sorted({e.blob for e in entries if e.kind == "blob" and e.mode != "120000" and e.size <= MAX_FILE_BYTES})
    blobs = cat_blobs(repository, wanted)
    for entry in entries:
        if entry.kind != "blob":
            continue  # a submodule: not content, and nothing to read
        target = root / entry.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.parent.resolve().is_relative_to(root.resolve()):
            continue
        if entry.mode == "120000":
            # The loader reports a link without following it; its target is never needed.
            target.symlink_to(".briefing-diff-link")
            continue
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            descriptor = os.open(target, flags, 0o644)
        except FileExistsError:
            continue
        with os.fdopen(descriptor, "wb") as file:
            if entry.size > MAX_FILE_BYTES:
                file.truncate(entry.size)
            else:
                file.write(blobs[entry.blob])


@dataclass
class Side:
    """One revision's content: the items that validated, every problem, and every id in use.

    `ids` holds the ids of every file (valid or not), as validation counts
    them: an item that does not validate is changed, not removed.
    """

    report: SideReport
    content: Content
    ids: dict[str, dict[str, str]]  # kind → id → path
    documents: dict[tuple[str, str], Document]
    redirects: dict[str, dict[str, str]]  # kind → old id → new id, as written
    fingerprints: dict[str, str] = field(default_factory=dict)  # path → hash of the file's bytes
    tags_readable: bool = True

    def item(self, kind: str, ident: str) -> Item | None:
        items: dict[str, Any] = getattr(self.content, kind + "s")
        found: Item | None = items.get(ident)
        return found


def read_side(revision: str | None, commit: str | None, loaded: tuple[LoadResult, dict[str, str]]) -> Side:
    """Validate one side's documents as `check` does, and note every id and rename written."""
    documents, fingerprints = loaded
    content, problems = validate(documents.documents)
    report = SideReport(revision, commit, tuple(sort_problems(documents.problems + problems)))
    known = ids_and_redirects(documents.documents)
    first: dict[tuple[str, str], Document] = {}
    for document in documents.documents:
        if document.kind != "tags" and known.ids[document.kind].get(document.stem) == document.path:
            first.setdefault((document.kind, document.stem), document)
    tags_readable = all(not document.broken for document in documents.documents if document.kind == "tags")
    return Side(report, content, known.ids, first, known.redirects, fingerprints, tags_readable)
