"""Read content/ into YAML values that remember where they were written.

This stage owns the files and the YAML: which files are content, how they
decode, how YAML reads them, and the YAML-level rules of CONTENT-MODEL.md
(one document, no anchors or aliases, only standard tags, no duplicate keys,
size and depth limits). It never interprets a field: whether `NO` is a fine
value for `country` is for validation to say, so every scalar keeps the text
as written next to what YAML would have made of it.
"""

from __future__ import annotations

import bisect
import os
import re
import stat
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Any, Literal

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.nodes import Node as YamlNode
from yaml.resolver import Resolver

from builder.errors import Problem

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 20
# Anchors and aliases reported one by one per file before a single summary line:
# an alias bomb would otherwise print tens of thousands of identical lines.
MAX_ALIAS_PROBLEMS = 20
# YAML's line breaks (libyaml counts lines and columns by these), for turning
# an offset in a file's text into the line and column a problem names.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
KIND_FOLDERS = {"events": "event", "actors": "actor", "briefings": "briefing"}
TAGS_FILE = "tags.yaml"

DocumentKind = Literal["event", "actor", "briefing", "tags"]
ScalarKind = Literal["str", "int", "float", "bool", "null", "timestamp", "invalid"]

_YAML = "tag:yaml.org,2002:"
_SCALAR_KINDS: dict[str, ScalarKind] = {
    _YAML + "str": "str",
    _YAML + "int": "int",
    _YAML + "float": "float",
    _YAML + "bool": "bool",
    _YAML + "null": "null",
    _YAML + "timestamp": "timestamp",
}
_ALLOWED_TAGS = {*_SCALAR_KINDS, _YAML + "seq", _YAML + "map"}
_INVALID_TAG = "!briefing/invalid"


@dataclass(frozen=True)
class Scalar:
    """A scalar as written: `text` is the characters, `kind` what YAML 1.1 reads."""

    text: str
    kind: ScalarKind
    line: int
    column: int
    style: str = ""
    end_line: int = 0
    end_column: int = 0

    @property
    def is_plain(self) -> bool:
        return self.style in ("", None)


@dataclass(frozen=True)
class Mapping:
    """A mapping whose keys are the texts of the keys as written."""

    items: dict[str, tuple[Scalar, Node]]
    line: int
    column: int


@dataclass(frozen=True)
class Sequence:
    items: list[Node]
    line: int
    column: int


Node = Scalar | Mapping | Sequence


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
            self._starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]
        return self._starts


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
    root = display_root if display_root is not None else Path.cwd()
    result = LoadResult([], [])
    for path, kind in _content_files(content_dir, root, result.problems):
        result.documents.append(_load_document(path, kind, _display(path, root), result.problems))
    return result


def _display(path: Path, root: Path) -> str:
    """The path as a curator's editor shows it; a name that is not UTF-8 is escaped, not fatal."""
    return _printable(Path(os.path.relpath(path, root)).as_posix())


def _printable(name: str) -> str:
    """A file name that is not UTF-8 (kept by Python as surrogates) with its bad bytes escaped."""
    return os.fsencode(name).decode("utf-8", errors="backslashreplace")


def _content_files(content_dir: Path, root: Path, problems: list[Problem]) -> list[tuple[Path, DocumentKind]]:
    """Classify every entry under content/ as content, a mistake, or noise."""
    found: list[tuple[Path, DocumentKind]] = []
    stack = [content_dir]
    while stack:
        folder = stack.pop()
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
            path = Path(entry.path)
            relative = path.relative_to(content_dir)
            shown = _display(path, root)
            try:
                mode = os.lstat(path).st_mode
            except OSError as error:
                problems.append(Problem(shown, 1, 1, f"cannot be read ({error.strerror}); fix or remove it"))
                continue
            if stat.S_ISLNK(mode):
                problems.append(
                    Problem(
                        shown,
                        1,
                        1,
                        "a symbolic link, which is never followed; put the file or folder "
                        "itself here, or remove the link",
                    )
                )
            elif stat.S_ISDIR(mode):
                stack.append(path)
            elif not stat.S_ISREG(mode):
                problems.append(Problem(shown, 1, 1, "not a regular file (a pipe, socket or device); remove it"))
            else:
                kind = _classify(relative, shown, problems)
                if kind is not None:
                    found.append((path, kind))
    found.sort(key=lambda item: item[0].relative_to(content_dir).as_posix())
    return found


