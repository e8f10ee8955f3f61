"""Curator Markdown: the cheap link scan used by validation, and safe rendering.

Markdown fields are written by curators and reviewed by people, not by a
browser, so they are treated as untrusted. Two separate jobs live here:

* `find_links` / `check_link` let validation report every bad link with a
  line and column *without* parsing Markdown (it runs over every body of
  every file on each build, so it is regex-based and must stay cheap).
* `render_markdown` turns Markdown into HTML that is safe whatever the input:
  raw HTML is cut down to a few inline elements, links are checked again on
  the parsed tree (validation may have been skipped, e.g. for drafts), and
  the whole result goes through nh3 (ammonia) with an allowlist of what
  Markdown itself produces.
"""

from __future__ import annotations

import bisect
import hashlib
import html
import itertools
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as etree

import markdown
import nh3
from markdown import util as markdown_util
from markdown.htmlparser import HTMLExtractor
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from builder.ids import WINDOWS_DEVICE_NAMES, device_name_message, is_valid_id
from builder.kinds import BY_FOLDER, KIND_NAMES

__all__ = [
    "FoundLink",
    "Limit",
    "check_link",
    "cross_reference",
    "find_links",
    "is_http_url",
    "markdown_limits",
    "render_markdown",
]

# --------------------------------------------------------------------------
# Link rules
# --------------------------------------------------------------------------

CROSS_REFERENCE_KINDS = KIND_NAMES
"""Prefixes of a cross-reference link, `event:<id>` and so on."""


# Characters a URL may never contain: whitespace (any), C0/C1 controls and
# the ones RFC 3986 leaves out, which also break HTML attributes.
_FORBIDDEN_URL_CHARACTER = re.compile(r'[\s\x00-\x1f\x7f-\x9f"<>\\^`{|}]')
_HTTP_URL = re.compile(
    r"https?://"
    r"(?:[^/?#@]*@)?"  # optional user info
    r"(?:\[[0-9a-f:.]+\]|[^/?#@:\[\]]+)"  # host: IPv6 literal or a name
    r"(?::[0-9]*)?"  # optional port
    r"(?:[/?#].*)?",
    re.IGNORECASE | re.DOTALL,
)
_LOOKS_LIKE_HTTP = re.compile(r"https?:", re.IGNORECASE)
_MAILTO = re.compile(r"mailto:.+", re.IGNORECASE | re.DOTALL)
_ANCHOR = re.compile(r"#.+", re.DOTALL)
_ROOT_RELATIVE_PAGE = re.compile("/(" + "|".join(BY_FOLDER) + r")/([^/?#]+)/?")

_NOT_ALLOWED_HINT = "use an https:// URL, event:<id>, actor:<id>, tag:<id>, briefing:<id>, #anchor or mailto:"


@dataclass(frozen=True)
class FoundLink:
    """A link or image destination written in Markdown, where the curator wrote it."""

    target: str
    is_image: bool
    line: int
    column: int


def is_http_url(value: str) -> bool:
    """Whether `value` is an http(s) URL a page may link to.

    Shared with the validation of `url` fields so a URL is judged the same
    wherever it is written: scheme in any case, `://`, a host, and none of
    the characters that are invalid in a URL or that would let it escape an
    HTML attribute.
    """
    return _HTTP_URL.fullmatch(value) is not None and not _FORBIDDEN_URL_CHARACTER.search(value)


def cross_reference(target: str) -> tuple[str, str] | None:
    """Split `event:x` into `("event", "x")`; None when `target` is not a cross-reference.

    The id is returned as written, valid or not, so that the caller can say
    what is wrong with it (`check_link` does).
    """
    kind, colon, identifier = target.partition(":")
    if colon and kind in CROSS_REFERENCE_KINDS:
        return kind, identifier
    return None


def check_link(link: FoundLink) -> str | None:
    """None when the link is allowed, else the message a curator should read.

    The rules follow CONTENT-MODEL.md, "Text, Markdown and links": every
    message names the link as written and says what to write instead.
    """
    target = link.target
    shown = _shown(target)
    if link.is_image:
        if is_http_url(target):
            return None
        return f"image {shown} must be an http:// or https:// URL"
    if is_http_url(target) or _is_anchor(target) or _is_mailto(target):
        return None
    reference = cross_reference(target)
    if reference is not None:
        if _is_valid_id(reference[1]):
            return None
        if reference[1] in WINDOWS_DEVICE_NAMES:
            return f"link {shown} names an invalid id: {device_name_message(reference[1])}"
        return f"link {shown} names an invalid id: ids are lowercase letters, digits and single hyphens"
    if target.startswith("/") and not target.startswith("//"):
        return _root_relative_message(target)
    if _LOOKS_LIKE_HTTP.match(target):
        return (
            f"link {shown} is not a valid URL: write http:// or https://, a host, and no spaces,"
            ' control characters or " < > \\ ^ ` { | }'
        )
    return f"link {shown} is not allowed: {_NOT_ALLOWED_HINT}"


def _is_valid_id(identifier: str) -> bool:
    """The id rule of CONTENT-MODEL.md, "Identifiers", as builder/ids.py defines it for every stage."""
    return is_valid_id(identifier)


def _is_anchor(target: str) -> bool:
    """A same-page `#part`: anything URL-safe after the hash."""
    return _ANCHOR.fullmatch(target) is not None and not _FORBIDDEN_URL_CHARACTER.search(target)


def _is_mailto(target: str) -> bool:
    """A `mailto:` address (scheme in any case, like http)."""
    return _MAILTO.fullmatch(target) is not None and not _FORBIDDEN_URL_CHARACTER.search(target)


def _root_relative_message(target: str) -> str:
    """Explain why `/events/x/` breaks, naming the cross-reference to write when there is one."""
    shown = _shown(target)
    page = _ROOT_RELATIVE_PAGE.fullmatch(target)
    if page is not None:
        kind = BY_FOLDER[page.group(1)].name
        return (
            f"link {shown} is root-relative, which breaks on a sub-path and from disk; write '{kind}:{page.group(2)}'"
        )
    return (
        f"link {shown} is root-relative; link to a page with event:<id>, actor:<id>, tag:<id>"
        " or briefing:<id>, or give a full https:// URL"
    )


def _shown(target: str) -> str:
    """Quote a target for a one-line message: control characters are shown escaped.

    A destination may contain a newline (Markdown allows it inside `(...)`),
    which would otherwise split a `path:line:column: message` report.
    """
    visible = re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: m.group().encode("unicode_escape").decode(), target)
    return f"'{visible}'"


# --------------------------------------------------------------------------
# find_links: a regex scan, no Markdown parse
# --------------------------------------------------------------------------

