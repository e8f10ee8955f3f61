"""Loaded documents → the typed model, and every problem with it.

Two passes. The first checks each file on its own against the field tables
below (types, enumerations, dates, URLs, limits) and records every reference
to another item with its position. The second, once every id in the tree is
known, resolves those references, renames and relations. Nothing raises on
bad content: each check appends a Problem and the run goes on, so a curator
sees all of them at once.

The field tables are the schema: a field is validated where its table says,
and CONTENT-MODEL.md is checked against them by a test.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from builder.countries import COUNTRY_NAMES
from builder.dates import DateError, DateValue, end_before_start, parse_date
from builder.errors import NameIndex, Problem, did_you_mean, nearest
from builder.ids import ID_PATTERN as ID_PATTERN  # the id rule's home is builder/ids.py; re-exported
from builder.ids import MAX_ID_LENGTH as MAX_ID_LENGTH
from builder.ids import SCHEMA_PATTERN, WINDOWS_DEVICE_NAMES, device_name_message, is_valid_id, suggest_id
from builder.kinds import KIND_NAMES
from builder.limits import markdown_limits
from builder.links import FoundLink, check_link, cross_reference, is_http_url, link_targets
from builder.loading import Document, Mapping, Node, Scalar, Sequence, paused_gc
from builder.model import (
    ACTOR_KINDS,
    CONFIDENCE_LEVELS,
    CREDIBILITY,
    LIKELIHOODS,
    RELATIONS,
    RELIABILITY,
    Actor,
    ActorRelation,
    Briefing,
    Content,
    Event,
    Judgement,
    Link,
    Location,
    Participant,
    Quote,
    Related,
    Role,
    Selection,
    Source,
    Tag,
)

MAX_TITLE_LENGTH = 200
ORGANIZATION_KINDS = ("organization", "state", "group")
KIND_WORDS = {name: name for name in KIND_NAMES}

# Codes people write that ISO does not assign, and the code they mean.
_COUNTRY_MISTAKES = {"UK": "GB", "EL": "GR"}
# A coordinate as people write one: decimal degrees, no YAML 1.1 oddities
# (`1:30` is sexagesimal 90, `0x1F`, `.nan`), which would be silently wrong.
_DECIMAL = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")

_YAML_READS_AS = {
    "bool": "true/false",
    "int": "a number",
    "float": "a number",
    "null": "null (no value)",
    "timestamp": "a date",
}


class Reference(NamedTuple):
    """A mention of another item's id, kept with its place for the second pass.

    A named tuple rather than a frozen dataclass: a tree of 10,000 events
    makes a quarter of a million of them, and a tuple is made several times
    faster.
    """

    kind: str
    id: str
    path: str
    line: int
    column: int
    what: str = ""


@dataclass
class Context:
    """What the first pass learns about one file while checking it.

    `claimed` is every (kind, id) a file has claimed so far. A claim is never
    withdrawn, so a reference to a claimed id resolves in the second pass
    whatever comes later: it is not recorded (files are read in order, and
    actors/ comes before the events that name its actors).
    """

    path: str
    document: Document
    problems: list[Problem]
    references: list[Reference]
    claimed: dict[tuple[str, str], str]

    def problem(self, node: Node | Scalar, message: str) -> None:
        self.problems.append(Problem(self.path, node.line, node.column, message))

    def refer(self, kind: str, node: Scalar, what: str = "") -> str:
        if (kind, node.text) not in self.claimed:
            self.references.append(Reference(kind, node.text, self.path, node.line, node.column, what))
        return node.text


Check = Callable[[Node, str, Context], Any]
Schema = dict[str, Any]
C = TypeVar("C", bound=Callable[..., Any])

# What each check accepts, as a JSON Schema (draft-07) fragment, so that
# builder/schema.py derives the editors' schemas from the field tables below
# instead of restating them. A fragment may hold another check (stands for
# that check's fragment) and "fields" (a field table: a mapping of exactly
# those fields); schema.py expands both. A builder's fragment adds the rules
# between a mapping's fields that a schema can say (lat with lon).
ACCEPTS: weakref.WeakKeyDictionary[Callable[..., Any], Schema] = weakref.WeakKeyDictionary()


def accepts(fragment: Schema) -> Callable[[C], C]:
    """Declare the JSON Schema fragment of a check or a builder."""

    def register(check: C) -> C:
        ACCEPTS[check] = fragment
        return check

    return register


# The same forms as ECMA-262 patterns, as editors run them; tests/test_schema.py
# holds them against the checks. A date's calendar (no 2022-02-30) is left to `briefing check`.
_SCHEMA_ID = {
    "type": "string",
    "pattern": SCHEMA_PATTERN,
    "maxLength": MAX_ID_LENGTH,
    "patternErrorMessage": "An id: lowercase letters, digits and single hyphens, e.g. nikolai-patrushev; "
    "not a Windows device name (con, prn, aux, nul, com1-9, lpt1-9).",
}
_SCHEMA_TEXT = {"type": "string", "pattern": r"\S", "patternErrorMessage": "Write some text, or remove the field."}
_SINGLE_DATE = r"(?!0000)[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?[~?]?"
# Any character but a line break of any kind (CONTENT-MODEL, "one line").
_ONE_LINE_CHARACTER = r"[^\n\r\u000b\u000c\u0085\u2028\u2029]"
_URL_CHARACTER = r"[^\s\u0000-\u001f\u007f-\u009f\"<>\\^`{|}]"


@dataclass(frozen=True)
class Field:
    """One field of a mapping: whether it must be given, how its value is checked,
    and the one-line help an editor shows for it (in the JSON Schemas)."""

    check: Check
    required: bool = False
    help: str = ""


class Invalid:
    """The value of a field whose problem is already reported."""


INVALID = Invalid()


# --- scalar checks -----------------------------------------------------------


def _scalar(node: Node, name: str, ctx: Context, expected: str) -> Scalar | None:
    if _reported_or_empty(node, name, ctx):
        return None
    if isinstance(node, Scalar):
        return node
    ctx.problem(node, f"'{name}' must be {expected}, not a {_shape(node)}")
    return None


def _reported_or_empty(node: Node, name: str, ctx: Context) -> bool:
    """True for a value not to check further: one under a refused tag (already
    reported), or an empty one (reported here), whatever shape was expected."""
    if isinstance(node, Scalar) and node.kind == "invalid":
        return True
    if _is_empty(node):
        ctx.problem(node, f"'{name}' is empty; give a value or remove the field")
        return True
    return False


def _is_empty(node: Node) -> bool:
    """`body:` with nothing after it, text that is only blanks, `[]` or `{}`."""
    if not isinstance(node, Scalar):
        return not node.items
    if node.kind == "null":
        return node.text == ""
    # `isspace` stops at the first visible character; `strip` would copy a whole body.
    return node.kind == "str" and (not node.text or node.text.isspace())


def _shape(node: Node) -> str:
    return "list" if isinstance(node, Sequence) else "mapping" if isinstance(node, Mapping) else "value"


# What no text may hold (CONTENT-MODEL, "Text, Markdown and links"): C0 controls
# but tab and LF, DEL and the C1 controls (NEL among them), lone surrogates and
# noncharacters; with the bidirectional embeddings, overrides and isolates and
# their closers, which are allowed when balanced.
#
# This runs over every value of every file, so the usual value is decided by
# one search for a class of Basic Multilingual Plane characters only, which
# the regular expression engine tests with a bitmap (about 60 MB/s); a class
# that also held the noncharacters beyond it (U+1FFFE …) is tested range by
# range, twenty times slower. Those are found with the rest of the astral
# planes instead, by a second search of a value that is not ASCII
# (`str.isascii` is free). Only a value with a suspect is looked at closer.
_BMP_FORBIDDEN = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
_ASTRAL_NONCHARACTERS = "".join(f"{chr(p + 0xFFFE)}{chr(p + 0xFFFF)}" for p in range(0x10000, 0x110000, 0x10000))
_BIDI_OPENERS = {
    "\u202a": "embedding",
    "\u202b": "embedding",
    "\u202d": "override",
    "\u202e": "override",
    "\u2066": "isolate",
    "\u2067": "isolate",
    "\u2068": "isolate",
}
_BIDI = "\u202a-\u202e\u2066-\u2069"
_ONE_LINE_BREAKS = "\n\u2028\u2029"  # the other line breaks are controls already
_SUSPECT = re.compile(f"[{_BMP_FORBIDDEN}{_BIDI}]")
_ONE_LINE_SUSPECT = re.compile(f"[{_ONE_LINE_BREAKS}{_BMP_FORBIDDEN}{_BIDI}]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# Every suspect, astral noncharacters included, for the closer look.
_FAULTS = re.compile(f"[{_BMP_FORBIDDEN}{_ASTRAL_NONCHARACTERS}{_BIDI}]")
_ONE_LINE_FAULTS = re.compile(f"[{_ONE_LINE_BREAKS}{_BMP_FORBIDDEN}{_ASTRAL_NONCHARACTERS}{_BIDI}]")
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")


def _suspect(value: str, pattern: re.Pattern[str]) -> bool:
    """Whether a value may hold a character `character_fault` looks for (see above)."""
    return pattern.search(value) is not None or (not value.isascii() and _ASTRAL.search(value) is not None)


@accepts(_SCHEMA_TEXT)
def text(node: Node, name: str, ctx: Context) -> str | Invalid:
    """Plain text: anything YAML would read as another type must be quoted."""
    if isinstance(node, Scalar) and node.kind == "str" and node.text and not node.text.isspace():
        if not _suspect(node.text, _SUSPECT):
            return node.text  # the usual value, with nothing to report: decided without the layers below
        return node.text if _characters_ok(node.text, node, name, ctx, one_line=False) else INVALID
    return _text_slowly(node, name, ctx, one_line=False)


def _text_slowly(node: Node, name: str, ctx: Context, *, one_line: bool) -> str | Invalid:
    """`text` for a value that is not plain, non-blank text: what is wrong with it."""
    scalar = _scalar(node, name, ctx, "text")
    if scalar is None:
        return INVALID
    if scalar.kind != "str":
        ctx.problem(
            scalar,
            f"'{name}' must be text, but YAML reads {scalar.text} as {_YAML_READS_AS[scalar.kind]}; "
            f'put it in quotes: "{scalar.text}"',
        )
        return INVALID
    value = scalar.text
    if one_line and scalar.style in ("|", ">"):
        value = value.removesuffix("\n")
    suspect = _ONE_LINE_SUSPECT if one_line else _SUSPECT
    if _suspect(value, suspect) and not _characters_ok(value, scalar, name, ctx, one_line=one_line):
        return INVALID
    return value


def _characters_ok(value: str, node: Scalar, name: str, ctx: Context, *, one_line: bool) -> bool:
    """Report what `character_fault` finds in a value, where it is, and whether nothing was.

    A character is placed where it is typed in the file; one written as a
    YAML escape (`"\\x1b"`) is not in the file as itself, and the scalar's
    start is named instead. A line break in one-line text is reported at
    the value: it is the value's shape that is wrong.
    """
    fault = character_fault(value, one_line=one_line)
    if fault is None:
        return True
    offset, message = fault
    if offset < 0:
        line, column = node.line, node.column
    else:
        line, column = _position_in_scalar(node, value, offset, value[offset], ctx.document)
    ctx.problems.append(Problem(ctx.path, line, column, f"'{name}' {message}"))
    return False


def character_fault(value: str, *, one_line: bool) -> tuple[int, str] | None:
    """The first character a text may not hold, else the first bidirectional control left open.

    Returns where (-1 for the whole value: a line break in one-line text) and
    what to say after the field's name; None when the text is fine. Also
    used by `briefing new` on the title it is given.
    """
    opened: list[tuple[int, str]] = []
    for match in (_ONE_LINE_FAULTS if one_line else _FAULTS).finditer(value):
        char, offset = match.group(), match.start()
        if one_line and char in _LINE_BREAKS:
            return -1, "must be one line; use the summary or body for more"
        if char in _BIDI_OPENERS:
            opened.append((offset, char))
        elif char == "\u202c":  # PDF closes the last embedding or override, never across an isolate
            if opened and _BIDI_OPENERS[opened[-1][1]] != "isolate":
                opened.pop()
        elif char == "\u2069":  # PDI closes the last isolate and whatever was opened inside it
            isolates = [i for i, (_, c) in enumerate(opened) if _BIDI_OPENERS[c] == "isolate"]
            if isolates:
                del opened[isolates[-1] :]
        else:
            return offset, f"{_forbidden_character(char)}; remove it"
    if not opened:
        return None
    offset, char = opened[0]
    kind = _BIDI_OPENERS[char]
    closer = "U+2069 (pop directional isolate)" if kind == "isolate" else "U+202C (pop directional formatting)"
    return offset, (
        f"opens a bidirectional {kind} (U+{ord(char):04X}) and never closes it, so it would reverse "
        f"the text after it on the page; close it with {closer} or remove it"
    )


def _forbidden_character(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"holds a lone surrogate (U+{code:04X}), which is not a character"
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"holds the control character U+{code:04X}, which text may not contain"
    return f"holds the noncharacter U+{code:04X}, which text may not contain"


@accepts(
    {
        "type": "string",
        "maxLength": MAX_TITLE_LENGTH,
        "pattern": rf"^{_ONE_LINE_CHARACTER}*\S{_ONE_LINE_CHARACTER}*\n?$",
        "patternErrorMessage": f"One line of text, at most {MAX_TITLE_LENGTH} characters.",
    }
)
def title(node: Node, name: str, ctx: Context) -> str | Invalid:
    """One line of at most 200 code points: no line break of any kind (LF, CR,
    VT, FF, NEL, U+2028, U+2029). A block scalar's final line break
    (`title: >` folding a long title over several source lines) is not a
    second line, so it is dropped."""
    value = _text_slowly(node, name, ctx, one_line=True)
    if isinstance(value, str) and len(value) > MAX_TITLE_LENGTH:
        ctx.problem(
            node,
            f"'{name}' is {len(value)} characters, over the limit of {MAX_TITLE_LENGTH}; "
            "shorten it and move detail into the summary",
        )
        return INVALID
    return value


@accepts(_SCHEMA_TEXT)
def markdown(node: Node, name: str, ctx: Context) -> str | Invalid:
    value = text(node, name, ctx)
    if isinstance(value, str) and not _check_markdown_limits(value, node, ctx):
        # The link scan walks as Python-Markdown does, so it is linear only within the limits.
        _check_markdown_links(value, node, name, ctx)
    return value


def _check_markdown_limits(value: str, node: Node, ctx: Context) -> bool:
    """Report each shape the renderer would refuse (`limits.markdown_limits`), where it starts.

    The renderer shows such a text unrendered, so `check` reports it: a build
    then stops on it as on any error, instead of publishing it as plain text.
    """
    limits = markdown_limits(value)
    for limit in limits:
        line_start = value.rfind("\n", 0, limit.offset) + 1
        line_end = value.find("\n", limit.offset)
        written = value[line_start : min(line_end if line_end >= 0 else len(value), limit.offset + 40)]
        line, column = _position_in_scalar(node, value, line_start, written, ctx.document, limit.offset - line_start)
        ctx.problems.append(Problem(ctx.path, line, column, limit.message))
    return bool(limits)


@accepts(
    {
        "type": "string",
        "pattern": r"^\s*\S(?![\s\S]*\n[ \t]*\n\s*\S)",
        "patternErrorMessage": "One paragraph of text (no blank line); put the rest in 'body'.",
    }
)
def paragraph(node: Node, name: str, ctx: Context) -> str | Invalid:
    """One paragraph, because summaries are shown inline in lists and feeds."""
    value = markdown(node, name, ctx)
    if isinstance(value, str) and re.search(r"\n[ \t]*\n", value.strip()):
        ctx.problem(node, f"'{name}' must be one paragraph (no blank line); put the rest in 'body'")
        return INVALID
    return value


def _check_markdown_links(value: str, node: Node, name: str, ctx: Context) -> None:
    """Report each link that is not allowed, and record each cross-reference, where it is written.

    A link that is allowed and names no item (a web address, an anchor), or
    an item already claimed (see `Context`), is not placed in the file at
    all: nothing will be reported at it.
    """
    links = link_targets(value)
    if not links:
        return
    what = f"link in '{name}'"
    for offset, length, is_image, target in links:
        written = value[offset : offset + length]
        message, reference = _link_verdict(target, is_image)
        if message is None and (reference is None or reference in ctx.claimed):
            continue  # allowed, and names no item or a known one: nothing to report at it or to resolve
        if message is not None and written != target:
            # Judged as the renderer reads it (escapes undone, entities decoded), named as written.
            message = _link_verdict(written, is_image)[0] or message
        line, column = _position_in_scalar(node, value, offset, written, ctx.document)
        if message is not None:
            ctx.problems.append(Problem(ctx.path, line, column, message))
        elif reference is not None:
            ctx.references.append(Reference(reference[0], reference[1], ctx.path, line, column, what))


_LINK_VERDICTS: dict[tuple[str, bool], tuple[str | None, tuple[str, str] | None]] = {}
"""Links already judged: the same targets (actor:…, event:…) recur in thousands of files."""


def _link_verdict(target: str, is_image: bool) -> tuple[str | None, tuple[str, str] | None]:
    """`check_link`'s message for a link and, for an allowed one, its cross-reference.

    Both depend on the target and on whether it is an image only, so each
    distinct pair is judged once (the cache is emptied when it grows large).
    """
    key = (target, is_image)
    verdict = _LINK_VERDICTS.get(key)
    if verdict is None:
        message = check_link(FoundLink(target, is_image, line=0, column=0))
        reference = cross_reference(target)
        verdict = (message, None if message is not None else reference)
        if len(_LINK_VERDICTS) >= 50_000:
            _LINK_VERDICTS.clear()
        _LINK_VERDICTS[key] = verdict
    return verdict


def _scalar_span(node: Node, document: Document) -> tuple[int, int] | None:
    """Where a scalar is written in its file, as (start, end) offsets; None when unknown."""
    if not isinstance(node, Scalar) or not document.text:
        return None
    start = document.offset(node.line, node.column)
    end = document.offset(node.end_line, node.end_column) if node.end_line else len(document.text)
    return start, end


def _position_in_scalar(
    node: Node, value: str, offset: int, target: str, document: Document, within: int = 0
) -> tuple[int, int]:
    """Where a link target found at `offset` in a scalar's value is written in the file.

    YAML folds lines, strips indentation and unescapes quotes, so the value's
    lines do not map onto the file's. The target is looked for in the file
    between the scalar's start and end instead (`_scalar_span`), as the same
    occurrence (the n-th) it is in the value; when escapes hide it, the
    scalar's start is the place to look. `within` moves the answer that many
    characters into the target (a limit of `markdown_limits` is found by its
    line, which is more distinctive than its `[[[[`).
    """
    span = _scalar_span(node, document)
    if span is None or not target:
        return node.line, node.column
    occurrence = value.count(target, 0, offset)
    start, end = span
    found = start - 1
    for _ in range(occurrence + 1):
        found = document.text.find(target, found + 1, end)
        if found < 0:
            return node.line, node.column
    return document.position(found + within)


@accepts(_SCHEMA_ID)
def identifier(node: Node, name: str, ctx: Context) -> str | Invalid:
    value = text(node, name, ctx)
    if isinstance(value, str) and not _valid_id(value, node, ctx, name):
        return INVALID
    return value


def _valid_id(value: str, node: Node, ctx: Context, name: str) -> bool:
    if len(value) > MAX_ID_LENGTH:
        ctx.problem(
            node,
            f"the id '{value[:20]}…' in '{name}' is {len(value)} characters, over the limit of "
            f"{MAX_ID_LENGTH}; shorten it",
        )
        return False
    if not ID_PATTERN.fullmatch(value):
        ctx.problem(
            node,
            f"'{value}' is not a valid id: use lowercase letters, digits and single hyphens, "
            f"e.g. '{_suggest_id(value)}'",
        )
        return False
    if value in WINDOWS_DEVICE_NAMES:
        ctx.problem(node, device_name_message(value))
        return False
    return True


def _suggest_id(value: str) -> str:
    """The id a curator most likely meant: accents dropped, everything else a hyphen."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return suggest_id(ascii_text.lower())