def _classify(relative: Path, shown: str, problems: list[Problem]) -> DocumentKind | None:
    """The kind of a content file from its place, or a problem that says where it belongs."""
    suffix = relative.suffix
    top = relative.parts[0]
    if suffix.lower() in (".yaml", ".yml") and suffix != ".yaml":
        problems.append(Problem(shown, 1, 1, f"content files end in '.yaml'; rename it to '{relative.stem}.yaml'"))
        return None
    if suffix != ".yaml":
        problems.append(
            Problem(
                shown,
                1,
                1,
                "ignored: only .yaml files in events/, actors/ and briefings/, and tags.yaml, are content",
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


def _misplaced_message(relative: Path) -> str:
    if len(relative.parts) == 1:
        # A strict cutoff: `tag.yaml` is a typo for tags.yaml, `events.yaml` is not.
        if get_close_matches(relative.name, [TAGS_FILE], n=1, cutoff=0.8):
            return f"'{relative.name}' is not a content file; did you mean '{TAGS_FILE}'?"
        return (
            f"'{relative.name}' is outside events/, actors/ and briefings/; move it into the "
            f"folder for its kind, e.g. events/{relative.name}"
        )
    close = get_close_matches(relative.parts[0], list(KIND_FOLDERS), n=1, cutoff=0.6)
    rest = "/".join(relative.parts[1:])
    hint = f"did you mean '{close[0]}/{rest}'?" if close else f"move it to the folder for its kind, e.g. events/{rest}"
    return f"'{relative.parts[0]}/' is not a content folder (events/, actors/, briefings/); {hint}"


def _load_document(path: Path, kind: DocumentKind, shown: str, problems: list[Problem]) -> Document:
    stem = _printable(path.name)[: -len(".yaml")]
    broken = Document(shown, kind, stem, Mapping({}, 1, 1), broken=True)
    data = _read(path, shown, problems)
    if data is None:
        return broken
    text = _decode(data, shown, problems)
    if text is None:
        return broken
    root = parse_yaml(text, shown, problems, kind=kind)
    if root is None:
        return broken
    return Document(shown, kind, stem, root, text)


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
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        problems.append(_too_large(shown, len(data)))
        return None
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


class _TooDeep(Exception):
    def __init__(self, line: int, column: int) -> None:
        super().__init__()
        self.line = line
        self.column = column


try:
    from yaml._yaml import CParser as _Parser  # libyaml: the fast path, used by every wheel
except ImportError:  # pragma: no cover - a PyYAML built without libyaml
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _PyParser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _PyParser.__init__(self)


class _StrictLoader(Composer, _Parser, Resolver):
    """PyYAML's composer with the content model's YAML rules added.

    Python's composer over libyaml's events: the C composer would resolve
    aliases silently and forget anchors, and we must report both. Aliases are
    never expanded, so an alias bomb cannot grow in memory.
    """

    def __init__(self, text: str, path: str, problems: list[Problem]) -> None:
        _Parser.__init__(self, text)
        Composer.__init__(self)
        Resolver.__init__(self)
        self.path = path
        self.problems = problems
        self.depth = 0
        self.alias_problems = 0

    # libyaml's events and marks are untyped in the stubs, hence `Any` below.
    def _problem(self, mark: Any, message: str) -> None:
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))

    def _alias_problem(self, mark: Any, message: str) -> None:
        """Report anchors and aliases one by one up to a limit, then once for the rest."""
        self.alias_problems += 1
        if self.alias_problems <= MAX_ALIAS_PROBLEMS:
            self._problem(mark, message)
        elif self.alias_problems == MAX_ALIAS_PROBLEMS + 1:
            self._problem(
                mark,
                "more anchors (&) and aliases (*) from here on are not reported one by one; "
                "write every value out in full",
            )

    def compose_node(self, parent: YamlNode | None, index: int) -> YamlNode:
        event: Any
        if self.check_event(AliasEvent):
            event = self.get_event()
            self._alias_problem(
                event.start_mark,
                f"aliases (*{event.anchor}) are not allowed; write the value out in full",
            )
            return ScalarNode(_INVALID_TAG, "", event.start_mark, event.end_mark)
        event = self.peek_event()
        if event.anchor is not None:
            self._alias_problem(
                event.start_mark,
                f"anchors (&{event.anchor}) are not allowed; write the value out where it is used",
            )
            event.anchor = None  # reported once; the composer must not register it
        tag = event.tag
        if tag is not None and tag != "!" and tag not in _ALLOWED_TAGS:
            self._problem(
                event.start_mark,
                f"the tag '{_short_tag(tag)}' is not allowed; remove it (only !!str, !!int, "
                "!!float, !!bool, !!null, !!timestamp, !!seq and !!map are)",
            )
        if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                mark: Any = event.start_mark
                raise _TooDeep(mark.line + 1, mark.column + 1)
            node = super().compose_node(parent, index)
            self.depth -= 1
        else:
            node = super().compose_node(parent, index)
        assert node is not None  # compose_node is only called where an event exists
        if tag is not None and tag != "!" and tag not in _ALLOWED_TAGS:
            node.tag = _INVALID_TAG
        return node

    def compose_scalar_node(self, anchor: object) -> ScalarNode:
        event: Any = self.get_event()
        if not isinstance(event, ScalarEvent):  # pragma: no cover - the composer asks only at a scalar
            raise yaml.composer.ComposerError(None, None, "expected a scalar", None)
        start: Any = event.start_mark
        end: Any = event.end_mark
        tag = event.tag
        if tag == "!":  # YAML's non-specific tag: the value is a string, whatever it looks like
            tag = _YAML + "str"
        if tag is None:
            resolver: Any = self  # Resolver.resolve is untyped in the stubs
            tag = resolver.resolve(ScalarNode, event.value, event.implicit)
        return ScalarNode(tag, event.value, start, end, style=event.style)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML) :] if tag.startswith(_YAML) else tag