_TAB_WIDTH = 4
# A list item, or a footnote definition, whose indented paragraphs are continuations, not code.
_LIST_ITEM = re.compile(r" {0,3}(?:(?:[*+-]|\d+\.)[ \t]+|\[\^[^\]]*\]:)")
_CODE_SPAN = re.compile(r"(?<!\\)(`+)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
# The usual `(dest)` or `(dest "title")`, matched without the character loop.
_SIMPLE_DESTINATION = re.compile(r"\([ \t]*([^\s()<>\"']*)[ \t]*(?:\"[^\"\n]*\"[ \t]*)?\)")
# What the bracket scan stops at: an escape, an opening bracket, a closing one
# (with a simple destination after it when there is one, as group 1) or a blank line.
_BRACKET_TOKEN = re.compile(r"\\.|!\[|\[|\]" + _SIMPLE_DESTINATION.pattern + r"|\]|\n[ \t]*\n", re.DOTALL)
_ANGLE_DESTINATION = re.compile(r"\(\s*<([^<>]*)>\s*(?:'[^']*'\s*|\"[^\"]*\"\s*)?\)")
# Python-Markdown's own reference-definition pattern (blockprocessors.py), with
# footnote definitions (`[^1]:`) left to the footnotes extension. It applies to
# a block once quotes' `>`, list markers, a footnote's `[^1]:` and continuation
# indentation are taken off, so any run of those may come first (atomically:
# a long run of spaces is not tried every way).
_REFERENCE_DEFINITION = re.compile(
    r"^(?>(?:[ ]{0,3}>[ ]?|[ ]{0,3}(?:[*+-]|\d+\.)[ ]+|[ ]{0,3}\[\^[^\]]*\]:[ ]*|[ ]{4})*)"  # quotes, items, notes
    r"[ ]{0,3}\[(?!\^)[^\[\]]*\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?"
    r"(?:([\"'])(?:.*)\2[ ]*|\((?:.*)\)[ ]*)?$",
    re.MULTILINE,
)
# Python-Markdown's autolink patterns: `<scheme://…>` of any scheme, and `<address@host>`
# (also written `<mailto:address@host>`), which it makes a `mailto:` link.
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>|<([^<> !]+@[^@<> ]+)>")


def find_links(text: str) -> list[FoundLink]:
    """Every link and image destination in `text`, in reading order.

    Mirrors what Python-Markdown (with no fenced-code extension) treats as a
    link: code blocks and code spans are blanked out first, keeping every
    offset, then inline links, reference definitions and autolinks are
    found with regular expressions. Cheap enough to run over thousands of
    bodies per build.
    """
    spans = link_targets(text)
    if not spans:
        return []
    # Each line starts after the previous one and its "\n", summed in C.
    line_starts = [0, *itertools.accumulate(map(_plus_one, map(len, text.split("\n")[:-1])))]
    return [_found_link(target, offset, is_image, line_starts) for offset, _length, is_image, target in spans]


def link_spans(text: str) -> list[tuple[int, int, bool]]:
    """What `find_links` finds, as (offset, length, is_image) in `text`.

    Validation places each link in its file from the offset in the value,
    so it skips `find_links`' lines and columns, which it would only turn
    back into offsets.
    """
    return [(offset, length, is_image) for offset, length, is_image, _target in link_targets(text)]


def link_targets(text: str) -> list[tuple[int, int, bool, str]]:
    """`link_spans` with each destination as the renderer reads it.

    Python-Markdown expands tabs (to 4 columns) before anything else and
    undoes backslash escapes (`\\_` is `_`), and the browser decodes
    entities (`&#58;` is `:`), so `[a](https&#58;//x.org)` is a web link and
    `[a](&#106;avascript:x)` is not: the check judges what the renderer will
    judge. An automatic e-mail link `<a@b.org>` is `mailto:a@b.org`.
    """
    if "[" not in text and "<" not in text:
        return []
    if "\t" not in text:
        return [(offset, length, is_image, _as_rendered(text[offset : offset + length], form))
                for offset, length, is_image, form in _scan(text)]  # fmt: skip
    expanded, where = _expand_tabs(text)
    return [
        (where[offset], where[offset + length] - where[offset], is_image,
         _as_rendered(expanded[offset : offset + length], form))
        for offset, length, is_image, form in _scan(expanded)
    ]  # fmt: skip


def _expand_tabs(text: str) -> tuple[str, list[int]]:
    """`text` with tabs expanded as Python-Markdown does, and each expanded offset's offset in `text`."""
    expanded: list[str] = []
    where: list[int] = []
    column = 0
    for offset, character in enumerate(text):
        if character == "\t":
            width = _TAB_WIDTH - column % _TAB_WIDTH
            expanded.append(" " * width)
            where += [offset] * width
            column += width
        else:
            expanded.append(character)
            where.append(offset)
            column = 0 if character == "\n" else column + 1
    where.append(len(text))
    return "".join(expanded), where


_INLINE, _DEFINITION, _AUTOLINK_FORM, _AUTOMATIC_EMAIL = range(4)
"""How a destination is written, which decides how the renderer reads it (`_as_rendered`)."""


def _scan(text: str) -> list[tuple[int, int, bool, int]]:
    """(offset, length, is_image, form) of each destination, in reading order."""
    scannable = _blank_code_spans(_blank_code_blocks(_blank_raw_html_blocks(text)))
    inline = [(*span, _INLINE) for span in _inline_destinations(scannable)]
    definitions = [(*span, _DEFINITION) for span in _reference_destinations(scannable)]
    autolinks = list(_autolink_destinations(scannable))
    if not definitions and not autolinks:
        return inline  # already in reading order, each once
    # `[ref]: <https://…>` is both a definition and an autolink, `[a](<b@c>)` a link and
    # an automatic e-mail link: each is found once, as the first of these.
    found: dict[tuple[int, int], tuple[int, int, bool, int]] = {}
    for span in [*inline, *definitions, *autolinks]:
        found.setdefault((span[0], span[1]), span)
    return sorted(found.values())


_plus_one = (1).__add__

_ESCAPABLE = frozenset("\\`*_{}[]()>#+-.!|")
"""Python-Markdown's ESCAPED_CHARS with the tables extension: `\\x` is `x` for these only."""
_BACKSLASH_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def _as_rendered(written: str, form: int) -> str:
    """A destination as written, as the renderer's link check will see it.

    A reference definition's destination is kept as written by Python-Markdown
    (no backslash unescaping); any other has its escapes undone.
    """
    if form == _AUTOMATIC_EMAIL:
        written = "mailto:" + written.removeprefix("mailto:")
    if "\\" in written and form != _DEFINITION:
        written = _BACKSLASH_ESCAPE.sub(lambda m: m.group(1) if m.group(1) in _ESCAPABLE else m.group(), written)
    if "&" in written:
        written = html.unescape(written)
    return written


def _found_link(target: str, offset: int, is_image: bool, line_starts: list[int]) -> FoundLink:
    """Turn an offset into the 0-based line and column validation reports."""
    line = bisect.bisect_right(line_starts, offset) - 1
    return FoundLink(target, is_image, line, offset - line_starts[line])


_RAW_HTML_AT_LINE_START = re.compile(r"^ {0,3}<[A-Za-z!?]", re.MULTILINE)


def _blank_raw_html_blocks(text: str) -> str:
    """Blank out what Python-Markdown keeps as raw HTML blocks (a `<div>` or `<pre>` at the
    start of a line up to its end tag, a comment, a declaration): what is inside is shown
    as HTML, then sanitised to text, never as Markdown links.

    The blocks are found by Python-Markdown's own HTML extractor, run alone (no
    Markdown is converted), and only for a text with a tag at the start of a line.
    A block becomes letters, not spaces: spaces would make what follows it on its
    line look indented like code."""
    if "<" not in text or not _RAW_HTML_AT_LINE_START.search(text):
        return text
    finder = _RawBlockFinder(markdown.Markdown())
    finder.feed(text + "\n\n")
    finder.close()
    if finder.inraw:  # never closed: Python-Markdown keeps the rest of the text raw
        finder.spans.append((finder.raw_start, len(text)))
    pieces, done = [], 0
    for start, end in finder.spans:
        start, end = max(start, done), min(end, len(text))
        if start < end:
            pieces += [text[done:start], re.sub(r"[^\n]", "x", text[start:end])]
            done = end
    return "".join([*pieces, text[done:]])


class _RawBlockFinder(HTMLExtractor):
    """Python-Markdown's extractor of raw HTML blocks, noting where each block starts and ends
    (offsets in the text it is fed) as it stashes them."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.spans: list[tuple[int, int]] = []
        self.raw_start = 0

    def _position(self) -> int:
        return int(self.line_offset + self.offset)

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        was_raw, position = self.inraw, self._position()
        super().handle_starttag(tag, attrs)
        if self.inraw and not was_raw:
            self.raw_start = position

    def handle_endtag(self, tag: str) -> None:
        was_raw, position, written = self.inraw, self._position(), self.get_endtag_text(tag)
        super().handle_endtag(tag)
        if was_raw and not self.inraw:
            self.spans.append((self.raw_start, position + len(written)))

    def handle_empty_tag(self, data: str, is_block: bool) -> None:
        stashed, position = len(self.md.htmlStash.rawHtmlBlocks), self._position()
        super().handle_empty_tag(data, is_block)
        if not self.inraw and len(self.md.htmlStash.rawHtmlBlocks) > stashed:
            self.spans.append((position, position + len(data)))


def _blank(fragment: str) -> str:
    """Spaces in place of `fragment`, newlines kept, so offsets and lines stay valid."""
    return re.sub(r"[^\n]", " ", fragment)


def _indentation(line: str) -> int:
    """Leading whitespace in columns, a tab counting as 4 (as Python-Markdown does)."""
    width = 0
    for character in line:
        if character == " ":
            width += 1
        elif character == "\t":
            width += _TAB_WIDTH - width % _TAB_WIDTH
        else:
            break
    return width


def _blank_code_blocks(text: str) -> str:
    """Blank out indented code blocks.

    An indented line is code when it starts a block (first line or after a
    blank line). Inside a list, Python-Markdown reads 4 columns as the item's
    continuation and needs 8 for code; a list ends at a blank line followed
    by an unindented line that is not an item.
    """
    if "    " not in text and "\t" not in text:
        return text
    lines = text.split("\n")
    after_blank, in_list, code_indent = True, False, 0
    quotes: dict[int, tuple[bool, bool, bool]] = {}  # by depth: after a blank quoted line, in code, in a list
    for number, line in enumerate(lines):
        if not line.strip():
            after_blank = True
            quotes.clear()
            continue
        quoted = _QUOTE_PREFIX.match(line)
        if quoted is not None:
            depth = quoted.group().count(">")
            lines[number] = quoted.group() + _blank_quoted_code(line[quoted.end() :], quotes, depth)
            after_blank = False
            continue
        quotes.clear()
        indent = _indentation(line)
        if code_indent and indent >= code_indent:
            lines[number] = _blank(line)
        elif after_blank and indent >= (code_needs := (2 if in_list else 1) * _TAB_WIDTH):
            code_indent = code_needs
            lines[number] = _blank(line)
        else:
            code_indent = 0
            if _LIST_ITEM.match(line):
                in_list = True
            elif after_blank and indent < _TAB_WIDTH:
                in_list = False
        after_blank = False
    return "\n".join(lines)


_QUOTE_PREFIX = re.compile(r"(?: {0,3}> ?)+")


def _blank_quoted_code(content: str, quotes: dict[int, tuple[bool, bool, bool]], depth: int) -> str:
    """A quoted line's text, blanked when it is an indented code line inside the quote.

    Python-Markdown reads a quote's lines, markers taken off, as a document of
    their own: there an indented line that starts the quote or follows a blank
    quoted line (`>` alone) is code, and so are the indented lines after it;
    inside a list it takes 8 columns, as outside a quote.
    `quotes` keeps that state by depth for the current run of quoted lines.
    """
    after_blank, in_code, in_list = quotes.get(depth, (True, False, False))
    if not content.strip():
        quotes[depth] = (True, False, in_list)
        return content
    if _indentation(content) >= (2 if in_list else 1) * _TAB_WIDTH and (after_blank or in_code):
        quotes[depth] = (False, True, in_list)
        return _blank(content)
    if _LIST_ITEM.match(content):
        in_list = True
    elif after_blank and _indentation(content) < _TAB_WIDTH:
        in_list = False
    quotes[depth] = (False, False, in_list)
    return content


def _blank_code_spans(text: str) -> str:
    """Blank out code spans (which in Python-Markdown never cross a blank line).

    Backtick "fences" are code spans too in this Markdown dialect: a fenced
    block without blank lines inside is one code span.
    """
    if "`" not in text:
        return text
    return _CODE_SPAN.sub(lambda m: _blank(m.group()), text)


def _inline_destinations(text: str) -> list[tuple[int, int, bool]]:
    """(offset, length, is_image) of each `[text](dest)` and `![alt](dest)` Python-Markdown renders.

    One pass with a stack of open brackets; a blank line ends a paragraph and
    forgets unclosed brackets. The usual `](dest)` is one token
    (`_BRACKET_TOKEN`): its destination needs no further look. Nesting as
    Python-Markdown treats it: an image in a link's text is rendered, a link
    in a link's text is not (the outer link is found first, and its text is
    not searched for links again), and nothing in an image's alt text is (it
    becomes plain text).
    """
    if "](" not in text:
        return []
    openers: list[tuple[bool, int]] = []
    found: list[tuple[int, int, int, bool]] = []  # (opener, offset, length, is_image)
    position = 0
    while (token := _BRACKET_TOKEN.search(text, position)) is not None:
        position = token.end()
        kind = token.group()
        if kind in ("[", "!["):
            openers.append((kind == "![", token.start()))
        elif kind[0] == "]" and openers:
            is_image, opener = openers.pop()
            destination: tuple[int, int, int] | None = None
            if token.lastindex:  # `](dest)`: no whitespace around the destination to strip
                destination = token.start(1), token.end(1) - token.start(1), position
            elif text.startswith("(", position):
                destination = _destination(text, position)
            if destination is not None:
                offset, length, position = destination
                if found and found[-1][0] > opener:
                    inner = len(found)
                    while inner and found[inner - 1][0] > opener:
                        inner -= 1
                    found[inner:] = [] if is_image else [span for span in found[inner:] if span[3]]
                found.append((opener, offset, length, is_image))
        elif kind[0] == "]":
            position = token.start() + 1  # a `]` that closes nothing: its `(…)` is text, scanned as such
        elif kind.startswith("\n"):
            openers.clear()
    return [(offset, length, is_image) for _opener, offset, length, is_image in found]


_PYTHON_MARKDOWN_LINK = re.compile(r"""\(\s*(?:(<[^<>]*>)\s*(?:('[^']*'|"[^"]*")\s*)?\))?""", re.DOTALL)


def _destination(text: str, open_paren: int) -> tuple[int, int, int] | None:
    """(offset, length, end) of the destination in `(dest "title")` at `open_paren`.

    Python-Markdown's `LinkInlineProcessor.getLink`, step for step: `<dest>`
    in angle brackets, or a walk that counts nested parentheses and, once a
    quote is seen, takes it for a title (so `(x "y) z")` ends at the last
    `)`). Its input is one paragraph, so the walk stops at a blank line.
    None when the link is not closed. Validation only scans texts within
    `markdown_limits`, which bound the total length of these walks.
    """
    simple = _SIMPLE_DESTINATION.match(text, open_paren)
    if simple is not None:
        return (*_stripped_span(text, simple.start(1), simple.end(1)), simple.end())
    paragraph_end = _PARAGRAPH_END.search(text, open_paren)
    last = paragraph_end.start() if paragraph_end is not None else len(text)
    match = _PYTHON_MARKDOWN_LINK.match(text, open_paren, last)
    if match is None:
        return None
    if match.group(1):
        return (*_stripped_span(text, match.start(1) + 1, match.end(1) - 1), match.end())
    bracket_count = backtrack_count = 1
    start_index = index = match.end()
    last_bracket = -1
    quote = alt_quote = ""
    start_quote = exit_quote = start_alt_quote = exit_alt_quote = -1
    ignore_matches = False
    previous = ""
    href_end = -1
    for position in range(start_index, last):
        character = text[position]
        if character == "(":
            if not ignore_matches:
                bracket_count += 1
            elif backtrack_count > 0:
                backtrack_count -= 1
        elif character == ")":
            if (exit_quote != -1 and quote == previous) or (exit_alt_quote != -1 and alt_quote == previous):
                bracket_count = 0
            elif not ignore_matches:
                bracket_count -= 1
            elif backtrack_count > 0:
                backtrack_count -= 1
                if backtrack_count == 0:
                    last_bracket = index + 1
        elif character in "'\"":
            if not quote:
                ignore_matches = True
                backtrack_count = bracket_count
                bracket_count = 1
                start_quote = index + 1
                quote = character
            elif character != quote and not alt_quote:
                start_alt_quote = index + 1
                alt_quote = character
            elif character == quote:
                exit_quote = index + 1
            elif alt_quote and character == alt_quote:
                exit_alt_quote = index + 1
        index += 1
        if bracket_count == 0:
            if exit_quote >= 0 and quote == previous:
                href_end = start_quote - 1
            elif exit_alt_quote >= 0 and alt_quote == previous:
                href_end = start_alt_quote - 1
            else:
                href_end = index - 1
            break
        if character != " ":
            previous = character
    if bracket_count != 0 and backtrack_count == 0:
        if last_bracket < 0:  # Python-Markdown slices with -1 here: the paragraph's end, less one
            last_bracket = last - 1
        href_end, index, bracket_count = last_bracket - 1, last_bracket, 0
    if bracket_count != 0:
        return None
    return (*_stripped_span(text, start_index, max(start_index, href_end)), max(index, open_paren + 1))


def _stripped_span(text: str, start: int, stop: int) -> tuple[int, int]:
    """(offset, length) of text[start:stop] without surrounding whitespace."""
    while start < stop and text[start].isspace():
        start += 1
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    return start, stop - start


def _reference_destinations(text: str) -> Iterator[tuple[int, int, bool]]:
    """(offset, length, False) of each `[ref]: dest` definition.

    Python-Markdown drops angle brackets around the destination
    (`lstrip('<').rstrip('>')`), so the reported target does too.
    """
    if "]:" not in text:
        return
    for definition in _REFERENCE_DEFINITION.finditer(text):
        written = definition.group(1)
        target = written.lstrip("<").rstrip(">")
        yield definition.start(1) + len(written) - len(written.lstrip("<")), len(target), False


def _autolink_destinations(text: str) -> Iterator[tuple[int, int, bool, int]]:
    """(offset, length, False, form) of each `<scheme://…>` or `<address@host>` autolink."""
    if "<" not in text:
        return
    for autolink in _AUTOLINK.finditer(text):
        group = 1 if autolink.group(1) is not None else 2
        form = _AUTOLINK_FORM if group == 1 else _AUTOMATIC_EMAIL
        yield autolink.start(group), autolink.end(group) - autolink.start(group), False, form


# --------------------------------------------------------------------------
# markdown_limits: shapes Python-Markdown would take super-linear time over
# --------------------------------------------------------------------------

MAX_NESTING = 20
"""Lists and quotes nested deeper than this are an error (CONTENT-MODEL.md): Python-Markdown
parses them recursively, and its time grows with the square of the depth."""

MAX_PARAGRAPH = 20_000
MAX_MARKS_IN_LONG_PARAGRAPH = 200
"""A paragraph over MAX_PARAGRAPH characters may hold at most this many inline marks
(`*`, `_`, `` ` ``, `[`, `<`, `&`, `\\`). Python-Markdown rebuilds a paragraph's text after
each inline element it finds, so its time grows with length x elements: bounding one
or the other bounds it, and a text of many paragraphs costs the sum of theirs."""
_INLINE_MARKS = ("*", "_", "`", "[", "<", "&", "\\", "  \n")

MAX_FOOTNOTE_REFERENCES = 20
"""References to one footnote: each one makes Python-Markdown walk all the earlier ones."""

_SCAN_FACTOR = 8
_SCAN_SLACK = 1_000
# Python-Markdown's bracket, link and raw-HTML scans each walk forward from an
# opener to its closer (or to the end of the paragraph, or of the text for raw
# HTML). The sum of those walks is computed here in linear time, and a text
# whose sum exceeds _SCAN_FACTOR x length + _SCAN_SLACK is refused: the renderer's
# time is then linear in the text's length whatever its shape.

_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")
_LONG_CONTAINER_PREFIX = re.compile(rf"[ \t>*+\-0-9.)]{{{MAX_NESTING + 1}}}")
_LONG_NESTED_LINE = re.compile(rf"\n{_LONG_CONTAINER_PREFIX.pattern}")
"""A line that could nest deeper than MAX_NESTING (each level takes at least one character of
its prefix): only a text with such a line is measured by `_nesting_limit`. The first line is
matched, the others found after a line feed, which `re` searches for quickly."""
_CONTAINER_PREFIX = re.compile(r"(?:[ \t]*(?:>|(?:[*+-]|\d{1,9}[.)])(?=[ \t])))*[ \t]*")
_CONTAINER_MARKER = re.compile(r">|(?:[*+-]|\d{1,9}[.)])(?=[ \t])")
_BRACKET = re.compile(r"\\.|[\[\]]", re.DOTALL)
_PAREN = re.compile(r"\\.|[()]", re.DOTALL)
_LINK_OPEN = re.compile(r"(?<!\\)\]\(")
_TAG_OPENER = re.compile(r"<[A-Za-z/!?]")
_FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]\n]+)\](?!:)")
_TABLE_DELIMITER_ROW = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-*:?[ \t]*)*\|?[ \t]*")


