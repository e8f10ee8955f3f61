"""Read content/ into documents: which files are content, their bytes and their YAML.

This stage owns the files: which entries under content/ are content files
(by folder and suffix; links, special files, hidden names and misplaced
files are reported or skipped), the size limit, UTF-8, and each file's YAML
tree (`yamltree.parse_yaml`). A content folder kept elsewhere than on disk
(a git revision) is loaded the same way by `load_stored`.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import BinaryIO

from builder.errors import Problem, nearest
from builder.kinds import FILE_KINDS, PAGE, PAGE_SUFFIX, TAGS_FILE, DocumentKind
from builder.yamltree import Mapping, line_starts, parse_yaml

MAX_FILE_BYTES = 2 * 1024 * 1024


KIND_FOLDERS = {kind.folder: kind.name for kind in FILE_KINDS}


@dataclass
class Document:
    """One content file: its kind, the id its name gives, and its YAML root.

    A file that could not be read or parsed is still a document, `broken`
    and with an empty root: its problem is already reported, and its id
    must still count as known, or every reference to it would be reported
    as unknown too.
    """

    path: str
    kind: DocumentKind
    stem: str
    root: Mapping
    text: str = field(repr=False, default="")
    broken: bool = False
    body_start: int = 0
    """A page's: where its Markdown starts in `text`, after the front matter (`root`)."""
    _starts: list[int] | None = field(default=None, init=False, repr=False, compare=False)

    def offset(self, line: int, column: int) -> int:
        """The index in `text` of a 1-based line and column, as YAML counts them."""
        starts = self._line_starts()
        index = min(max(line, 1), len(starts)) - 1
        return min(starts[index] + column - 1, len(self.text))

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of an index in `text`."""
        starts = self._line_starts()
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def _line_starts(self) -> list[int]:
        # Computed once per file: validation asks for positions of every link it finds.
        if self._starts is None:
            self._starts = line_starts(self.text)
        return self._starts


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a stage builds many long-lived objects.

    Loading makes about a hundred values per file and keeps them all, and
    validation a model of them; with the collector on, its generations would
    fill and empty over and over, walking every value kept so far, so a large
    tree would spend more time in collections than in parsing. Our values hold no reference cycles, so
    reference counting frees them. At the end they are frozen (moved where
    collections no longer walk them, `gc.freeze`); the next stage that
    pauses unfreezes the previous run's values first, so in the live preview
    they are collectable again once a rebuild has replaced them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    gc.unfreeze()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


@dataclass
class LoadResult:
    documents: list[Document]
    problems: list[Problem]


def load_content(content_dir: Path, *, display_root: Path | None = None) -> LoadResult:
    """Walk `content_dir` in a fixed order and load every content file in it.

    Paths in documents and problems are relative to `display_root` (the
    repository root, or the working directory), because that is what a
    curator's editor and CI annotations understand.
    """
    result = LoadResult([], [])
    with paused_gc():
        result.documents.extend(iter_content(content_dir, result.problems, display_root=display_root))
    return result


def iter_content(content_dir: Path, problems: list[Problem], *, display_root: Path | None = None) -> Iterator[Document]:
    """The documents of `load_content` one at a time, in the same order, with the same problems.

    A caller that checks each document as it comes and then lets it go holds
    one file's YAML values at a time instead of the whole tree's (the
    command line's check of 100,000 events needed 4.5 GB otherwise).
    Problems with the walk come before the first document's, as in
    `load_content`.
    """
    root = display_root if display_root is not None else Path.cwd()
    for path, kind, shown, relative in content_files(content_dir, root, problems):
        yield load_document(path, kind, shown, problems, relative)


def _display(path: str, root: Path) -> str:
    """The path as a curator's editor shows it; a name that is not UTF-8 is escaped, not fatal."""
    return _printable(Path(os.path.relpath(path, root)).as_posix())


def _printable(name: str) -> str:
    """A file name that is not UTF-8 (kept by Python as surrogates) with its bad bytes escaped."""
    return os.fsencode(name).decode("utf-8", errors="backslashreplace")


def content_files(content_dir: Path, root: Path, problems: list[Problem]) -> list[tuple[Path, DocumentKind, str, str]]:
    """Classify every entry under content/ as content, a mistake, or noise.

    Each content file comes with its path as shown, worked out once here, and its path
    inside the content folder.
    Paths are strings joined by hand, each entry's path inside content/ being
    its folder's and its name: a `Path` object made and related for every
    entry costs more than the string work.
    """
    found: list[tuple[str, Path, DocumentKind, str]] = []  # sorted by the first: the path inside content/
    # Every entry is shown as the content folder's shown path joined with the entry's
    # path inside it: what `_display` gives, without an `os.path.relpath` per file.
    shown_content_dir = Path(os.path.relpath(content_dir, root)).as_posix()
    shown_prefix = "" if shown_content_dir == "." else shown_content_dir + "/"
    stack = [(str(content_dir), "")]  # a folder, and its path inside content/ with a final "/"
    while stack:
        folder, inside = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name, reverse=True)
        except OSError as error:
            problems.append(
                Problem(
                    _display(folder, root), 1, 1, f"the folder cannot be read ({error.strerror}); fix its permissions"
                )
            )
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            relative = inside + entry.name
            shown = _printable(shown_prefix + relative)
            try:
                mode = os.lstat(entry.path).st_mode
            except OSError as error:
                problems.append(Problem(shown, 1, 1, f"cannot be read ({error.strerror}); fix or remove it"))
                continue
            if stat.S_ISLNK(mode):
                problems.append(Problem(shown, 1, 1, _LINK_MESSAGE))
            elif stat.S_ISDIR(mode):
                stack.append((entry.path, relative + "/"))
            elif not stat.S_ISREG(mode):
                problems.append(Problem(shown, 1, 1, "not a regular file (a pipe, socket or device); remove it"))
            else:
                kind = _classify(Path(relative), shown, problems)
                if kind is not None:
                    found.append((relative, Path(entry.path), kind, shown))
    found.sort(key=lambda item: item[0])
    return [(path, kind, shown, relative) for relative, path, kind, shown in found]