def parse_yaml(text: str, path: str, problems: list[Problem], *, kind: DocumentKind = "event") -> Mapping | None:
    """One YAML document whose top level is a mapping, or None and the problems why."""
    loader = _StrictLoader(text, path, problems)
    try:
        node = loader.get_single_node()
    except _TooDeep as deep:
        problems.append(_too_deep(path, deep.line, deep.column))
        return None
    except yaml.MarkedYAMLError as error:
        problems.append(_syntax_problem(path, error))
        return None
    except yaml.YAMLError as error:  # pragma: no cover - every parser error carries a mark
        problems.append(Problem(path, 1, 1, f"YAML error: {error}"))
        return None
    finally:
        loader.dispose()
    if node is None or (isinstance(node, ScalarNode) and node.tag == _YAML + "null" and not node.value):
        problems.append(Problem(path, 1, 1, _empty_message(text, kind)))
        return None
    converted = _convert(node, path, problems, top=True)
    if not isinstance(converted, Mapping):
        problems.append(
            Problem(
                path,
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                "the top level must be a mapping of fields, e.g. 'title: …'",
            )
        )
        return None
    return converted


def _empty_message(text: str, kind: DocumentKind) -> str:
    what = "tag definitions such as 'security: {title: Security}'" if kind == "tags" else "the fields of one item"
    if "#" in text:  # nothing parsed, so any '#' starts a comment
        return f"the file holds only comments; write {what}, or delete the file"
    return f"the file is empty; write {what}, or delete the file"


def _too_deep(path: str, line: int, column: int) -> Problem:
    return Problem(path, line, column, f"nested deeper than {MAX_DEPTH} levels; flatten the structure")


def _syntax_problem(path: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if error.problem == "exceeded maximum nesting depth":  # libyaml's own limit, far beyond ours
        return _too_deep(path, line, column)
    if error.problem == "but found another document":
        return Problem(
            path, line, column, "a second YAML document ('---'); one file holds one item: move it to its own file"
        )
    detail = error.problem or "invalid YAML"
    if error.context:
        detail = f"{detail} ({error.context})"
    hint = _SYNTAX_HINTS.get(error.problem or "")
    return Problem(path, line, column, f"YAML syntax error: {detail}{'; ' + hint if hint else ''}")


_COLON_HINT = "a ': ' inside a value starts a new field: put the value in quotes, or check the indentation"
_SYNTAX_HINTS = {
    "mapping values are not allowed here": _COLON_HINT,
    "mapping values are not allowed in this context": _COLON_HINT,
    "found character '\\t' that cannot start any token": "indent with spaces, not tabs",
    "found a tab character that violates indentation": "indent with spaces, not tabs",
}


def _convert(node: YamlNode, path: str, problems: list[Problem], *, top: bool = False) -> Node:
    """PyYAML's node → ours. A value under a refused tag, already reported, becomes an
    "invalid" scalar that validation passes over (no second message about its shape);
    the top level keeps its mapping so that its fields are still checked."""
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if node.tag == _INVALID_TAG and not (top and isinstance(node, MappingNode)):
        return Scalar("", "invalid", line, column)
    if isinstance(node, MappingNode):
        return _convert_mapping(node, path, problems)
    if isinstance(node, SequenceNode):
        return Sequence([_convert(item, path, problems) for item in node.value], line, column)
    assert isinstance(node, ScalarNode)
    kind = _SCALAR_KINDS.get(node.tag, "invalid")
    end = node.end_mark
    return Scalar(node.value, kind, line, column, node.style or "", end.line + 1, end.column + 1)


def _convert_mapping(node: MappingNode, path: str, problems: list[Problem]) -> Mapping:
    items: dict[str, tuple[Scalar, Node]] = {}
    for key_node, value_node in node.value:
        key = _convert(key_node, path, problems)
        if key_node.tag == _YAML + "merge":
            problems.append(
                Problem(path, key.line, key.column, "merge keys (<<) are not allowed; write the fields out in full")
            )
            continue
        if isinstance(key, Scalar) and key.kind == "invalid":
            continue  # its tag is already reported
        if not isinstance(key, Scalar):
            problems.append(Problem(path, key.line, key.column, "a key must be a plain name, e.g. 'title'"))
            continue
        if key.text in items:
            first = items[key.text][0]
            problems.append(
                Problem(
                    path,
                    key.line,
                    key.column,
                    f"'{key.text}' is given twice in this mapping (first on line {first.line}); keep one",
                )
            )
            continue
        items[key.text] = (key, _convert(value_node, path, problems))
    return Mapping(items, node.start_mark.line + 1, node.start_mark.column + 1)