@dataclass(frozen=True)
class Limit:
    """A shape over a limit: where it starts (offset in the text) and what to do about it."""

    offset: int
    message: str


def markdown_limits(text: str) -> list[Limit]:
    """Every shape in `text` that would make rendering super-linear, or recurse too deep.

    Validation reports each at its position, and `render_markdown` refuses to
    hand such a text to Python-Markdown at all (a draft is not validated), so
    `check` and a build agree and no text can stall a build. Each check has a
    cheap first test (a count), so ordinary texts cost a few `str` calls.
    """
    limits: list[Limit] = []
    if _LONG_CONTAINER_PREFIX.match(text) or _LONG_NESTED_LINE.search(text):
        _nesting_limit(text, limits)
    start = 0
    for paragraph_end in [*(m.start() for m in _BLANK_LINE.finditer(text)), len(text)]:
        _paragraph_limits(text, start, paragraph_end, limits)
        start = paragraph_end + 1
    _tag_limit(text, limits)
    _element_depth_limit(text, limits)
    _footnote_limit(text, limits)
    if len(limits) > MAX_LIMITS_REPORTED:
        more = len(limits) - MAX_LIMITS_REPORTED
        limits[MAX_LIMITS_REPORTED:] = [
            Limit(limits[MAX_LIMITS_REPORTED].offset, f"and {more} more places like those above in this text")
        ]
    return limits