@accepts(_SCHEMA_ID)
def own_id(node: Node, name: str, ctx: Context) -> str | Invalid:
    """The optional `id:` of an event, actor or briefing: its file name, written again.

    Checked against the file name only, so a wrong value gets one message
    that names the right one, not a second about its spelling.
    """
    value = text(node, name, ctx)
    stem = ctx.document.stem
    if isinstance(value, str) and value != stem:
        ctx.problem(
            node,
            f"id '{value}' does not match the file name '{stem}.yaml'; the id is the file "
            f"name: write id: {stem}, or rename the file",
        )
        return INVALID
    return value


def reference(kind: str) -> Check:
    """An id of another item, resolved in the second pass when every id is known."""

    @accepts(_SCHEMA_ID)
    def check(node: Node, name: str, ctx: Context) -> str | Invalid:
        value = identifier(node, name, ctx)
        if isinstance(value, str):
            assert isinstance(node, Scalar)
            ctx.refer(kind, node, f"'{name}'")
        return value

    return check


def choice(options: tuple[str, ...]) -> Check:
    @accepts({"type": "string", "enum": list(options)})
    def check(node: Node, name: str, ctx: Context) -> str | Invalid:
        value = text(node, name, ctx)
        if isinstance(value, str) and value not in options:
            ctx.problem(
                node, f"'{name}' is '{value}'; it must be one of {_listing(options)}{did_you_mean(value, options)}"
            )
            return INVALID
        return value

    return check


