"""What a pull request changes in the content, in terms of events and actors.

`briefing diff BASE [HEAD]` reads the content folder at two git revisions
(HEAD None is the working tree), loads and validates each side with the same
functions `briefing check` uses, and compares the items: added, removed,
renamed (through `redirect_from`), and for changed ones which fields changed.
It also reports events that move on the timeline, sources and grades,
references a change breaks or creates, and whether each side validates.

A revision is read with `git ls-tree` and `git cat-file --batch` into a
temporary folder, never by checking anything out over the working tree. A
side that does not validate is still compared: validation keeps every item
that is valid on its own, and the problems are part of the report.

Nothing here prints; `Diff.to_markdown()` and `Diff.to_json()` are the two
forms the command line writes.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from builder.dates import MONTHS, DateValue
from builder.errors import Problem, UsageError, sort_problems
from builder.ids import is_valid_id
from builder.links import cross_reference, find_links
from builder.loading import MAX_FILE_BYTES, Document, LoadResult, Mapping, Scalar, Sequence, load_content
from builder.model import Actor, Briefing, Content, Event, Judgement, Location, Participant, Quote, Source, Tag
from builder.validation import validate

KINDS = ("event", "actor", "tag", "briefing")
STATUSES = ("added", "removed", "renamed", "changed")
ChangeKind = Literal["value", "text", "list"]
Item = Event | Actor | Tag | Briefing

# Words of unchanged text shown around each change in a word-level diff.
CONTEXT_WORDS = 4
# Problems listed one by one in the Markdown before "… and N more".
MAX_LISTED_PROBLEMS = 20
_GIT_TIMEOUT = 120


# --- the result ----------------------------------------------------------------


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
    """An event, actor, tag or briefing that is added, removed, renamed or changed."""

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
        if self.status in ("changed", "renamed"):
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
                words = [f"{_plural(first[1], kind)} {first[0]}"] + [f"{count} {status}" for status, count in rest]
                parts.append(", ".join(words))
        if not parts:
            parts.append("no changes to events, actors, tags or briefings")
        if self.broken:
            parts.append(f"{_plural(len(self.broken), 'reference')} broken")
        for side in (self.base, self.head):
            if side is self.base and not side.errors:
                continue
            if side.errors:
                parts.append(f"content {side.where} has {_plural(len(side.errors), 'error')}")
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

    def to_markdown(self) -> str:
        return _markdown(self)


# --- reading a revision ----------------------------------------------------------------


@dataclass(frozen=True)
class Repository:
    """The git work tree that holds the content folder, and where in it the folder is."""

    top: Path
    prefix: str  # the content folder relative to `top`, posix; "" when it is the top

    @property
    def content_dir(self) -> Path:
        return self.top / self.prefix if self.prefix else self.top


def open_repository(content_dir: Path) -> Repository:
    """The repository around `content_dir` (which need not exist in the working tree)."""
    absolute = Path.cwd() / content_dir  # not resolved: the folder may be gone
    probe = absolute
    while not probe.is_dir() and probe != probe.parent:
        probe = probe.parent
    done = _git(["rev-parse", "--show-toplevel"], probe)
    if done.returncode != 0:
        raise UsageError(f"'{content_dir}' is not in a git repository ({_git_message(done)})")
    top = Path(os.fsdecode(done.stdout.rstrip(b"\n")))
    relative = os.path.relpath(os.path.realpath(absolute), os.path.realpath(top))
    if relative == ".." or relative.startswith("../"):
        raise UsageError(f"'{content_dir}' is outside the git repository at {top}")
    return Repository(top, "" if relative == "." else Path(relative).as_posix())


def resolve_revision(repository: Repository, revision: str) -> str:
    """The commit a revision names; a UsageError when it names none."""
    done = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], repository.top)
    if done.returncode != 0 or not revision:
        raise UsageError(f"'{revision}' is not a revision of the repository at {repository.top}")
    return done.stdout.decode("ascii").strip()


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
    entries = _tree(repository, commit)
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


@dataclass(frozen=True)
class _Entry:
    mode: str
    kind: str
    blob: str
    size: int
    path: str


def _tree(repository: Repository, commit: str) -> list[_Entry]:
    """Every file under the content folder at `commit`, with its size, from `git ls-tree`."""
    args = ["--literal-pathspecs", "ls-tree", "-r", "-z", "-l", "--full-tree", commit]
    if repository.prefix:
        args += ["--", repository.prefix]
    done = _git(args, repository.top)
    if done.returncode != 0:
        raise UsageError(f"cannot list the files of {commit[:12]} ({_git_message(done)})")
    entries = []
    inside = repository.prefix + "/" if repository.prefix else ""
    for record in done.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, blob, size = meta.decode("ascii").split()
        path = os.fsdecode(raw_path)
        if not path.startswith(inside) or not _safe_path(path):
            continue
        entries.append(_Entry(mode, kind, blob, int(size) if size.isdigit() else 0, path))
    return entries


def _safe_path(path: str) -> bool:
    """A path git would check out: relative, with no empty, '.', '..' or '.git' part."""
    parts = path.split("/")
    return not path.startswith("/") and all(part not in ("", ".", "..") and part.lower() != ".git" for part in parts)


def _write_tree(repository: Repository, entries: list[_Entry], root: Path) -> None:
    """Recreate the files in `root`: blobs as files, links as links that lead nowhere.

    A file over the loader's size limit is written as a sparse file of its
    size, so the loader reports it as too large without git sending its bytes.
    """
    wanted = sorted({e.blob for e in entries if e.kind == "blob" and e.mode != "120000" and e.size <= MAX_FILE_BYTES})
    blobs = _cat_blobs(repository, wanted)
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


def _cat_blobs(repository: Repository, blobs: list[str]) -> dict[str, bytes]:
    if not blobs:
        return {}
    done = _git(["cat-file", "--batch"], repository.top, ("\n".join(blobs) + "\n").encode("ascii"))
    if done.returncode != 0:
        raise UsageError(f"cannot read files from git ({_git_message(done)})")
    found: dict[str, bytes] = {}
    output, offset = done.stdout, 0
    while offset < len(output):
        header_end = output.index(b"\n", offset)
        header = output[offset:header_end].decode("ascii").split()
        offset = header_end + 1
        if len(header) != 3:  # "<name> missing"
            continue
        size = int(header[2])
        found[header[0]] = output[offset : offset + size]
        offset += size + 1
    return found


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=environment,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError as error:
        raise UsageError("git is not installed; briefing diff reads revisions with git") from error
    except subprocess.TimeoutExpired as error:
        raise UsageError(f"git did not answer within {_GIT_TIMEOUT} seconds") from error


def _git_message(done: subprocess.CompletedProcess[bytes]) -> str:
    lines = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
    return lines[0] if lines else f"git exited with {done.returncode}"


# --- one side, validated -------------------------------------------------------------


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
    side = Side(report, content, {kind: {} for kind in KINDS}, {}, {kind: {} for kind in KINDS}, fingerprints)
    for document in documents.documents:
        if document.kind == "tags":
            side.tags_readable = not document.broken
            for key in document.root.items:
                side.ids["tag"].setdefault(key, document.path)
            continue
        if not is_valid_id(document.stem) or (document.kind, document.stem) in side.documents:
            continue
        side.ids[document.kind][document.stem] = document.path
        side.documents[(document.kind, document.stem)] = document
        for old in _raw_redirects(document.root):
            side.redirects[document.kind].setdefault(old, document.stem)
    return side


def _raw_redirects(root: Mapping) -> list[str]:
    """`redirect_from` as written, so that a rename is seen even when the file does not validate."""
    entry = root.items.get("redirect_from")
    if entry is None or not isinstance(entry[1], Sequence):
        return []
    return [node.text for node in entry[1].items if isinstance(node, Scalar) and is_valid_id(node.text)]


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


# --- comparing ----------------------------------------------------------------


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
    return result


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
            notes.append(
                f"same title as the removed {kind} '{twin}': if this is a rename, add "
                f"'redirect_from: [{twin}]' so that its old page still leads here"
                if kind != "tag"
                else f"same title as the removed tag '{twin}'; tags cannot be renamed"
            )
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
    changes = list(_FIELDS[kind](before, after, old if old != new else None))
    if old_path != new_path:
        changes.append(FieldChange("file", "value", old_path, new_path))
    if not changes and status == "changed":
        return None
    return ItemChange(kind, status, new, title, new_path, old if old != new else None, old_path, tuple(changes))


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
    return entry[1].text if entry is not None and isinstance(entry[1], Scalar) else None


# --- fields ----------------------------------------------------------------------


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
    old: dict[str, Any],
    new: dict[str, Any],
    shown: Callable[[Any], str],
    parts: dict[str, Callable[[Any], object]],
) -> Iterator[FieldChange]:
    """A list of entries with a key (an actor, a source id): added, removed, and changed parts."""
    yield from _listed(name, [shown(old[k]) for k in old if k not in new], [shown(new[k]) for k in new if k not in old])
    for key in (k for k in new if k in old):
        for part, read in parts.items():
            yield from _value(f"{name}[{key}].{part}", read(old[key]), read(new[key]))


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


def _event_fields(old: Event, new: Event, renamed_from: str | None) -> Iterator[FieldChange]:
    yield from _value("title", old.title, new.title)
    yield from _value("date", old.date, new.date)
    yield from _value("status", old.status, new.status)
    yield from _text("summary", old.summary, new.summary)
    yield from _text("body", old.body, new.body)
    yield from _listed("location", map(_location, old.locations), map(_location, new.locations))
    yield from _keyed(
        "actors",
        {p.actor: p for p in old.participants},
        {p.actor: p for p in new.participants},
        _participant,
        {"role": lambda p: p.role},
    )
    yield from _listed("tags", old.tags, new.tags)
    yield from _listed("quotes", map(_quote, old.quotes), map(_quote, new.quotes))
    yield from _keyed(
        "sources",
        {s.id: s for s in old.sources},
        {s.id: s for s in new.sources},
        _source,
        {
            "title": lambda s: s.title,
            "publisher": lambda s: s.publisher,
            "url": lambda s: s.url,
            "archive_url": lambda s: s.archive_url,
            "published": lambda s: s.published,
            "grade": lambda s: s.grade,
        },
    )
    yield from _keyed(
        "related",
        {r.event: r for r in old.related},
        {r.event: r for r in new.related},
        lambda r: f"{r.event} ({r.relation})",
        {"relation": lambda r: r.relation},
    )
    yield from _value("confidence", old.confidence, new.confidence)
    yield from _value("updated", old.updated, new.updated)
    yield from _redirects(old.redirect_from, new.redirect_from, renamed_from)


def _redirects(old: tuple[str, ...], new: tuple[str, ...], renamed_from: str | None) -> Iterator[FieldChange]:
    """`redirect_from`, less the old id of a rename, which the rename itself reports."""
    yield from _listed("redirect_from", old, (ident for ident in new if ident != renamed_from))


def _actor_fields(old: Actor, new: Actor, renamed_from: str | None) -> Iterator[FieldChange]:
    yield from _value("name", old.name, new.name)
    yield from _value("kind", old.kind, new.kind)
    yield from _value("native_name", old.native_name, new.native_name)
    yield from _listed("aliases", old.aliases, new.aliases)
    yield from _value("country", old.country, new.country)
    yield from _text("summary", old.summary, new.summary)
    yield from _text("body", old.body, new.body)
    yield from _listed(
        "roles",
        (_dated(r.title + (f", {r.organization}" if r.organization else ""), r.start, r.end) for r in old.roles),
        (_dated(r.title + (f", {r.organization}" if r.organization else ""), r.start, r.end) for r in new.roles),
    )
    yield from _listed(
        "relations",
        (_dated(f"{r.relation} {r.actor}", r.start, r.end) for r in old.relations),
        (_dated(f"{r.relation} {r.actor}", r.start, r.end) for r in new.relations),
    )
    yield from _listed(
        "links",
        (f"{link.title}: {link.url}" for link in old.links),
        (f"{link.title}: {link.url}" for link in new.links),
    )
    yield from _redirects(old.redirect_from, new.redirect_from, renamed_from)


def _tag_fields(old: Tag, new: Tag, renamed_from: str | None) -> Iterator[FieldChange]:
    yield from _value("title", old.title, new.title)
    yield from _text("description", old.description, new.description)


def _briefing_fields(old: Briefing, new: Briefing, renamed_from: str | None) -> Iterator[FieldChange]:
    yield from _value("title", old.title, new.title)
    yield from _text("summary", old.summary, new.summary)
    for part in ("events", "actors", "tags", "exclude"):
        yield from _listed(f"select.{part}", getattr(old.select, part), getattr(new.select, part))
    yield from _value("select.from", old.select.start, new.select.start)
    yield from _value("select.to", old.select.end, new.select.end)
    yield from _text("body", old.body, new.body)
    yield from _listed("judgements", map(_judgement, old.judgements), map(_judgement, new.judgements))
    yield from _redirects(old.redirect_from, new.redirect_from, renamed_from)


def _judgement(judgement: Judgement) -> str:
    """A judgement in one line: a change of its text, confidence, likelihood or basis shows as a new one."""
    likelihood = f", {judgement.likelihood}" if judgement.likelihood else ""
    return f"{judgement.text} ({judgement.confidence} confidence{likelihood}; {', '.join(judgement.based_on)})"


_FIELDS: dict[str, Callable[[Any, Any, str | None], Iterator[FieldChange]]] = {
    "event": _event_fields,
    "actor": _actor_fields,
    "tag": _tag_fields,
    "briefing": _briefing_fields,
}


# --- timeline and sources ---------------------------------------------------------------


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


# --- references ---------------------------------------------------------------------


def _references(base: Side, head: Side, renames: dict[str, dict[str, str]]) -> tuple[list[ReferenceChange], ...]:
    """References at head that point at nothing and were fine at base; and new ones."""
    old_refs = {_renamed(ref, renames) for ref in _refs(base.content)}
    old_broken = {_renamed(ref, renames) for ref in _refs(base.content) if _dangling(ref, base)}
    broken, created = [], []
    for ref in sorted(_refs(head.content)):
        if _dangling(ref, head):
            if ref not in old_broken:
                broken.append(_with_reason(ref, base, head))
        elif ref not in old_refs:
            created.append(ref)
    return broken, created


def _refs(content: Content) -> set[ReferenceChange]:
    refs: set[ReferenceChange] = set()

    def add(kind: str, ident: str, to_kind: str, to_ids: Iterable[str | None], name: str) -> None:
        refs.update(ReferenceChange(kind, ident, to_kind, to, name) for to in to_ids if to)

    def links(kind: str, ident: str, texts: dict[str, str | None]) -> None:
        for name, text in texts.items():
            for link in find_links(text or ""):
                target = cross_reference(link.target)
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
    return refs


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


# --- Markdown ----------------------------------------------------------------------

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&])")
_AUTOLINKED = re.compile(r"(?<=[@#])(?=\w)|(?<=\bGH)(?=-\d)", re.IGNORECASE)
ZERO_WIDTH_SPACE = "&#8203;"


def _md(text: str) -> str:
    """Content text shown as written: Markdown and HTML in it are escaped, lines joined,
    and nothing in it pings anyone or links an issue.

    The report is posted as a pull-request comment, where GitHub turns `@name` and
    `@org/team` into mentions that notify people, and `#123` and `GH-123` into links
    to issues (which also cross-reference the comment there). A Markdown escape does
    not stop that, since GitHub finds them in the rendered text. A zero-width space
    after the `@` or `#` (and between `GH` and `-`), written as the entity `&#8203;`
    so that the raw Markdown shows it, breaks the pattern while the comment still
    reads `@org/team` and `#123`. Code spans (`_code`) are never autolinked and need
    nothing."""
    escaped = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _AUTOLINKED.sub(ZERO_WIDTH_SPACE, escaped)


def _code(text: str) -> str:
    """A code span that holds `text` whatever backticks it contains."""
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}".replace("|", "\\|")


def _or_none(value: str | None) -> str:
    return _code(value) if value is not None else "(none)"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _markdown(diff: Diff) -> str:
    head = "working tree" if diff.head.revision is None else _code(diff.head.label)
    lines = [f"## Content changes: {_code(diff.base.label)} → {head}", "", f"**{diff.summary()}**", ""]
    lines += _problems_markdown(diff)
    for kind in KINDS:
        lines += _kind_markdown(diff, kind)
    lines += _timeline_markdown(diff)
    lines += _sources_markdown(diff)
    lines += _references_markdown(diff)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def _problems_markdown(diff: Diff) -> list[str]:
    lines: list[str] = []
    for side in (diff.head, diff.base):
        errors = side.errors
        if not errors:
            continue
        count = _plural(len(errors), "error")
        lead = f"`briefing check` fails with {count}:" if side is diff.head else f"Already {side.where}, {count}:"
        lines += [f"### Problems {side.where}", "", lead, ""]
        lines += [f"- {_code(str(problem))}" for problem in errors[:MAX_LISTED_PROBLEMS]]
        if len(errors) > MAX_LISTED_PROBLEMS:
            lines.append(f"- … and {len(errors) - MAX_LISTED_PROBLEMS} more")
        lines.append("")
    return lines


def _kind_markdown(diff: Diff, kind: str) -> list[str]:
    if not any(item.kind == kind for item in diff.items):
        return []
    lines = [f"### {kind.capitalize()}s", ""]
    for status in STATUSES:
        items = diff.of(kind, status)
        if not items:
            continue
        lines += [f"**{status.capitalize()}**", ""]
        for item in items:
            lines.append(f"- {_item_line(item)}")
            lines += [f"  - {_field_markdown(change)}" for change in item.changes]
            lines += [f"  - ⚠ {_md(note)}" for note in item.notes]
        lines.append("")
    return lines


def _item_line(item: ItemChange) -> str:
    name = f"{_code(item.old_id or '')} → {_code(item.id)}" if item.status == "renamed" else _code(item.id)
    title = f" — {_md(item.title)}" if item.title else ""
    draft = " (draft)" if item.draft else ""
    return f"{name}{title}{draft}"


def _field_markdown(change: FieldChange) -> str:
    name = _code(change.field)
    if change.kind == "value":
        return f"{name}: {_or_none(change.old)} → {_or_none(change.new)}"
    if change.kind == "list":
        parts = []
        if change.added:
            parts.append("added " + ", ".join(_code(value) for value in change.added))
        if change.removed:
            parts.append("removed " + ", ".join(_code(value) for value in change.removed))
        return f"{name}: {'; '.join(parts)}"
    if change.old is None:
        return f"{name}: added ({_plural(len((change.new or '').split()), 'word')})"
    if change.new is None:
        return f"{name}: removed ({_plural(len(change.old.split()), 'word')})"
    return f"{name}: {_words_markdown(change.words)}"


def _words_markdown(runs: tuple[tuple[str, str], ...]) -> str:
    """Changed words with a few words of context: kept … ~~removed~~ **added** kept …"""
    shown = []
    for index, (op, text) in enumerate(runs):
        if op == "-":
            shown.append(f"~~{_md(text)}~~")
        elif op == "+":
            shown.append(f"**{_md(text)}**")
        else:
            words = text.split()
            first, last = index == 0, index == len(runs) - 1
            keep_head = [] if first else words[:CONTEXT_WORDS]
            keep_tail = [] if last else words[-CONTEXT_WORDS:]
            if len(words) <= len(keep_head) + len(keep_tail) or (first and last):
                shown.append(_md(text))
                continue
            pieces = []
            if keep_head:
                pieces.append(_md(" ".join(keep_head)))
            pieces.append("…")
            if keep_tail:
                pieces.append(_md(" ".join(keep_tail)))
            shown.append(" ".join(pieces))
    return " ".join(shown)


def _timeline_markdown(diff: Diff) -> list[str]:
    if not diff.timeline:
        return []
    lines = ["### Timeline", "", "| event | date | moves |", "| --- | --- | --- |"]
    for move in diff.timeline:
        where = []
        if move.old_period != move.new_period:
            where.append(f"{_md(move.old_period)} → {_md(move.new_period)}")
        where.append(f"now after {_code(move.after)}" if move.after else "now first")
        dates = f"{_md(move.old_shown)} → {_md(move.new_shown)}"
        lines.append(f"| {_code(move.event)} | {dates} | {'; '.join(where)} |")
    return [*lines, ""]


def _sources_markdown(diff: Diff) -> list[str]:
    if not diff.sources:
        return []
    lines = ["### Sources and grades", "", "| event | source | change |", "| --- | --- | --- |"]
    for change in diff.sources:
        if change.change == "grade":
            what = f"grade {_or_none(change.old_grade)} → {_or_none(change.new_grade)}"
        else:
            grade = change.new_grade if change.change == "added" else change.old_grade
            what = f"{change.change}, {_code(grade) if grade else 'ungraded'}"
        lines.append(f"| {_code(change.event)} | {_code(change.source)} {_md(change.title)} | {what} |")
    return [*lines, ""]


def _references_markdown(diff: Diff) -> list[str]:
    lines: list[str] = []
    if diff.broken:
        lines += ["### References broken", ""]
        for ref in diff.broken:
            lines.append(
                f"- {ref.from_kind} {_code(ref.from_id)} → {ref.to_kind} {_code(ref.to_id)} "
                f"({_md(ref.field)}): {_md(ref.reason)}"
            )
        lines.append("")
    if diff.created:
        lines += ["### References created", ""]
        grouped: dict[tuple[str, str], list[str]] = {}
        for ref in diff.created:
            grouped.setdefault((ref.from_kind, ref.from_id), []).append(f"{ref.to_kind} {_code(ref.to_id)}")
        for (kind, ident), targets in grouped.items():
            lines.append(f"- {kind} {_code(ident)} → {', '.join(dict.fromkeys(targets))}")
        lines.append("")
    return lines