MAX_LIMITS_REPORTED = 10
"""Each limit is placed in its file by a search from the scalar's start, so a text that
breaks thousands of them reports the first ten and a count."""


def _nesting_limit(text: str, limits: list[Limit]) -> None:
    """The first line whose lists and quotes go deeper than MAX_NESTING.

    A level is a `>` or a list marker at the start of the line, or four
    columns of indentation (which is how Python-Markdown nests a list item).
    """
    line_start = 0
    for line in text.split("\n"):
        prefix = _CONTAINER_PREFIX.match(line)
        if prefix is not None and prefix.end() > MAX_NESTING:
            written = prefix.group()
            markers = len(_CONTAINER_MARKER.findall(written))
            spaces = written.count(" ") + 4 * written.count("\t") - markers
            depth = markers + max(0, spaces) // _TAB_WIDTH
            if depth > MAX_NESTING:
                column = len(written) - len(written.lstrip(" \t"))
                limits.append(
                    Limit(
                        line_start + column,
                        f"lists and quotes are nested {depth} levels deep here, over the limit of {MAX_NESTING}; "
                        "flatten the structure",
                    )
                )
                return
        line_start += len(line) + 1


def _budget(length: int) -> int:
    return _SCAN_FACTOR * length + _SCAN_SLACK