_LINK_MESSAGE = "a symbolic link, which is never followed; put the file or folder itself here, or remove the link"


@dataclass(frozen=True)
class StoredFile:
    """A file of a content folder kept elsewhere than on disk (a git revision's tree):
    its path inside the folder, its size, and its bytes (None for a file over the
    size limit, whose bytes are never fetched); `link` for a symbolic link."""

    relative: str
    size: int
    data: bytes | None
    link: bool = False


def load_stored(files: list[StoredFile], shown_prefix: str) -> LoadResult:
    """A content folder that is not on disk, loaded as `load_content` loads one that is: the
    same files are content, mistakes or noise, with the same problems; paths are shown
    as `shown_prefix` + the path inside the folder."""
    result = LoadResult([], [])
    with paused_gc():
        for file in sorted(files, key=lambda stored: stored.relative):
            if any(part.startswith(".") for part in file.relative.split("/")):
                continue
            shown = _printable(shown_prefix + file.relative)
            if file.link:
                result.problems.append(Problem(shown, 1, 1, _LINK_MESSAGE))
                continue
            relative = Path(file.relative)
            kind = _classify(relative, shown, result.problems)
            if kind is None:
                continue
            data = file.data
            if file.size > MAX_FILE_BYTES or data is None:
                result.problems.append(_too_large(shown, file.size))
                data = None
            name = file.relative if kind == PAGE else relative.name
            result.documents.append(_document(name, kind, shown, data, result.problems))
    return result


def _classify(relative: Path, shown: str, problems: list[Problem]) -> DocumentKind | None:
    """The kind of a content file from its place, or a problem that says where it belongs."""
    suffix = relative.suffix
    top = relative.parts[0]
    if suffix == PAGE_SUFFIX:
        if len(relative.parts) > 1 and top in KIND_FOLDERS:
            problems.append(Problem(shown, 1, 1, _page_in_kind_folder_message(relative)))
            return None
        return PAGE
    if suffix.lower() in (".yaml", ".yml") and suffix != ".yaml":
        problems.append(Problem(shown, 1, 1, f"content files end in '.yaml'; rename it to '{relative.stem}.yaml'"))
        return None
    if suffix != ".yaml":
        problems.append(
            Problem(
                shown,
                1,
                1,
                "ignored: only .yaml files in events/, actors/ and briefings/, tags.yaml and .md pages are content",
                "warning",
            )
        )
        return None
    if len(relative.parts) == 1 and relative.name == TAGS_FILE:
        return "tags"
    if len(relative.parts) > 1 and top in KIND_FOLDERS:
        kind: DocumentKind = KIND_FOLDERS[top]  # type: ignore[assignment]
        return kind
    problems.append(Problem(shown, 1, 1, _misplaced_message(relative)))
    return None


def _page_in_kind_folder_message(relative: Path) -> str:
    return (
        f"a .md file in {relative.parts[0]}/ is neither an item nor a page: write the "
        f"{KIND_FOLDERS[relative.parts[0]]} as a .yaml file, or move the page out of {relative.parts[0]}/"
    )