def _listing(options: tuple[str, ...] | list[str]) -> str:
    quoted = [f"'{o}'" for o in options]
    return ", ".join(quoted[:-1]) + f" or {quoted[-1]}" if len(quoted) > 1 else quoted[0]


def date_field(*, single: bool) -> Check:
    forms = _SINGLE_DATE if single else rf"{_SINGLE_DATE}|{_SINGLE_DATE}/(?:{_SINGLE_DATE}|\.\.)|\.\./{_SINGLE_DATE}"
    examples = (
        "2022-09-19, 2022-09 or 2022, optionally with ~ or ?" if single else "2022-09-19 or 2022-09-15/2022-09-16"
    )

    # A bare year is a number to an editor's YAML reader.
    @accepts(
        {
            "type": ["string", "integer"],
            "pattern": f"^(?:{forms})$",
            "minimum": 1,
            "maximum": 9999,
            "patternErrorMessage": f"A date such as {examples}.",
        }
    )
    def check(node: Node, name: str, ctx: Context) -> DateValue | Invalid:
        scalar = _scalar(node, name, ctx, "a date such as 2022-09-19")
        if scalar is None:
            return INVALID
        if scalar.kind not in ("str", "int", "timestamp"):
            reads_as = _YAML_READS_AS.get(scalar.kind, "that")
            ctx.problem(scalar, f"'{name}' must be a date such as 2022-09-19, not {reads_as}")
            return INVALID
        try:
            return _parsed_date(scalar.text, single)
        except DateError as error:
            ctx.problem(scalar, str(error))
            return INVALID

    return check