def _paragraph_limits(text: str, start: int, end: int, limits: list[Limit]) -> None:
    """Length, bracket and link-destination limits of one paragraph (text between blank lines)."""
    length = end - start
    if length > MAX_PARAGRAPH and _paragraph_length(text, start, end) > MAX_PARAGRAPH:
        marks = sum(text.count(mark, start, end) for mark in _INLINE_MARKS)
        if marks > MAX_MARKS_IN_LONG_PARAGRAPH:
            limits.append(
                Limit(
                    start + len(text[start:end]) - len(text[start:end].lstrip()),
                    f"this paragraph is {length} characters with {marks} inline marks (links, emphasis, code, "
                    f"HTML), over the limits of {MAX_PARAGRAPH} characters and {MAX_MARKS_IN_LONG_PARAGRAPH} marks "
                    "in one paragraph; split it with blank lines",
                )
            )
            return
    # Each walk costs at most (its marks) x (the paragraph's length): only a paragraph where
    # that product is over the budget is walked.
    for mark, limit in (
        ("[", _bracket_limit),
        ("](", _destination_limit),
        ("`", _backtick_limit),
    ):
        count = text.count(mark, start, end)
        if count and count * length > _budget(length):
            limit(text, start, end, limits)
    lines = text.count("\n", start, end) + 1
    if lines * length > _budget(length):
        # At most the lines that start with one of the characters a splitting line starts with.
        splitting = 1 + sum(text.count("\n" + first, start, end) for first in " #=*_-")
        if splitting * length > _budget(length):
            _split_block_limit(text, start, end, limits)


# A line on which Python-Markdown ends a heading or a rule inside a paragraph: `# x`, a
# setext underline (`===`, `---`) or a rule (`***`, `- - -`, `___`).
_BLOCK_SPLITTING_LINE = re.compile(r" {0,3}(?:#|[=-]+[ \t]*$|(?:[-*_][ \t]*){3,}$)")


def _split_block_limit(text: str, start: int, end: int, limits: list[Limit]) -> None:
    """Headings and rules packed into one paragraph: Python-Markdown takes each off the top
    and hands the rest back, and every block processor looks through that rest again (the
    table test splits all of its lines), so the work is each splitting line's distance to
    the paragraph's end."""
    work, count, first, position = 0, 0, -1, start
    for line in text[start:end].split("\n"):
        if _BLOCK_SPLITTING_LINE.match(line):
            work += end - position
            count += 1
            first = position if first < 0 else first
        position += len(line) + 1
    if work > _budget(end - start):
        limits.append(
            Limit(
                first,
                f"{count} headings or rules in one paragraph make it too slow to render; "
                "put a blank line before and after each heading and rule",
            )
        )


_BACKTICK_RUN = re.compile(r"`+")


def _backtick_limit(text: str, start: int, end: int, limits: list[Limit]) -> None:
    """Python-Markdown walks from each run of backticks to the next run of the same length,
    or to the paragraph's end when there is none (then tries the next run)."""
    runs = [(run.start(), run.end() - run.start()) for run in _BACKTICK_RUN.finditer(text, start, end)]
    next_same: list[int] = [end] * len(runs)
    seen: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        position, length = runs[index]
        next_same[index] = seen.get(length, end)
        seen[length] = position
    work, unmatched, first = 0, 0, -1
    for index, (position, _length) in enumerate(runs):
        work += next_same[index] - position
        if next_same[index] == end:
            unmatched += 1
            first = position if first < 0 else first
    if work > _budget(end - start):
        limits.append(
            Limit(
                first if first >= 0 else start,
                f"{unmatched} runs of backticks in one paragraph are never closed by a run of the same length, "
                "which makes it too slow to render; close each code span or escape the backticks as \\`",
            )
        )


def _paragraph_length(text: str, start: int, end: int) -> int:
    """The longest run Python-Markdown would treat as one inline text within text[start:end].

    A list whose every line starts an item, or a table, is cut into one text
    per line; anything else (a paragraph, a list item with continuation lines)
    is one text.
    """
    length = end - start
    if length <= MAX_PARAGRAPH:
        return length
    lines = text[start:end].split("\n")
    if len(lines) > 1 and _TABLE_DELIMITER_ROW.fullmatch(lines[1]) and "-" in lines[1]:
        return max(map(len, lines))
    if all(_CONTAINER_MARKER.match(line.lstrip(" \t>")) for line in lines if line.strip()):
        return max(map(len, lines))
    return length


def _bracket_limit(text: str, start: int, end: int, limits: list[Limit]) -> None:
    """Python-Markdown walks from each `[` to its matching `]`, or to the paragraph's end."""
    stack: list[int] = []
    work = 0
    deepest, deepest_at = 0, start
    for token in _BRACKET.finditer(text, start, end):
        character = token.group()
        if character == "[":
            stack.append(token.start())
            if len(stack) > deepest:
                deepest, deepest_at = len(stack), token.start()
        elif character == "]" and stack:
            work += token.start() - stack.pop()
    work += sum(end - opener for opener in stack)
    if work <= _budget(end - start):
        return
    if stack:
        limits.append(
            Limit(
                stack[0],
                f"{len(stack)} unclosed '[' in one paragraph make it too slow to render; "
                "escape them as \\[ or close them",
            )
        )
    else:
        limits.append(
            Limit(
                deepest_at,
                f"'[' nested {deepest} deep in one paragraph makes it too slow to render; "
                "escape the inner ones as \\[ and \\]",
            )
        )


