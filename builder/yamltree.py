"""YAML text → a tree of values that remember where they were written.

Our own composer over libyaml's events builds `Mapping`, `Sequence` and
`Scalar` values, each with its line and column, and enforces the YAML-level
rules of CONTENT-MODEL.md: one document, no anchors or aliases (never
expanded, so an alias bomb cannot grow), only standard tags, no duplicate
keys, a depth limit. It never interprets a field: every scalar keeps the
text as written next to what YAML 1.1 would have made of it, so whether
`NO` is a fine value for `country` is validation's to say.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from typing import Any, Literal

import yaml
from yaml.events import AliasEvent, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent, StreamEndEvent
from yaml.resolver import Resolver

from builder.errors import Problem
from builder.kinds import DocumentKind
from builder.memo import MEMOS, Memo
from builder.yamlerrors import explain

MAX_DEPTH = 20


# Anchors and aliases reported one by one per file before a single summary line:
# an alias bomb would otherwise print tens of thousands of identical lines.
MAX_ALIAS_PROBLEMS = 20


# YAML's line breaks (libyaml counts lines and columns by these), for turning
# an offset in a file's text into the line and column a problem names.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


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


@dataclass(slots=True)
class Scalar:
    """A scalar as written: `text` is the characters, `kind` what YAML 1.1 reads.

    Not frozen, though nothing changes one: a frozen dataclass sets each field
    through `object.__setattr__`, and a 10,000-event tree makes 900,000 of these.
    """

    text: str
    kind: ScalarKind
    line: int
    column: int
    style: str = ""
    end_line: int = 0
    end_column: int = 0


@dataclass(frozen=True, slots=True)
class Mapping:
    """A mapping whose keys are the texts of the keys as written."""

    items: dict[str, tuple[Scalar, Node]]
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Sequence:
    items: list[Node]
    line: int
    column: int


Node = Scalar | Mapping | Sequence


def line_starts(text: str) -> list[int]:
    """The offset of each line's first character, lines broken as YAML breaks them."""
    # The usual file breaks lines with "\n" only. Looking for each other break
    # with `in` is far faster than a regular expression: a text with no
    # character beyond ASCII is not even scanned for "\x85" and the like.
    if not any(other in text for other in _OTHER_BREAKS):
        return newline_starts(text)
    return [0] + [m.end() for m in _LINE_BREAK.finditer(text)]


def newline_starts(text: str) -> list[int]:
    """The offset of each line's first character, lines broken at "\n" only.

    Each start is the previous one plus the line's length and its break,
    summed in C (`map` and `accumulate`, no Python loop): validation asks for
    the lines of every file with a link in it.
    """
    return [0, *itertools.accumulate(map(_plus_one, map(len, text.split("\n")[:-1])))]


_plus_one = (1).__add__


_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


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