_DATES_SEEN: dict[tuple[str, bool], DateValue] = {}
"""Dates already read: an event's `date` is mostly its sources' `published` too."""


def _parsed_date(text: str, single: bool) -> DateValue:
    """`parse_date`, remembered: a `DateValue` is frozen, so events may share one."""
    key = (text, single)
    value = _DATES_SEEN.get(key)
    if value is None:
        value = parse_date(text, single=single)  # raises DateError for a date to correct
        if len(_DATES_SEEN) >= 50_000:
            _DATES_SEEN.clear()
        _DATES_SEEN[key] = value
    return value


@accepts(
    {
        "type": "string",
        "pattern": f"^[Hh][Tt][Tt][Pp][Ss]?://(?![/?#@]){_URL_CHARACTER}+$",
        "patternErrorMessage": "A full http:// or https:// address with a host and no spaces.",
    }
)
def url(node: Node, name: str, ctx: Context) -> str | Invalid:
    value = text(node, name, ctx)
    if isinstance(value, str) and not is_http_url(value):
        ctx.problem(
            node,
            f"'{name}' is '{value}', not a web address; write a full http:// or https:// URL with a host "
            "and no spaces, e.g. https://example.org/report",
        )
        return INVALID
    return value


@accepts(
    {"type": "string", "enum": sorted(COUNTRY_NAMES), "enumDescriptions": [n for _, n in sorted(COUNTRY_NAMES.items())]}
)
def country(node: Node, name: str, ctx: Context) -> str | Invalid:
    value = text(node, name, ctx)
    if isinstance(value, str) and value not in COUNTRY_NAMES:
        guess = _COUNTRY_MISTAKES.get(value.upper(), value.upper())
        hint = f"; did you mean '{guess}'?" if guess in COUNTRY_NAMES else ""
        ctx.problem(node, f"'{value}' is not an ISO 3166-1 alpha-2 country code (two capital letters, e.g. 'RU'){hint}")
        return INVALID
    return value


def coordinate(limit: float) -> Check:
    @accepts({"type": "number", "minimum": -limit, "maximum": limit})
    def check(node: Node, name: str, ctx: Context) -> float | Invalid:
        scalar = _scalar(node, name, ctx, "a number")
        if scalar is None:
            return INVALID
        if scalar.kind not in ("int", "float") or not _DECIMAL.fullmatch(scalar.text):
            ctx.problem(
                scalar,
                f"'{name}' is '{scalar.text}', not a number of degrees; write a decimal "
                f"number without quotes, e.g. {name}: 26.64",
            )
            return INVALID
        value = float(scalar.text)
        if not -limit <= value <= limit:
            ctx.problem(scalar, f"'{name}' is {scalar.text}; it must be between -{limit:g} and {limit:g}")
            return INVALID
        return value

    return check


@accepts({"type": "string", "enum": list(RELIABILITY), "enumDescriptions": list(RELIABILITY.values())})
def reliability(node: Node, name: str, ctx: Context) -> str | Invalid:
    value = text(node, name, ctx)
    if isinstance(value, str) and value not in RELIABILITY:
        hint = f"; did you mean '{value.upper()}'?" if value.upper() in RELIABILITY else ""
        ctx.problem(node, f"'reliability' is '{value}'; it must be one letter A–F (uppercase){hint}")
        return INVALID
    return value


@accepts(
    {
        "enum": [*CREDIBILITY, *map(str, CREDIBILITY)],
        "enumDescriptions": [*CREDIBILITY.values(), *CREDIBILITY.values()],
        "errorMessage": "A digit from 1 to 6.",
    }
)
def credibility(node: Node, name: str, ctx: Context) -> int | Invalid:
    scalar = _scalar(node, name, ctx, "a digit 1–6")
    if scalar is None:
        return INVALID
    if scalar.kind in ("int", "str") and scalar.text in ("1", "2", "3", "4", "5", "6"):
        return int(scalar.text)
    ctx.problem(scalar, f"'credibility' is '{scalar.text}'; it must be a digit from 1 to 6")
    return INVALID


# --- collections -------------------------------------------------------------


def list_of(item: Check, *, unique: bool = False) -> Check:
    """A list; `unique` lists of ids never repeat one."""

    @accepts({"type": "array", "minItems": 1, "items": item, **({"uniqueItems": True} if unique else {})})
    def check(node: Node, name: str, ctx: Context) -> tuple[Any, ...] | Invalid:
        if _reported_or_empty(node, name, ctx):
            return INVALID
        if not isinstance(node, Sequence):
            ctx.problem(node, f"'{name}' must be a list (one '- item' per line)")
            return INVALID
        values = [item(child, name, ctx) for child in node.items]
        if unique:
            _check_unique(node.items, values, name, ctx)
        if any(isinstance(v, Invalid) for v in values):
            return INVALID
        return tuple(values)

    return check


def _check_unique(nodes: list[Node], values: list[Any], name: str, ctx: Context) -> None:
    seen: dict[str, int] = {}
    for child, value in zip(nodes, values, strict=True):
        if isinstance(value, str):
            if value in seen:
                ctx.problem(child, f"'{value}' is listed twice in '{name}' (first on line {seen[value]}); keep one")
            else:
                seen[value] = child.line


def mapping_of(fields: dict[str, Field], build: Callable[..., Any], what: str) -> Check:
    """A nested mapping checked against its own field table, then built.

    `what` names one such mapping in messages ("this source"), because a
    field name such as 'sources' names the whole list.
    """

    @accepts({"fields": fields, **ACCEPTS.get(build, {})})
    def check(node: Node, name: str, ctx: Context) -> Any:
        if _reported_or_empty(node, name, ctx):
            return INVALID
        if not isinstance(node, Mapping):
            ctx.problem(node, f"'{name}' must be a mapping of {_listing(list(fields))}, not a {_shape(node)}")
            return INVALID
        values, ok = check_fields(node, fields, ctx, where=what)
        if not ok:
            return INVALID
        return build(node=node, ctx=ctx, **values)

    return check