def _destination_limit(text: str, start: int, end: int, limits: list[Limit]) -> None:
    """Python-Markdown walks from each `](` to its closing `)` (or, past an unclosed quote, to the end)."""
    closing: dict[int, int] = {}
    stack: list[int] = []
    for token in _PAREN.finditer(text, start, end):
        if token.group() == "(":
            stack.append(token.start())
        elif token.group() == ")" and stack:
            closing[stack.pop()] = token.start()
    quotes = {q: [m.start() for m in re.finditer(q, text[start:end])] for q in ("'", '"')}

    def odd(positions: list[int], low: int, high: int) -> bool:
        return (bisect.bisect_left(positions, high - start) - bisect.bisect_left(positions, low - start)) % 2 == 1

    work, unclosed, first = 0, 0, -1
    for link in _LINK_OPEN.finditer(text, start, end):
        paren = link.start() + 1
        close = closing.get(paren)
        if close is None or odd(quotes['"'], paren, close) or odd(quotes["'"], paren, close):
            work += end - paren
            unclosed += 1
            first = paren if first < 0 else first
        else:
            work += close - paren
    if work <= _budget(end - start):
        return
    limits.append(
        Limit(
            first if first >= 0 else start,
            f"{unclosed} link destinations '](' in one paragraph are not closed by ')' (or hold an unclosed quote),"
            " which makes it too slow to render; close them or escape the bracket as \\]",
        )
    )


MAX_ELEMENT_DEPTH = 100
"""Raw HTML elements open at once: the HTML sanitiser looks through the open ones at each
tag, so thousands of unclosed `<div>` or `<ul>` cost the square of their number."""
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^<>]*?(/?)>")
_VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


def _element_depth_limit(text: str, limits: list[Limit]) -> None:
    """The first raw HTML tag that opens more than MAX_ELEMENT_DEPTH elements at once,
    counting every start tag until its end tag (void and self-closed elements aside)."""
    if text.count("<") <= MAX_ELEMENT_DEPTH:
        return
    depth = 0
    for tag in _HTML_TAG.finditer(text):
        closing, name, self_closed = tag.group(1), tag.group(2).lower(), tag.group(3)
        if closing:
            depth = max(0, depth - 1)
        elif not self_closed and name not in _VOID_ELEMENTS:
            depth += 1
            if depth > MAX_ELEMENT_DEPTH:
                limits.append(
                    Limit(
                        tag.start(),
                        f"HTML elements are open {depth} deep here (tags never closed, or nested), over the "
                        f"limit of {MAX_ELEMENT_DEPTH}, which makes the text too slow to render; close them or "
                        "remove the HTML",
                    )
                )
                return


def _tag_limit(text: str, limits: list[Limit]) -> None:
    """Python-Markdown's HTML parser walks from each `<tag` opener to its `>`, across paragraphs.

    Inside a quoted attribute value a `>` does not end the tag, so an opener
    whose `>` comes after a quote is walked past the closing quote too. The
    next `>` or quote is found by bisection over their positions, so this is
    never quadratic itself.
    """
    openers = text.count("<")
    if openers < 2 or openers * len(text) <= _budget(len(text)):
        return
    ends = [m.start() for m in re.finditer(">", text)]
    quotes = {q: [m.start() for m in re.finditer(q, text)] for q in ("'", '"')}

    def next_of(positions: list[int], after: int) -> int:
        index = bisect.bisect_left(positions, after)
        return positions[index] if index < len(positions) else -1

    work, unclosed, first = 0, 0, -1
    for opener in _TAG_OPENER.finditer(text):
        position = opener.start()
        close = next_of(ends, position)
        if close >= 0:
            found = [q for q in (next_of(quotes["'"], position), next_of(quotes['"'], position)) if 0 <= q < close]
            if found:
                quote = min(found)
                after_quote = next_of(quotes[text[quote]], quote + 1)
                close = next_of(ends, after_quote) if after_quote >= 0 else -1
        if close < 0:
            close = len(text)
            unclosed += 1
            first = position if first < 0 else first
        work += close - position
    if work > _budget(len(text)):
        limits.append(
            Limit(
                first if first >= 0 else 0,
                f"{unclosed} '<' start a tag that is never closed by '>', which makes the text too slow to render; "
                "write them as &lt;",
            )
        )


def _footnote_limit(text: str, limits: list[Limit]) -> None:
    """More than MAX_FOOTNOTE_REFERENCES references to one footnote."""
    if text.count("[^") <= MAX_FOOTNOTE_REFERENCES:
        return
    counts: dict[str, int] = {}
    for reference in _FOOTNOTE_REFERENCE.finditer(text):
        label = reference.group(1)
        counts[label] = counts.get(label, 0) + 1
        if counts[label] == MAX_FOOTNOTE_REFERENCES + 1:
            limits.append(
                Limit(
                    reference.start(),
                    f"footnote [^{_shown(label)[1:-1]}] is referred to more than {MAX_FOOTNOTE_REFERENCES} times; "
                    "refer to it less often or make several footnotes",
                )
            )


# --------------------------------------------------------------------------
# render_markdown
# --------------------------------------------------------------------------

RAW_INLINE_TAGS = frozenset({"abbr", "br", "cite", "del", "ins", "kbd", "mark", "q", "s", "small", "sub", "sup"})
"""The only elements kept from raw HTML written by a curator (CONTENT-MODEL.md)."""

_RAW_ATTRIBUTES = {"abbr": {"title"}}
_REMOVED_WITH_CONTENT = {"script", "style"}

# No "img": a remote image is shown as a link to it (see _rewrite_image).
_MARKDOWN_INLINE_TAGS = RAW_INLINE_TAGS | {"a", "em", "strong", "code"}
_MARKDOWN_BLOCK_TAGS = frozenset(
    {"p", "pre", "blockquote", "ul", "ol", "li", "hr", "h2", "h3", "h4", "h5", "h6",
     "table", "thead", "tbody", "tr", "th", "td", "div"}
)  # fmt: skip
_MARKDOWN_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"style"},
    "td": {"style"},
    "sup": {"id"},  # footnote reference
    "li": {"id"},  # footnote
}
_MARKDOWN_CLASSES = {"div": {"footnote"}, "a": {"footnote-ref", "footnote-backref"}}
_MARKDOWN_ATTRIBUTE_VALUES = {"a": {"rel": {"noopener"}}}
_URL_SCHEMES = {"http", "https", "mailto"}