class _Composer:
    """Our YAML values straight from libyaml's events, with the content model's rules.

    One pass over the parser's events builds `Scalar`, `Mapping` and
    `Sequence` values (PyYAML's Python composer would first build its own
    nodes for us to convert, at twice the cost). libyaml's own composer is
    not used because it resolves aliases silently and forgets anchors, and
    both must be reported; here aliases are never expanded, so an alias
    bomb cannot grow in memory.

    Problems come in two lists, in the order PyYAML's composer and then a
    conversion of its nodes would give them: `composed` (anchors, aliases,
    tags) and `converted` (duplicate, merge and non-scalar keys). What sits
    under a refused tag, or under a refused key, is composed (its anchors
    and tags are still reported) but not converted.

    Each value is composed from an event already taken from the parser:
    a mapping or list reads its next event and hands it on, instead of
    peeking at it first (`check_event`) and taking it again below: there
    are about a hundred events per file, so a call saved per event counts.
    """

    def __init__(self, text: str, path: str) -> None:
        self.parser = _Parser(text)
        # libyaml's events and marks are untyped in the stubs, hence `Any` below.
        self.next_event: Any = self.parser.get_event
        self.path = path
        self.composed: list[Problem] = []
        self.converted: list[Problem] = []
        self.depth = 0
        self.alias_problems = 0

    def _problem(self, mark: Any, message: str) -> None:
        self.composed.append(Problem(self.path, mark.line + 1, mark.column + 1, message))

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

    def single_document(self) -> tuple[Node, str | None] | None:
        """The one document's root and, for a scalar root, its tag; None for an empty stream."""
        parser: Any = self.parser
        parser.get_event()  # stream start
        root = None
        if not parser.check_event(StreamEndEvent):
            document_start: Any = parser.get_event()
            root = self.node(parser.get_event(), top=True, convert=True)
            parser.get_event()  # document end
            if not parser.check_event(StreamEndEvent):
                event: Any = parser.get_event()
                raise yaml.composer.ComposerError(
                    "expected a single document in the stream",
                    document_start.start_mark,
                    "but found another document",
                    event.start_mark,
                )
        parser.get_event()  # stream end
        return root

    def node(self, event: Any, *, top: bool, convert: bool) -> tuple[Node, str | None]:
        """The value that starts with `event` and, for a scalar, its resolved tag (None when refused).

        `top` is true for the document's root, `convert` false under a refused
        tag or key.
        """
        if type(event) is ScalarEvent and event.tag is None and event.anchor is None:
            return _untagged_scalar(event)  # nearly every scalar: nothing to report
        start: Any = event.start_mark
        line, column = start.line + 1, start.column + 1
        if type(event) is AliasEvent:
            self._alias_problem(start, f"aliases (*{event.anchor}) are not allowed; write the value out in full")
            return Scalar("", "invalid", line, column), None
        if event.anchor is not None:
            self._alias_problem(
                start, f"anchors (&{event.anchor}) are not allowed; write the value out where it is used"
            )
        tag = event.tag
        refused = tag is not None and tag != "!" and tag not in _ALLOWED_TAGS
        if refused:
            self._problem(
                start,
                f"the tag '{_short_tag(tag)}' is not allowed; remove it (only !!str, !!int, "
                "!!float, !!bool, !!null, !!timestamp, !!seq and !!map are)",
            )
        if type(event) is ScalarEvent:
            if refused:
                return Scalar("", "invalid", line, column), None
            if tag is None:
                return _untagged_scalar(event)
            if tag == "!":  # YAML's non-specific tag: the value is a string, whatever it looks like
                tag = _STR
            return _tagged_scalar(event, tag), tag
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeep(line, column)
        # A collection under a refused tag is an "invalid" scalar, except the top-level
        # mapping, kept so that its fields are still checked.
        keep = not refused or (top and type(event) is MappingStartEvent)
        inner = convert and keep
        result: Node
        if type(event) is MappingStartEvent:
            result = self._mapping(line, column, inner)
        else:
            result = self._sequence(line, column, inner)
        self.depth -= 1
        if not keep:
            return Scalar("", "invalid", line, column), None
        return result, None

    def _sequence(self, line: int, column: int, convert: bool) -> Sequence:
        next_event = self.next_event
        node = self.node
        items = []
        while type(event := next_event()) is not SequenceEndEvent:
            items.append(node(event, top=False, convert=convert)[0])
        return Sequence(items, line, column)

    def _mapping(self, line: int, column: int, convert: bool) -> Mapping:
        next_event = self.next_event
        node = self.node
        items: dict[str, tuple[Scalar, Node]] = {}
        problems = self.converted
        path = self.path
        while type(event := next_event()) is not MappingEndEvent:
            key, key_tag = node(event, top=False, convert=convert)
            if not convert:
                node(next_event(), top=False, convert=False)
                continue
            accepted = False
            if key_tag == _MERGE:
                problems.append(
                    Problem(path, key.line, key.column, "merge keys (<<) are not allowed; write the fields out in full")
                )
            elif isinstance(key, Scalar) and key.kind == "invalid":
                pass  # its tag is already reported
            elif not isinstance(key, Scalar):
                problems.append(Problem(path, key.line, key.column, "a key must be a plain name, e.g. 'title'"))
            elif key.text in items:
                first = items[key.text][0]
                problems.append(
                    Problem(
                        path,
                        key.line,
                        key.column,
                        f"'{key.text}' is given twice in this mapping (first on line {first.line}); keep one",
                    )
                )
            else:
                accepted = True
            value = node(next_event(), top=False, convert=accepted)[0]
            if accepted:
                assert isinstance(key, Scalar)
                items[key.text] = (key, value)
        return Mapping(items, line, column)


_STR = _YAML + "str"
_MERGE = _YAML + "merge"
_IMPLICIT: dict[str | None, list[tuple[str, re.Pattern[str]]]] = Resolver.yaml_implicit_resolvers
_IMPLICIT_SEEN: Memo[str, str] = MEMOS.memo()
"""Plain scalars already resolved: keys, ids and dates repeat in every file."""