def check_fields(node: Mapping, fields: dict[str, Field], ctx: Context, *, where: str) -> tuple[dict[str, Any], bool]:
    """Every field of a mapping: unknown names, missing required ones, then each value.

    Returns the values that are valid, and whether all were, so that callers
    build model objects only from wholly valid mappings but can still check
    what is valid against each other. A required field that an unknown name
    is a typo of is not also reported missing: the typo's message says it.
    """
    values: dict[str, Any] = {}
    ok = True
    meant: set[str] = set()
    for key, (key_node, value_node) in node.items.items():
        spec = fields.get(key)
        if spec is None:
            typo_of = nearest(key, fields)
            if typo_of is not None:
                meant.add(typo_of)
            ctx.problem(key_node, _unknown_field(key, typo_of, fields, where))
            ok = False
            continue
        if spec.required and _is_empty(value_node):
            ctx.problem(value_node, f"'{key}' is empty; it is required: write it")
            ok = False
            continue
        value = spec.check(value_node, key, ctx)
        if isinstance(value, Invalid):
            ok = False
        else:
            values[key] = value
    for key, spec in fields.items():
        if spec.required and key not in node.items:
            if key not in meant:
                ctx.problem(node, f"{where} is missing the required field '{key}'; add it")
            ok = False
    return values, ok


def _unknown_field(key: str, typo_of: str | None, fields: dict[str, Field], where: str) -> str:
    if typo_of is not None:
        return f"unknown field '{key}' in {where}; did you mean '{typo_of}'?"
    return f"unknown field '{key}' in {where}; the fields are {_listing(list(fields))}"


def one_or_list(item: Check) -> Check:
    """A mapping or a list of them (an event's `location`)."""
    items = list_of(item)

    @accepts({"anyOf": [item, items]})
    def check(node: Node, name: str, ctx: Context) -> tuple[Any, ...] | Invalid:
        if isinstance(node, Sequence):
            return items(node, name, ctx)  # type: ignore[no-any-return]
        value = item(node, name, ctx)
        return INVALID if isinstance(value, Invalid) else (value,)

    return check


def id_or_mapping(kind: str, key: str, fields: dict[str, Field], build: Callable[..., Any], what: str) -> Check:
    """`- some-id` or `- {<key>: some-id, …}` (actors and related events in an event)."""
    ident, mapping = reference(kind), mapping_of(fields, build, what)

    @accepts({"anyOf": [ident, mapping]})
    def check(node: Node, name: str, ctx: Context) -> Any:
        if isinstance(node, Scalar):
            value = ident(node, name, ctx)
            return INVALID if isinstance(value, Invalid) else build(node=node, ctx=ctx, **{key: value})
        return mapping(node, name, ctx)

    return check


# --- builders of nested values -------------------------------------------------


@accepts({"dependencies": {"lat": ["lon"], "lon": ["lat"]}})
def _location(node: Node, ctx: Context, **values: Any) -> Location | Invalid:
    if ("lat" in values) != ("lon" in values):
        missing = "lon" if "lat" in values else "lat"
        ctx.problem(node, f"'lat' and 'lon' go together; add '{missing}' or remove the other")
        return INVALID
    return Location(**values)


def _participant(node: Node, ctx: Context, actor: str, role: str | None = None) -> Participant:
    return Participant(actor, role)


def _related(node: Node, ctx: Context, event: str, relation: str = "related") -> Related:
    return Related(event, relation)


def _source(node: Node, ctx: Context, **values: Any) -> Source:
    return Source(**values)


def _quote(
    node: Node, ctx: Context, text: str, actor: str | tuple[str, ...], source: str, context: str | None = None
) -> Quote:
    return Quote(text, actor if isinstance(actor, tuple) else (actor,), source, context)


def _role(node: Node, ctx: Context, **values: Any) -> Role | Invalid:
    if not _ordered(node, ctx, values, "start", "end"):
        return INVALID
    return Role(**values)


def _actor_relation(node: Node, ctx: Context, **values: Any) -> ActorRelation | Invalid:
    if values["actor"] == ctx.document.stem:
        assert isinstance(node, Mapping)
        ctx.problem(node.items["actor"][1], f"'{values['actor']}' is this actor itself; a relation names another actor")
        return INVALID
    if not _ordered(node, ctx, values, "start", "end"):
        return INVALID
    return ActorRelation(**values)


def _ordered(node: Node, ctx: Context, values: dict[str, Any], first: str, last: str) -> bool:
    """A period's `last` end not before its `first`, reported at the `last` value."""
    start: DateValue | None = values.get(first)
    end: DateValue | None = values.get(last)
    if start is not None and end is not None and end_before_start(start, end):
        assert isinstance(node, Mapping)
        ctx.problem(node.items[last][1], f"'{last}' ({end}) is before '{first}' ({start}); correct one of them")
        return False
    return True


def _link(node: Node, ctx: Context, title: str, url: str) -> Link:
    return Link(title, url)


@accepts({"anyOf": [{"required": [key]} for key in ("events", "actors", "tags", "from", "to")]})
def _selection(node: Node, ctx: Context, **values: Any) -> Selection | Invalid:
    if not any(key in values for key in ("events", "actors", "tags", "from", "to")):
        ctx.problem(
            node,
            "'select' chooses no event without one of 'events', 'actors', 'tags', 'from' or 'to'; add at least one",
        )
        return INVALID
    if not _ordered(node, ctx, values, "from", "to"):
        return INVALID
    return Selection(
        events=values.get("events", ()),
        actors=values.get("actors", ()),
        tags=values.get("tags", ()),
        start=values.get("from"),
        end=values.get("to"),
        exclude=values.get("exclude", ()),
        line=node.line,
        column=node.column,
    )


def _judgement(
    node: Node, ctx: Context, text: str, confidence: str, based_on: tuple[str, ...], likelihood: str | None = None
) -> Judgement:
    return Judgement(text, confidence, based_on, likelihood, node.line, node.column, _based_on_places(node))


def _based_on_places(node: Node) -> tuple[tuple[int, int], ...]:
    """Where each event of a valid `based_on` is written, for the second pass's messages."""
    assert isinstance(node, Mapping)
    listed = node.items["based_on"][1]
    assert isinstance(listed, Sequence)
    return tuple((item.line, item.column) for item in listed.items)


_SPEAKER = reference("actor")
_SPEAKERS = list_of(_SPEAKER, unique=True)


@accepts({"anyOf": [_SPEAKER, _SPEAKERS]})
def _speakers(node: Node, name: str, ctx: Context) -> str | tuple[str, ...] | Invalid:
    if isinstance(node, Sequence):
        return _SPEAKERS(node, name, ctx)  # type: ignore[no-any-return]
    return _SPEAKER(node, name, ctx)  # type: ignore[no-any-return]


# --- field tables: the schema --------------------------------------------------

_ID_HELP = "Optional; if given, equal to the file name without .yaml."
_REDIRECT_HELP = "Former ids, so that their old pages lead here."
_COUNTRY_HELP = 'ISO 3166-1 alpha-2 code in capitals, e.g. RU (XK for Kosovo); write Norway as "NO".'
_TITLE_HELP = "One line of plain text, at most 200 characters."