_LONE_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:[\s/][^<>]*)?>")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def render_markdown(
    text: str,
    resolve: Callable[[str, str], str | None],
    *,
    heading_level: int = 2,
    inline: bool = False,
) -> Markup:
    """Curator Markdown as sanitised HTML, ready to put in a template.

    `resolve(kind, id)` gives the relative URL of a cross-referenced page, or
    None when it is not published: that link becomes its text. The highest
    heading written (`#` or `##`) becomes `<h{heading_level}>` (2 to 6) and the
    rest follow it, so the page outline stays in order.
    `inline=True`, for one-paragraph summaries, keeps only phrasing content:
    the `<p>` wrapper (and any other block element) goes, its text stays.

    The result is a function of the text, the options and what `resolve`
    answers, so it is kept (see `_RENDERED`): an event's summary is shown on
    a dozen list pages, and the live preview rebuilds every page on each
    save. A kept result is used only when `resolve`, asked the same
    questions in the same order, gives the same answers; `resolve` must
    therefore be a pure lookup.
    """
    if not 2 <= heading_level <= 6:
        raise ValueError(f"heading_level must be 2 to 6, not {heading_level}")
    key = (text, heading_level, inline)
    kept = _RENDERED.get(key)
    if kept is not None:
        html_text, answers = kept
        if all(resolve(kind, ident) == url for kind, ident, url in answers):
            return Markup(html_text)
    if inline:
        # The block rendering cut down to phrasing content: sanitising only ever
        # removes, so this is what converting again and sanitising inline gives,
        # for one nh3 pass instead of a Markdown conversion.
        block = render_markdown(text, resolve, heading_level=heading_level)
        html_text, answers = _sanitise_output(block, inline=True), _RENDERED[(text, heading_level, False)][1]
    elif markdown_limits(text):
        # Only a draft (validation reports these) gets here: shown as written,
        # never handed to Python-Markdown, so no text can stall a build.
        html_text, answers = _as_plain_paragraphs(text), ()
    else:
        html_text, answers = _converted(text, resolve, heading_level)
    if len(_RENDERED) >= RENDER_CACHE_ENTRIES:
        _RENDERED.clear()
    _RENDERED[key] = (html_text, answers)
    return Markup(html_text)


def _as_plain_paragraphs(text: str) -> str:
    """A text over a limit of `markdown_limits`, escaped and cut into paragraphs at blank lines."""
    paragraphs = (part.strip() for part in _BLANK_LINE.split(text))
    return "\n".join(f"<p>{html.escape(part, quote=False)}</p>" for part in paragraphs if part)


def _converted(
    text: str, resolve: Callable[[str, str], str | None], heading_level: int
) -> tuple[str, tuple[tuple[str, str, str | None], ...]]:
    """Markdown to sanitised block HTML, with every question put to `resolve` and its answer."""
    asked: list[tuple[str, str, str | None]] = []

    def recording(kind: str, ident: str) -> str | None:
        url = resolve(kind, ident)
        asked.append((kind, ident, url))
        return url

    converter, rewriter = _thread_converter()
    rewriter.resolve = recording
    rewriter.heading_level = heading_level
    try:
        html_text = _unique_footnote_ids(_sanitise_output(converter.convert(text), inline=False), text)
    except BaseException:
        # A conversion that raised part-way (a RecursionError deep in the block parser)
        # leaves the instance's state half-changed, and `reset()` does not restore all
        # of it: the next texts came out wrong (raw HTML escaped). Start a new one.
        _THREAD.converter = None
        raise
    finally:
        converter.reset()
        rewriter.resolve = _no_resolver
    return html_text, tuple(asked)


RENDER_CACHE_ENTRIES = 200_000
"""Kept renderings; past this many the cache starts again (a site of 10,000 events uses ~33,000:
each text in block form, and each summary in inline form too)."""
_RENDERED: dict[tuple[str, int, bool], tuple[str, tuple[tuple[str, str, str | None], ...]]] = {}
_THREAD = threading.local()


_FOOTNOTE_ID = re.compile(r'(id="|href="#)fn(ref)?:')


def _unique_footnote_ids(rendered: str, text: str) -> str:
    """Footnote ids named after the text they belong to.

    Python-Markdown numbers every text's footnotes from 1, so two bodies on
    one page (the single-file pack holds every event) would both define
    `fn:1`. A digest of the text keeps the ids the same from build to build.
    """
    if "fn:" not in rendered:
        return rendered
    digest = hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
    return _FOOTNOTE_ID.sub(lambda m: f"{m.group(1)}fn{m.group(2) or ''}-{digest}:", rendered)


def _no_resolver(kind: str, ident: str) -> str | None:  # pragma: no cover - only between calls
    raise RuntimeError("render_markdown's resolver is set for each call")


def _thread_converter() -> tuple[markdown.Markdown, _LinkAndHeadingRewriter]:
    """One Python-Markdown instance per thread, reset after every text.

    Building an instance (its extensions and pattern registries) costs more
    than converting a summary; `reset()` clears everything a text leaves
    behind (stashed HTML, references, footnotes).
    """
    made: tuple[markdown.Markdown, _LinkAndHeadingRewriter] | None = getattr(_THREAD, "converter", None)
    if made is None:
        made = _markdown_converter(_no_resolver, 2)
        _THREAD.converter = made
    return made


def _markdown_converter(
    resolve: Callable[[str, str], str | None], heading_level: int
) -> tuple[markdown.Markdown, _LinkAndHeadingRewriter]:
    """A Python-Markdown instance with our link rewriter and raw-HTML sanitiser.

    The raw-HTML sanitiser runs before the built-in `raw_html` postprocessor
    (priority 30) puts stashed HTML back; the link rewriter runs last among
    treeprocessors, after backslash escapes are undone, so it checks the
    destination exactly as it will be written out.
    """
    converter = markdown.Markdown(extensions=["tables", "footnotes"], output_format="html")
    rewriter = _LinkAndHeadingRewriter(converter, resolve, heading_level)
    converter.treeprocessors.register(rewriter, "briefing-links", -10)
    converter.postprocessors.register(_RawHtmlSanitiser(converter), "briefing-raw-html", 40)
    return converter, rewriter


def _sanitise_output(rendered: str, *, inline: bool) -> str:
    """Pass the whole output through nh3 with an allowlist of what Markdown produces.

    This is the backstop: whatever slipped through earlier steps, only these
    elements, attributes and URL schemes can reach a page.
    """
    tags = set(_MARKDOWN_INLINE_TAGS) if inline else set(_MARKDOWN_INLINE_TAGS | _MARKDOWN_BLOCK_TAGS)
    cleaned = nh3.clean(
        rendered,
        tags=tags,
        clean_content_tags=_REMOVED_WITH_CONTENT,
        attributes=_MARKDOWN_ATTRIBUTES,
        link_rel=None,
        url_schemes=_URL_SCHEMES,
        allowed_classes=_MARKDOWN_CLASSES,
        tag_attribute_values=_MARKDOWN_ATTRIBUTE_VALUES,
        filter_style_properties={"text-align"},
    )
    return cleaned.strip()


class _RawHtmlSanitiser(Postprocessor):
    """Postprocessor: cut raw HTML down to the inline allowlist before it is put back.

    Python-Markdown keeps raw HTML aside (`htmlStash.rawHtmlBlocks`) and
    substitutes it into the output at the end. Sanitising it there, apart
    from the HTML that Markdown made, is what lets a Markdown link survive
    while a hand-written `<a href>` does not.
    """

    def __init__(self, converter: markdown.Markdown) -> None:
        super().__init__(converter)
        self.converter = converter

    def run(self, text: str) -> str:
        stash = self.converter.htmlStash
        fragments = [self._as_text(fragment) for fragment in stash.rawHtmlBlocks]
        text = _drop_inline_script_content(text, fragments)
        sanitised = [_sanitise_raw_html(fragment) for fragment in fragments]
        stash.rawHtmlBlocks[:] = sanitised
        return _unwrap_emptied_blocks(text, sanitised)

    def _as_text(self, fragment: str | etree.Element) -> str:
        if isinstance(fragment, str):
            return fragment
        return str(self.converter.serializer(fragment))


_PARAGRAPH_OF_PLACEHOLDER = re.compile("<p>" + markdown_util.HTML_PLACEHOLDER % r"([0-9]+)" + "</p>")


