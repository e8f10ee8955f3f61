"""The checks of text fields: plain text, one-line titles, Markdown and its links.

Every value is checked for characters no text may hold (CONTENT-MODEL.md,
"Text, Markdown and links"); Markdown fields also for the shapes the
renderer refuses (`limits.markdown_limits`) and for links that are not
allowed (`links.check_link`), each reported where it is written in the
file, and each cross-reference recorded for the second pass.
"""

from __future__ import annotations

import re

from builder.errors import Problem
from builder.limits import markdown_limits
from builder.links import FoundLink, check_link, cross_reference, link_targets, relative_page_link
from builder.loading import Document
from builder.memo import MEMOS, Memo
from builder.validation.core import INVALID, YAML_READS_AS, Context, Invalid, Reference, accepts, expect_scalar
from builder.yamltree import Node, Scalar

MAX_TITLE_LENGTH = 200
# Any character but a line break of any kind (CONTENT-MODEL, "one line").
_ONE_LINE_CHARACTER = r"[^\n\r\u000b\u000c\u0085\u2028\u2029]"
_SCHEMA_TEXT = {"type": "string", "pattern": r"\S", "patternErrorMessage": "Write some text, or remove the field."}


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
    scalar = expect_scalar(node, name, ctx, "text")
    if scalar is None:
        return INVALID
    if scalar.kind != "str":
        ctx.problem(
            scalar,
            f"'{name}' must be text, but YAML reads {scalar.text} as {YAML_READS_AS[scalar.kind]}; "
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
        if ctx.page_folder is not None and not is_image:
            target = relative_page_link(target, ctx.page_folder) or target
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


_LINK_VERDICTS: Memo[tuple[str, bool], tuple[str | None, tuple[str, str] | None]] = MEMOS.memo()
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
        _LINK_VERDICTS.keep(key, verdict)
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
