"""One side of a diff: the content folder at a revision read from git (or the working
tree), loaded and validated exactly as `briefing check` does, with every id and former
id its files claim, valid or not."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.diff.result import Item, SideReport
from builder.errors import Problem, sort_problems
from builder.git import LINK_MODE, Entry, Repository, cat_blobs, list_tree
from builder.loading import MAX_FILE_BYTES, Document, LoadResult, StoredFile, load_content, load_stored
from builder.model import (
    Content,
)
from builder.validation import ids_and_redirects, validate


def load_revision(repository: Repository, commit: str | None) -> tuple[LoadResult, dict[str, str]]:
    """The content folder at a commit (None: the working tree), loaded as `check` loads it.

    A commit's files are read from git into memory (`git ls-tree`, one `git cat-file
    --batch`), never written anywhere. Paths in documents and problems are relative to
    the repository's top, as on the working tree, so both sides name files the same
    way. The second value fingerprints each document's bytes, to tell whether a file
    that does not validate on either side changed at all.
    """
    if commit is None:
        if not repository.content_dir.is_dir():
            return LoadResult([], [_no_folder(repository, "in the working tree")]), {}
        loaded = load_content(repository.content_dir, display_root=repository.top)
        return loaded, _fingerprints(repository.top, loaded)
    entries = list_tree(repository, commit)
    if not entries:
        return LoadResult([], [_no_folder(repository, f"at commit {commit[:12]}")]), {}
    files = _stored_files(repository, entries)
    prefix = repository.prefix + "/" if repository.prefix else ""
    loaded = load_stored(files, prefix)
    by_path = {prefix + file.relative: file.data for file in files}
    fingerprints = {
        document.path: hashlib.sha256(data).hexdigest()
        for document in loaded.documents
        if (data := by_path.get(document.path)) is not None
    }
    return loaded, fingerprints


def _stored_files(repository: Repository, entries: list[Entry]) -> list[StoredFile]:
    """A commit's files under the content folder, with the bytes of those within the size
    limit (git is not asked for the others); a submodule is no file and is left out."""
    inside = len(repository.prefix) + 1 if repository.prefix else 0
    blobs = cat_blobs(repository, sorted({e.blob for e in entries if _wanted(e)}))
    return [
        StoredFile(entry.path[inside:], entry.size, blobs.get(entry.blob), link=entry.mode == LINK_MODE)
        for entry in entries
        if entry.kind == "blob"
    ]


def _wanted(entry: Entry) -> bool:
    return entry.kind == "blob" and entry.mode != LINK_MODE and entry.size <= MAX_FILE_BYTES


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
        if document.kind in known.ids and known.ids[document.kind].get(document.stem) == document.path:
            first.setdefault((document.kind, document.stem), document)
    tags_readable = all(not document.broken for document in documents.documents if document.kind == "tags")
    return Side(report, content, known.ids, first, known.redirects, fingerprints, tags_readable)
