"""The stages in order, as the command line and the MkDocs plugin both run them.

content files → load → validate → index. Keeping this sequence in one
function is what makes `briefing check` and a build agree on every problem.
Loading hands validation one file at a time, so only one file's YAML values
are held at once, whatever the size of the tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from builder.errors import Problem, sort_problems
from builder.index import Site, build_site
from builder.kinds import PAGE
from builder.loading import Document, content_files, iter_content, load_document
from builder.validation import Checked, check_item, validate


@dataclass
class Result:
    """A site when the content has no errors, and every problem found either way."""

    site: Site | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def load_site(
    content_dir: Path, *, root: Path | None = None, drafts: bool = False, kept: KeptFiles | None = None
) -> Result:
    """Load, validate and index a content folder; never raises on bad content.

    With `kept` (the live preview), files unchanged since the last call are not
    read or checked again.
    """
    if not content_dir.is_dir():
        shown = content_dir.as_posix()
        return Result(None, [Problem(shown, 1, 1, "the content folder does not exist")])
    load_problems: list[Problem] = []
    documents: Iterator[Document | Checked]
    if kept is None:
        documents = iter_content(content_dir, load_problems, display_root=root)
    else:
        documents = kept.documents(content_dir, load_problems, display_root=root)
    content, problems = validate(documents)
    problems = load_problems + problems
    if any(p.is_error for p in problems):
        return Result(None, sort_problems(problems))
    site, warnings = build_site(content, drafts=drafts)
    return Result(site, sort_problems(problems + warnings))


@dataclass(frozen=True)
class _Kept:
    stamp: tuple[int, int, int, int] | None
    problems: list[Problem]
    checked: Checked


class KeptFiles:
    """Each event, actor and briefing file's first pass, kept across a live preview's rebuilds.

    A save changes one file, so a rebuild reads and checks only that one again:
    the others' work would be most of the rebuild. A file's first pass (`validation.check_item`, done with
    nothing claimed, so it depends on the file alone) is reused while its size,
    modification and change times and inode are unchanged; the second pass, over references
    between files, always runs. tags.yaml and unreadable files are always read.
    """

    def __init__(self) -> None:
        self.files: dict[str, _Kept] = {}

    def documents(
        self, content_dir: Path, problems: list[Problem], *, display_root: Path | None = None
    ) -> Iterator[Document | Checked]:
        """What `loading.iter_content` gives, in its order, with a kept first pass in place of
        each unchanged file; a deleted file is forgotten."""
        root = display_root if display_root is not None else Path.cwd()
        seen: dict[str, _Kept] = {}
        for path, kind, shown, relative in content_files(content_dir, root, problems):
            stamp = _stamp(path)
            kept = self.files.get(shown)
            if kept is not None and stamp is not None and kept.stamp == stamp:
                seen[shown] = kept
                problems.extend(kept.problems)
                yield kept.checked
                continue
            file_problems: list[Problem] = []
            document = load_document(path, kind, shown, file_problems, relative)
            problems.extend(file_problems)
            if document.broken or document.kind in ("tags", PAGE):
                yield document
                continue
            seen[shown] = _Kept(stamp, file_problems, check_item(document, {}))
            yield seen[shown].checked
        self.files = seen


def _stamp(path: Path) -> tuple[int, int, int, int] | None:
    """What changes whenever a file's content does. The change time too, because tools
    that copy or check out files may set the modification time back. Taken before
    the file is read: a change while it is read shows at the next rebuild."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino)