LOCATION_FIELDS = {
    "name": Field(text, help="The place's name, e.g. Nanping, Fujian."),
    "country": Field(country, help=_COUNTRY_HELP),
    "lat": Field(coordinate(90), help="Latitude in decimal degrees (WGS 84), -90 to 90; given with lon."),
    "lon": Field(coordinate(180), help="Longitude in decimal degrees (WGS 84), -180 to 180; given with lat."),
}
PARTICIPANT_FIELDS = {
    "actor": Field(reference("actor"), required=True, help="The actor's id (content/actors/<id>.yaml)."),
    "role": Field(text, help="The actor's part, e.g. host or visiting; several in one text: host, co-chair."),
}
RELATED_FIELDS = {
    "event": Field(reference("event"), required=True, help="The other event's id."),
    "relation": Field(
        choice(RELATIONS), help="This event precedes, follows, is part-of, is a response-to or is related (default)."
    ),
}
SOURCE_FIELDS = {
    "id": Field(
        identifier, required=True, help="Unique within the event; quotes cite it, e.g. news-report-2022-09-19."
    ),
    "title": Field(title, required=True, help="The headline, or a description: News report, 19 September 2022."),
    "publisher": Field(text, help="Who published it; only when known."),
    "url": Field(url, help="http(s) address of the source; only when sure it exists and is this source."),
    "archive_url": Field(url, help="http(s) address of a preserved copy, e.g. in a web archive."),
    "published": Field(date_field(single=True), help="One date: a day, month or year, e.g. 2022-09-19."),
    "reliability": Field(
        reliability, help="Source reliability (Admiralty scale), A reliable to E unreliable; F unknown."
    ),
    "credibility": Field(credibility, help="Information credibility, 1 confirmed to 5 improbable; 6 cannot be judged."),
}
QUOTE_FIELDS = {
    "text": Field(text, required=True, help="The source's words exactly, without the quotation marks."),
    "actor": Field(
        _speakers, required=True, help="Who said it: an actor id in this event's actors, or a list for a joint text."
    ),
    "source": Field(identifier, required=True, help="The id of the source of this event that gives the words."),
    "context": Field(text, help="When, to whom, or how the source framed it."),
}
EVENT_FIELDS = {
    "id": Field(own_id, help=_ID_HELP),
    "title": Field(title, required=True, help=_TITLE_HELP),
    "date": Field(
        date_field(single=False),
        required=True,
        help="2022-09-19, 2022-09 or 2022, each maybe with ~ (about) or ? (uncertain); "
        "an interval 2022-09-15/2022-09-16, 2022-05/.. (ongoing) or ../2022-05.",
    ),
    "summary": Field(
        paragraph, required=True, help="Markdown, one paragraph: what happened, who, where, why it matters."
    ),
    "body": Field(markdown, help="Markdown: the full account, keeping the sources' hedges."),
    "location": Field(
        one_or_list(mapping_of(LOCATION_FIELDS, _location, "this location")),
        help="Where: {name, country, lat, lon}, or a list of them.",
    ),
    "actors": Field(
        list_of(id_or_mapping("actor", "actor", PARTICIPANT_FIELDS, _participant, "this actor entry")),
        help="Who took part: actor ids, or {actor: <id>, role: <text>}; each actor once.",
    ),
    "tags": Field(list_of(reference("tag"), unique=True), help="Tag ids from content/tags.yaml."),
    "quotes": Field(
        list_of(mapping_of(QUOTE_FIELDS, _quote, "this quote")), help="Words a source gives: {text, actor, source}."
    ),
    "sources": Field(
        list_of(mapping_of(SOURCE_FIELDS, _source, "this source")),
        required=True,
        help="At least one: {id, title, publisher, url, published, reliability, credibility}.",
    ),
    "related": Field(
        list_of(id_or_mapping("event", "event", RELATED_FIELDS, _related, "this related entry")),
        help="Other events: an id, or {event: <id>, relation: <relation>}.",
    ),
    "confidence": Field(
        choice(CONFIDENCE_LEVELS), help="How sure the curators are of the account: low, moderate, high."
    ),
    "status": Field(choice(("published", "draft")), help="published (the default) or draft (shown only in previews)."),
    "updated": Field(date_field(single=True), help="One date: when the account last changed in substance."),
    "redirect_from": Field(list_of(identifier, unique=True), help=_REDIRECT_HELP),
}
ROLE_FIELDS = {
    "title": Field(title, required=True, help="The post, e.g. Secretary of the Security Council of Russia."),
    "organization": Field(reference("organization"), help="The id of the organization, state or group it is held in."),
    "start": Field(date_field(single=True), help="One date: when the role began."),
    "end": Field(date_field(single=True), help="One date: when it ended; leave out while current."),
}
ACTOR_RELATION_FIELDS = {
    "actor": Field(reference("actor"), required=True, help="The other actor's id."),
    "relation": Field(text, required=True, help="Read as: this actor <relation> the other, e.g. member-of, leads."),
    "start": Field(date_field(single=True), help="One date: when the relation began."),
    "end": Field(date_field(single=True), help="One date: when it ended."),
}
LINK_FIELDS = {
    "title": Field(title, required=True, help="What the link is, e.g. Official website."),
    "url": Field(url, required=True, help="http(s) address."),
}
ACTOR_FIELDS = {
    "id": Field(own_id, help=_ID_HELP),
    "name": Field(text, required=True, help="The name used in English text."),
    "kind": Field(choice(ACTOR_KINDS), required=True, help="person, organization, state or group."),
    "native_name": Field(text, help="The name in the actor's own script, e.g. Николай Патрушев, 郭声琨."),
    "aliases": Field(list_of(text, unique=True), help="Other spellings, scripts and abbreviations; search finds them."),
    "country": Field(country, help=_COUNTRY_HELP),
    "summary": Field(paragraph, help="Markdown, one paragraph."),
    "body": Field(markdown, help="Markdown."),
    "roles": Field(
        list_of(mapping_of(ROLE_FIELDS, _role, "this role")), help="Posts held: {title, organization, start, end}."
    ),
    "relations": Field(
        list_of(mapping_of(ACTOR_RELATION_FIELDS, _actor_relation, "this relation")),
        help="Ties to other actors: {actor, relation, start, end}; shown on both.",
    ),
    "links": Field(
        list_of(mapping_of(LINK_FIELDS, _link, "this link")), help="Official pages, profiles: {title, url}."
    ),
    "redirect_from": Field(list_of(identifier, unique=True), help=_REDIRECT_HELP),
}
TAG_FIELDS = {
    "title": Field(title, required=True, help="The tag's name as shown. " + _TITLE_HELP),
    "description": Field(text, help="What the tag covers."),
}
SELECT_FIELDS = {
    "events": Field(list_of(reference("event"), unique=True), help="Event ids chosen whatever else is given."),
    "actors": Field(list_of(reference("actor"), unique=True), help="Chooses events with any of these actors."),
    "tags": Field(list_of(reference("tag"), unique=True), help="Chooses events with any of these tags."),
    "from": Field(date_field(single=True), help="One date: chooses events that overlap the period from it."),
    "to": Field(date_field(single=True), help="One date: chooses events that overlap the period up to it."),
    "exclude": Field(list_of(reference("event"), unique=True), help="Event ids removed from the selection."),
}
JUDGEMENT_FIELDS = {
    "text": Field(paragraph, required=True, help="Markdown, one paragraph: what the reader should take away."),
    "confidence": Field(
        choice(CONFIDENCE_LEVELS), required=True, help="How sure the analysts are (ICD 203): low, moderate, high."
    ),
    "likelihood": Field(
        choice(LIKELIHOODS),
        help="ICD 203 words: almost no chance, very unlikely, unlikely, roughly even chance, likely, "
        "very likely, almost certain.",
    ),
    "based_on": Field(
        list_of(reference("event"), unique=True),
        required=True,
        help="The ids of the events it rests on, each chosen by this briefing's select.",
    ),
}
BRIEFING_FIELDS = {
    "id": Field(own_id, help=_ID_HELP),
    "title": Field(title, required=True, help=_TITLE_HELP),
    "summary": Field(paragraph, required=True, help="Markdown, one paragraph: the bottom line up front."),
    "select": Field(
        mapping_of(SELECT_FIELDS, _selection, "'select'"),
        required=True,
        help="Which events: any of events, actors, tags, from, to, and exclude.",
    ),
    "body": Field(markdown, help="Markdown: the analysis."),
    "judgements": Field(
        list_of(mapping_of(JUDGEMENT_FIELDS, _judgement, "this judgement")),
        help="Key judgements: {text, confidence, likelihood, based_on}.",
    ),
    "redirect_from": Field(list_of(identifier, unique=True), help=_REDIRECT_HELP),
}
FIELDS = {"event": EVENT_FIELDS, "actor": ACTOR_FIELDS, "briefing": BRIEFING_FIELDS}