def _unwrap_emptied_blocks(text: str, sanitised: list[str]) -> str:
    """Drop the `<p>` that `raw_html` would wrap around a block that sanitising emptied.

    A block such as `<script>…</script>` or `<iframe></iframe>` leaves
    nothing, and should leave no empty paragraph either. One pass over the
    text, however many blocks (a replace per block would be quadratic).
    """
    if all(fragment.strip() for fragment in sanitised):
        return text

    def unwrap(paragraph: re.Match[str]) -> str:
        index = int(paragraph.group(1))
        if index < len(sanitised) and not sanitised[index].strip():
            return ""
        return paragraph.group()

    return _PARAGRAPH_OF_PLACEHOLDER.sub(unwrap, text)


def _drop_inline_script_content(text: str, fragments: list[str]) -> str:
    """Remove what lies between an inline `<script>`/`<style>` and its end tag.

    Inline raw HTML is stashed tag by tag, so the script's text sits in the
    document between two placeholders. A script or style element is removed
    whole, as for block HTML; an unclosed one loses only its tag. Openers are
    paired with end tags in one pass, and the text is cut in one more.
    """
    openers: list[tuple[int, str]] = []
    closers: dict[str, list[int]] = {name: [] for name in _REMOVED_WITH_CONTENT}
    for index, fragment in enumerate(fragments):
        tag = _LONE_TAG.fullmatch(fragment)
        if tag is not None and tag.group(2).lower() in _REMOVED_WITH_CONTENT:
            if tag.group(1):
                closers[tag.group(2).lower()].append(index)
            else:
                openers.append((index, tag.group(2).lower()))
    pairs: dict[int, int] = {}
    covered = -1  # openers up to here are inside an element already removed
    for index, name in openers:
        if index <= covered:
            continue
        found = bisect.bisect_right(closers[name], index)
        if found < len(closers[name]):
            pairs[index] = covered = closers[name][found]
    if not pairs:
        return text
    kept: list[str] = []
    position = 0
    until: int | None = None  # inside a removed element: the placeholder index that ends it
    for placeholder in markdown_util.HTML_PLACEHOLDER_RE.finditer(text):
        index = int(placeholder.group(1))
        if until is None:
            if index in pairs:
                kept.append(text[position : placeholder.start()])
                until = pairs[index]
        elif index == until:
            until = None
            position = placeholder.end()
    if until is None:
        kept.append(text[position:])
    else:  # pragma: no cover - a pair's end placeholder is always in the text
        kept.append(text[position:])
    return "".join(kept)


def _placeholder(index: int) -> str:
    return str(markdown_util.HTML_PLACEHOLDER % index)


def _sanitise_raw_html(fragment: str) -> str:
    """One stashed piece of raw HTML, sanitised with the narrow inline allowlist.

    A lone tag (inline HTML is stashed one tag at a time) is sanitised on
    its own so the element's content, which is Markdown between the tags,
    is not lost; the final nh3 pass re-balances start and end tags.
    """
    tag = _LONE_TAG.fullmatch(fragment)
    if tag is None:
        # A block keeps its text; the newline Markdown stashed after it would
        # end up inside the paragraph that replaces it.
        cleaned = _clean_raw(fragment)
        return cleaned.strip() if fragment.startswith("<") else cleaned
    name = tag.group(2).lower()
    if name not in RAW_INLINE_TAGS:
        return ""
    if tag.group(1):
        return f"</{name}>"
    return _clean_raw(fragment).removesuffix(f"</{name}>")


def _clean_raw(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=set(RAW_INLINE_TAGS),
        clean_content_tags=_REMOVED_WITH_CONTENT,
        attributes=_RAW_ATTRIBUTES,
        link_rel=None,
    )


class _LinkAndHeadingRewriter(Treeprocessor):
    """Treeprocessor: enforce the link rules on Markdown-made links and shift headings.

    Links and images are judged by `check_link` on their destination as a
    browser would read it (entities decoded); one that is not allowed, or a
    cross-reference to an unpublished page, is replaced by its text.
    """

    def __init__(
        self, converter: markdown.Markdown, resolve: Callable[[str, str], str | None], heading_level: int
    ) -> None:
        super().__init__(converter)
        self.resolve = resolve
        self.heading_level = heading_level

    def run(self, root: etree.Element) -> None:
        # Document order, so `resolve` is asked in reading order. Unwrapping a
        # link moves its children up, so their parent is looked up afresh.
        self.parents = {child: parent for parent in root.iter() for child in parent}
        shift = self._heading_shift()
        for element in list(self.parents):
            if element.tag == "a":
                self._rewrite_link(element)
            elif element.tag == "img":
                self._rewrite_image(element)
            elif element.tag in _HEADINGS:
                element.tag = f"h{min(6, int(element.tag[1]) + shift)}"

    def _heading_shift(self) -> int:
        """How far to move headings so the highest one a curator wrote, `#` or `##`,
        lands at `heading_level`: the page outline stays in order either way."""
        levels = [int(element.tag[1]) for element in self.parents if element.tag in _HEADINGS]
        return self.heading_level - min(levels) if levels else 0

    def _rewrite_link(self, link: etree.Element) -> None:
        target = _as_browser_reads_it(link.get("href", ""))
        if check_link(FoundLink(target, is_image=False, line=0, column=0)) is not None:
            self._replace_with_content(link)
            return
        reference = cross_reference(target)
        if reference is not None:
            url = self.resolve(*reference)
            if url is None:
                self._replace_with_content(link)
            else:
                link.set("href", url)
        elif is_http_url(target):
            link.set("rel", "noopener")

    def _rewrite_image(self, image: etree.Element) -> None:
        """A remote image becomes a link to it: pages load nothing from another host,
        so they work offline and tell no third party who reads them."""
        source = _as_browser_reads_it(image.get("src", ""))
        alt = image.get("alt", "")
        if check_link(FoundLink(source, is_image=True, line=0, column=0)) is not None or self._inside_link(image):
            image.text = alt
            self._replace_with_content(image)
            return
        title = image.get("title")
        image.attrib.clear()
        image.tag = "a"
        image.set("href", source)
        image.set("rel", "noopener")
        if title:
            image.set("title", title)
        image.text = f"Image: {alt}" if alt else "Image"

    def _inside_link(self, element: etree.Element) -> bool:
        parent = self.parents.get(element)
        while parent is not None:
            if parent.tag == "a":
                return True
            parent = self.parents.get(parent)
        return False

    def _replace_with_content(self, element: etree.Element) -> None:
        parent = self.parents[element]
        for child in _replace_with_content(parent, element):
            self.parents[child] = parent


def _as_browser_reads_it(attribute: str) -> str:
    """An attribute value with entities decoded, as a browser would see it.

    The serializer keeps `&#106;`-style entities as written, and automatic
    e-mail links are entity-encoded, so the check must see the decoded text.
    """
    return html.unescape(attribute.replace(markdown_util.AMP_SUBSTITUTE, "&"))


def _replace_with_content(parent: etree.Element, element: etree.Element) -> list[etree.Element]:
    """Replace `element` by its text and children, keeping its tail; return the moved children."""
    index = list(parent).index(element)
    children = list(element)
    leading = element.text or ""
    trailing = element.tail or ""
    parent.remove(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    if not children:
        leading, trailing = leading + trailing, ""
    else:
        children[-1].tail = (children[-1].tail or "") + trailing
    if index == 0:
        parent.text = (parent.text or "") + leading
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + leading
    return children