def _implicit_tag(value: str) -> str:
    """The tag YAML 1.1 gives a plain scalar, as PyYAML's resolver decides it."""
    tag = _IMPLICIT_SEEN.get(value)
    if tag is None:
        tag = _STR
        for candidate, pattern in _IMPLICIT.get(value[0] if value else "", []) + _IMPLICIT.get(None, []):
            if pattern.match(value):
                tag = candidate
                break
        _IMPLICIT_SEEN.keep(value, tag)
    return tag


def _untagged_scalar(event: Any) -> tuple[Scalar, str]:
    """A scalar with no tag written and its tag: a plain one's as YAML 1.1 resolves it, else str."""
    value = event.value
    # Nearly every scalar comes here, so a value already resolved is looked up inline.
    tag = (_IMPLICIT_SEEN.get(value) or _implicit_tag(value)) if event.implicit[0] else _STR
    return _tagged_scalar(event, tag), tag


def _tagged_scalar(event: Any, tag: str) -> Scalar:
    """The `Scalar` of a scalar event whose tag is decided."""
    start, end = event.start_mark, event.end_mark
    return Scalar(event.value, _SCALAR_KINDS.get(tag, "invalid"), start.line + 1, start.column + 1,
                   event.style or "", end.line + 1, end.column + 1)  # fmt: skip


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML) :] if tag.startswith(_YAML) else tag


def parse_yaml(text: str, path: str, problems: list[Problem], *, kind: DocumentKind = "event") -> Mapping | None:
    """One YAML document whose top level is a mapping, or None and the problems why."""
    composer = _Composer(text, path)
    try:
        document = composer.single_document()
    except _TooDeep as deep:
        problems.extend(composer.composed)
        problems.append(_too_deep(path, deep.line, deep.column))
        return None
    except yaml.MarkedYAMLError as error:
        problems.extend(composer.composed)
        problems.append(_syntax_problem(path, text, error))
        return None
    except yaml.reader.ReaderError as error:
        problems.extend(composer.composed)
        problems.append(_unacceptable_character(path, text, error))
        return None
    except yaml.YAMLError as error:  # pragma: no cover - every parser error carries a mark
        problems.extend(composer.composed)
        problems.append(Problem(path, 1, 1, f"YAML error: {error}"))
        return None
    problems.extend(composer.composed)
    if document is None or (document[1] == _YAML + "null" and isinstance(document[0], Scalar) and not document[0].text):
        problems.append(Problem(path, 1, 1, _empty_message(text, kind)))
        return None
    root = document[0]
    problems.extend(composer.converted)
    if not isinstance(root, Mapping):
        problems.append(
            Problem(path, root.line, root.column, "the top level must be a mapping of fields, e.g. 'title: …'")
        )
        return None
    return root


def _unacceptable_character(path: str, text: str, error: yaml.reader.ReaderError) -> Problem:
    """A character YAML refuses to read (a control character, U+FFFE, U+FFFF), where it is typed.

    libyaml names the character and a byte offset; the reader stops at the
    first such character, so its first occurrence in the text is the one.
    """
    character = chr(error.character) if isinstance(error.character, int) else str(error.character)
    offset = text.find(character)
    line, column = 1, 1
    if offset >= 0:
        starts = line_starts(text)
        line = bisect.bisect_right(starts, offset)
        column = offset - starts[line - 1] + 1
    code = ord(character[:1] or "\0")
    what = "noncharacter" if code in (0xFFFE, 0xFFFF) else "control character"
    return Problem(path, line, column, f"the {what} U+{code:04X} may not be written in a content file; remove it")


def _empty_message(text: str, kind: DocumentKind) -> str:
    what = "tag definitions such as 'security: {title: Security}'" if kind == "tags" else "the fields of one item"
    if "#" in text:  # nothing parsed, so any '#' starts a comment
        return f"the file holds only comments; write {what}, or delete the file"
    return f"the file is empty; write {what}, or delete the file"


def _too_deep(path: str, line: int, column: int) -> Problem:
    return Problem(path, line, column, f"nested deeper than {MAX_DEPTH} levels; flatten the structure")


def _syntax_problem(path: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if error.problem == "exceeded maximum nesting depth":  # libyaml's own limit, far beyond ours
        return _too_deep(path, line, column)
    if error.problem == "but found another document":
        return Problem(
            path, line, column, "a second YAML document ('---'); one file holds one item: move it to its own file"
        )
    explained = explain(text, error)
    return Problem(path, explained.line, explained.column, explained.message)