# --- first pass: each file on its own ------------------------------------------------


@dataclass
class Pass:
    """The first pass's results, handed to the second."""

    content: Content = field(default_factory=Content)
    problems: list[Problem] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    files: dict[tuple[str, str], str] = field(default_factory=dict)
    actor_kinds: dict[str, str] = field(default_factory=dict)
    redirects: dict[str, dict[str, str]] = field(default_factory=lambda: {kind: {} for kind in KIND_WORDS})
    related_nodes: dict[str, list[tuple[str, Node]]] = field(default_factory=dict)
    tags_broken: bool = False


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
    elif _id_problem(document.stem) is None:
        state.files.setdefault((document.kind, document.stem), document.path)


def _id_problem(stem: str) -> str | None:
    if len(stem) > MAX_ID_LENGTH:
        return (
            f"the file name '{stem[:20]}….yaml' is {len(stem)} characters before '.yaml', over the id "
            f"limit of {MAX_ID_LENGTH}; rename it to a shorter id"
        )
    if not ID_PATTERN.fullmatch(stem):
        return (
            f"the file name '{stem}.yaml' is not a valid id (lowercase letters, digits and single "
            f"hyphens); rename it to '{_suggest_id(stem)}.yaml'"
        )
    if stem in WINDOWS_DEVICE_NAMES:
        return f"the file name '{stem}.yaml' is not a valid id: {device_name_message(stem)}"
    return None


@dataclass
class Checked:
    """The first pass over one event, actor or briefing file: its problems, the
    references it makes, and the item it defines when it is valid.

    Made from the file alone when nothing is claimed yet (see `Context`), so a
    live preview keeps it while the file is unchanged; whether the file owns
    its id is decided when it is added, against the other files.
    """

    path: str
    kind: str
    stem: str
    problems: list[Problem]
    references: list[Reference]
    item: Event | Actor | Briefing | None
    actor_kind: str | None
    related_nodes: list[tuple[str, Node]]
    redirect_nodes: list[Scalar]


def check_item(document: Document, claimed: dict[tuple[str, str], str]) -> Checked:
    """One event, actor or briefing on its own. Its fields are checked even when its
    name is wrong or taken, so that one run reports everything."""
    kind = document.kind
    problems: list[Problem] = []
    references: list[Reference] = []
    ctx = Context(document.path, document, problems, references, claimed)
    values, ok = check_fields(document.root, FIELDS[kind], ctx, where=f"this {kind}")
    if kind == "event":
        ok = _check_event(document, values, ctx) and ok
    item: Event | Actor | Briefing | None = None
    if ok and kind == "event":
        item = _build_event(document, values)
    elif ok and kind == "actor":
        item = _build_actor(document, values)
    elif ok and kind == "briefing":
        item = Briefing(
            id=document.stem,
            path=document.path,
            title=values["title"],
            summary=values["summary"],
            select=values["select"],
            body=values.get("body"),
            judgements=values.get("judgements", ()),
            redirect_from=values.get("redirect_from", ()),
        )
    return Checked(
        document.path,
        kind,
        document.stem,
        problems,
        references,
        item,
        values.get("kind") if kind == "actor" else None,
        _related_nodes(document) if kind == "event" else [],
        _redirect_nodes(document.root),
    )


def _claim(path: str, kind: str, stem: str, state: Pass) -> bool:
    """Whether a file owns the id its name gives: a valid name that no earlier file has."""
    name_problem = _id_problem(stem)
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


def _related_nodes(document: Document) -> list[tuple[str, Node]]:
    """Where each related event is named, so relation problems point at the line."""
    found: list[tuple[str, Node]] = []
    for node in _items(document, "related"):
        if isinstance(node, Mapping) and "event" in node.items:
            node = node.items["event"][1]
        if isinstance(node, Scalar):
            found.append((node.text, node))
    return found


def _redirect_nodes(root: Mapping) -> list[Scalar]:
    """The former ids a file lists that look like ids, where they are written."""
    entry = root.items.get("redirect_from")
    if entry is None or not isinstance(entry[1], Sequence):
        return []
    return [node for node in entry[1].items if isinstance(node, Scalar) and is_valid_id(node.text)]


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


def _check_event(document: Document, values: dict[str, Any], ctx: Context) -> bool:
    """The rules between an event's own fields, on whichever of them are valid."""
    ok = True
    if "actors" in values:
        ok = _check_participants(document, values["actors"], ctx) and ok
    if "sources" in values:
        ok = _check_sources(document, values["sources"], ctx) and ok
    if "related" in values:
        ok = _check_related_once(document, ctx) and ok
    actors_known = "actors" in values or "actors" not in document.root.items
    if "quotes" in values and actors_known and "sources" in values:
        ok = _check_quotes(document, values["quotes"], values.get("actors", ()), values["sources"], ctx) and ok
    return ok


def _check_related_once(document: Document, ctx: Context) -> bool:
    """Two events have at most one relation, so a related event is named once."""
    seen: dict[str, int] = {}
    ok = True
    for other, node in _related_nodes(document):
        if other in seen:
            ctx.problem(
                node,
                f"'{other}' is listed twice in 'related' (first on line {seen[other]}); two events "
                "have at most one relation: keep one",
            )
            ok = False
        seen.setdefault(other, node.line)
    return ok


def _build_event(document: Document, values: dict[str, Any]) -> Event:
    sources: tuple[Source, ...] = values["sources"]
    return Event(
        id=document.stem,
        path=document.path,
        title=values["title"],
        date=values["date"],
        summary=values["summary"],
        sources=sources,
        body=values.get("body"),
        locations=values.get("location", ()),
        participants=values.get("actors", ()),
        tags=values.get("tags", ()),
        quotes=values.get("quotes", ()),
        related=values.get("related", ()),
        confidence=values.get("confidence"),
        status=values.get("status", "published"),
        updated=values.get("updated"),
        redirect_from=values.get("redirect_from", ()),
    )


def _items(document: Document, name: str) -> list[Node]:
    entry = document.root.items.get(name)
    return entry[1].items if entry is not None and isinstance(entry[1], Sequence) else []


def _check_participants(document: Document, participants: tuple[Participant, ...], ctx: Context) -> bool:
    seen: dict[str, int] = {}
    ok = True
    for node, participant in zip(_items(document, "actors"), participants, strict=True):
        if participant.actor in seen:
            ctx.problem(
                node,
                f"actor '{participant.actor}' is listed twice in 'actors' (first on line "
                f"{seen[participant.actor]}); give several roles in one text: role: host, co-chair",
            )
            ok = False
        seen.setdefault(participant.actor, node.line)
    return ok