def _misplaced_message(relative: Path) -> str:
    if len(relative.parts) == 1:
        # A strict cutoff: `tag.yaml` is a typo for tags.yaml, `events.yaml` is not.
        if get_close_matches(relative.name, [TAGS_FILE], n=1, cutoff=0.8):
            return f"'{relative.name}' is not a content file; did you mean '{TAGS_FILE}'?"
        return (
            f"'{relative.name}' is outside events/, actors/ and briefings/; move it into the "
            f"folder for its kind, e.g. events/{relative.name}"
        )
    folder = nearest(relative.parts[0], KIND_FOLDERS)
    rest = "/".join(relative.parts[1:])
    hint = f"did you mean '{folder}/{rest}'?" if folder else f"move it to the folder for its kind, e.g. events/{rest}"
    return f"'{relative.parts[0]}/' is not a content folder (events/, actors/, briefings/); {hint}"


def load_document(
    path: Path, kind: DocumentKind, shown: str, problems: list[Problem], relative: str | None = None
) -> Document:
    """One content file. A page's id is its path inside the content folder, `relative`."""
    name = relative if kind == PAGE and relative is not None else path.name
    return _document(name, kind, shown, _read(path, shown, problems), problems)


def _document(name: str, kind: DocumentKind, shown: str, data: bytes | None, problems: list[Problem]) -> Document:
    """A file's bytes as a document; None (unreadable) or bad bytes give a broken one, which
    still claims its name's id so that references to it are not reported as unknown too.
    `name` is the file's name, or a page's path inside the content folder (its id)."""
    stem = _printable(name).rpartition(".")[0]
    broken = Document(shown, kind, stem, Mapping({}, 1, 1), broken=True)
    if data is None:
        return broken
    text = _decode(data, shown, problems)
    if text is None:
        return broken
    if kind == PAGE:
        return _page_document(shown, stem, text, problems) or broken
    root = parse_yaml(text, shown, problems, kind=kind)
    if root is None:
        return broken
    return Document(shown, kind, stem, root, text)


def _page_document(shown: str, stem: str, text: str, problems: list[Problem]) -> Document | None:
    """A prose page: its front matter (MkDocs' style: a `---` line first, YAML, then a `---`
    or `...` line) as the document's root, and where its Markdown starts. The YAML is parsed
    with the lines before it blanked, so positions are the file's own."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return Document(shown, PAGE, stem, Mapping({}, 1, 1), text)
    close = next((n for n in range(1, len(lines)) if lines[n].rstrip() in ("---", "...")), None)
    if close is None:
        problems.append(
            Problem(shown, 1, 1, "the front matter that starts here never ends; close it with a line '---'")
        )
        return None
    front = "\n" + "".join(lines[1:close])
    body_start = sum(len(line) for line in lines[: close + 1])
    if not front.strip():
        return Document(shown, PAGE, stem, Mapping({}, 1, 1), text, body_start=body_start)
    root = parse_yaml(front, shown, problems, kind=PAGE)
    if root is None:
        return None
    return Document(shown, PAGE, stem, root, text, body_start=body_start)


def _read(path: Path, shown: str, problems: list[Problem]) -> bytes | None:
    """The bytes of a regular file, never following a link nor blocking on a pipe.

    The walk has already refused links and special files; opening with
    O_NOFOLLOW and O_NONBLOCK, then checking what was opened, keeps that
    true even if the entry is swapped between the walk and the read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        problems.append(Problem(shown, 1, 1, f"cannot be read ({error.strerror}); fix or remove it"))
        return None
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            problems.append(Problem(shown, 1, 1, "not a regular file (a pipe, socket or device); remove it"))
            return None
        if status.st_size > MAX_FILE_BYTES:
            problems.append(_too_large(shown, status.st_size))
            return None
        data = _read_at_most(file, MAX_FILE_BYTES + 1, status.st_size)
    if len(data) > MAX_FILE_BYTES:
        problems.append(_too_large(shown, len(data)))
        return None
    return data


def _read_at_most(file: BinaryIO, limit: int, size: int) -> bytes:
    """What `file.read(limit)` gives, asking first for the `size` the file had and one byte more.

    Python sets aside all the bytes asked for before reading, so asking every
    file for the 2 MiB limit would cost more than reading it. A
    file that has grown since its size was taken is read on, up to `limit`.
    """
    data = file.read(size + 1)
    if len(data) > size:
        data += file.read(limit - len(data))
    return data


def _too_large(shown: str, size: int) -> Problem:
    return Problem(
        shown,
        1,
        1,
        f"the file is {size:,} bytes, over the limit of 2 MiB ({MAX_FILE_BYTES:,} bytes); split it or shorten it",
    )


def _decode(data: bytes, shown: str, problems: list[Problem]) -> str | None:
    """UTF-8 with an optional byte-order mark; a bad byte is reported where it is."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        problems.append(
            Problem(
                shown,
                line,
                column,
                f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8",
            )
        )
        return None