def _check_sources(document: Document, sources: tuple[Source, ...], ctx: Context) -> bool:
    seen: dict[str, int] = {}
    ok = True
    for node, source in zip(_items(document, "sources"), sources, strict=True):
        if source.id in seen:
            id_node = node.items["id"][1] if isinstance(node, Mapping) else node
            ctx.problem(
                id_node,
                f"source id '{source.id}' is used twice in this event (first on line "
                f"{seen[source.id]}); quotes cite sources by id, so each needs its own",
            )
            ok = False
        seen.setdefault(source.id, node.line)
    return ok


def _check_quotes(
    document: Document,
    quotes: tuple[Quote, ...],
    participants: tuple[Participant, ...],
    sources: tuple[Source, ...],
    ctx: Context,
) -> bool:
    actors = [p.actor for p in participants]
    source_ids = [s.id for s in sources]
    ok = True
    for node, quote in zip(_items(document, "quotes"), quotes, strict=True):
        assert isinstance(node, Mapping)
        for speaker in quote.actors:
            if speaker not in actors:
                ctx.problem(
                    _value_node(node, "actor", speaker),
                    f"quote speaker '{speaker}' is not in this event's 'actors'; add it there",
                )
                ok = False
        if quote.source not in source_ids:
            ctx.problem(
                node.items["source"][1],
                f"quote source '{quote.source}' is not a source of this event"
                f"{did_you_mean(quote.source, source_ids)} (sources: {', '.join(source_ids)})",
            )
            ok = False
    return ok


def _value_node(mapping: Mapping, key: str, value: str) -> Node:
    """The node of `value` under `key`, looking inside a list, for a precise position."""
    node = mapping.items[key][1]
    if isinstance(node, Sequence):
        return next((n for n in node.items if isinstance(n, Scalar) and n.text == value), node)
    return node


def _build_actor(document: Document, values: dict[str, Any]) -> Actor:
    return Actor(
        id=document.stem,
        path=document.path,
        name=values["name"],
        kind=values["kind"],
        native_name=values.get("native_name"),
        aliases=values.get("aliases", ()),
        country=values.get("country"),
        summary=values.get("summary"),
        body=values.get("body"),
        roles=values.get("roles", ()),
        relations=values.get("relations", ()),
        links=values.get("links", ()),
        redirect_from=values.get("redirect_from", ()),
    )


def _validate_tags(document: Document, ctx: Context, state: Pass) -> None:
    for key, (key_node, value_node) in document.root.items.items():
        if not _valid_id(key, key_node, ctx, "tags.yaml"):
            continue
        _register("tag", key, document.path, state)
        values = mapping_of(TAG_FIELDS, lambda node, ctx, **v: v, f"tag '{key}'")(value_node, key, ctx)
        if not isinstance(values, Invalid):
            state.content.tags[key] = Tag(key, document.path, values["title"], values.get("description"))


# --- second pass: references between files ---------------------------------------


def _resolve(state: Pass) -> None:
    known = {kind: {ident for (k, ident) in state.files if k == kind} for kind in KIND_WORDS}
    suggestions = _Suggestions(known)
    for ref in state.references:
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
        _resolve_reference(ref, known, suggestions, state)
    _check_relations(state)
    _check_judgements(state)


class _Suggestions:
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


def _resolve_reference(ref: Reference, known: dict[str, set[str]], suggestions: _Suggestions, state: Pass) -> None:
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


def _check_judgements(state: Pass) -> None:
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
                    )
                )


_AFTER = {"follows": True, "response-to": True, "precedes": False}
_COMPATIBLE = {("follows", "precedes"), ("precedes", "follows"), ("related", "related")}
_VERBS = {
    "precedes": "precedes",
    "follows": "follows",
    "part-of": "is part of",
    "response-to": "is a response to",
    "related": "is related to",
}


def _check_relations(state: Pass) -> None:
    """Self-relations, contradictions between the two sides, and cycles.

    Each edge of the "comes after" and "part of" graphs remembers the event
    that wrote it, so a cycle is reported where one of its relations is written.
    """
    events = state.content.events
    written: dict[frozenset[str], tuple[Event, str]] = {}
    later: dict[str, set[str]] = {ident: set() for ident in events}
    inside: dict[str, set[str]] = {ident: set() for ident in events}
    writers: dict[tuple[str, str], tuple[Event, str]] = {}
    for event in events.values():
        for relation in event.related:
            other = relation.event
            if other == event.id:
                _relation_problem(
                    state,
                    event,
                    other,
                    f"'{other}' is this event itself; an event cannot be related to itself: remove it",
                )
                continue
            pair = frozenset((event.id, other))
            first = written.get(pair)
            if first is not None and first[0].id != event.id and (first[1], relation.relation) not in _COMPATIBLE:
                _relation_problem(
                    state,
                    event,
                    other,
                    f"contradicts {first[0].path}: it says '{other} {_VERBS[first[1]]} {event.id}', "
                    f"this says '{event.id} {_VERBS[relation.relation]} {other}'; keep one (a "
                    "relation is shown on both events)",
                )
                continue
            written.setdefault(pair, (event, relation.relation))
            if other not in events:
                continue
            if relation.relation in _AFTER:
                after, before = (event.id, other) if _AFTER[relation.relation] else (other, event.id)
                later[after].add(before)
                writers.setdefault((after, before), (event, other))
            elif relation.relation == "part-of":
                inside[event.id].add(other)
                writers.setdefault((event.id, other), (event, other))
    _report_cycles(state, later, writers, "comes after")
    _report_cycles(state, inside, writers, "is part of")


def _relation_problem(state: Pass, event: Event, other: str, message: str) -> None:
    node = _find_related_node(state, event, other)
    line, column = (node.line, node.column) if node else (1, 1)
    state.problems.append(Problem(event.path, line, column, message))


def _find_related_node(state: Pass, event: Event, other: str) -> Node | None:
    return next((node for name, node in state.related_nodes.get(event.id, []) if name == other), None)


def _report_cycles(
    state: Pass, graph: dict[str, set[str]], writers: dict[tuple[str, str], tuple[Event, str]], verb: str
) -> None:
    """Each cycle once, named from its smallest id, so the message is stable."""
    reported: set[frozenset[str]] = set()
    for cycle in _cycles(graph):
        key = frozenset(cycle)
        if key in reported:
            continue
        reported.add(key)
        chain = f" {verb} ".join([*cycle, cycle[0]])
        event, other = writers[(cycle[0], cycle[1 % len(cycle)])]
        _relation_problem(state, event, other, f"relations form a cycle: {chain}; remove or correct one of them")


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected knot, found by an iterative depth-first search."""
    colour: dict[str, int] = {}
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in colour:
            continue
        stack: list[tuple[str, list[str]]] = [(root, sorted(graph[root]))]
        path = [root]
        colour[root] = 1
        while stack:
            node, pending = stack[-1]
            if not pending:
                colour[node] = 2
                stack.pop()
                path.pop()
                continue
            nxt = pending.pop(0)
            if colour.get(nxt) == 1:
                cycle = path[path.index(nxt) :]
                smallest = cycle.index(min(cycle))
                found.append(cycle[smallest:] + cycle[:smallest])
            elif nxt not in colour and nxt in graph:
                colour[nxt] = 1
                path.append(nxt)
                stack.append((nxt, sorted(graph[nxt])))
    return found
