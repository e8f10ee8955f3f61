"""Which links a Markdown text holds, where, and which of them are allowed.

Validation reports every bad link at its line and column, in every text of
every file, on each `check` and build. This module finds them with a linear
scan, without running the renderer, so that `briefing check` on ordinary
content loads neither Python-Markdown nor nh3. The scan is held equal to
Python-Markdown's own parse by `tests/test_links_differential.py` wherever it
is sure of its reading (`scan_is_sure`); a text that mixes link syntax with
other link syntax, raw HTML, a table or code spans across lines takes its links
from that parse instead (`linkparse`, imported only then). Either way, a link
the renderer makes is a link this module judges, and a link it shows as text
is never reported.

A text with a tag at the start of a line also has its raw HTML blocks found by
Python-Markdown's own HTML extractor, imported only then, so that the block
boundaries are exactly the renderer's.

`check_link` is the one judge of a link target; the renderer asks it again on
the parsed tree (drafts and previews may skip validation).
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from builder.ids import WINDOWS_DEVICE_NAMES, device_name_message, is_valid_id
from builder.kinds import BY_FOLDER, CROSS_REFERENCE_KINDS, PAGE, PAGE_SUFFIX
from builder.memo import MEMOS

# --------------------------------------------------------------------------
# Link rules
# --------------------------------------------------------------------------

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

_NOT_ALLOWED_HINT = (
    "use an https:// URL, event:<id>, actor:<id>, tag:<id>, briefing:<id>, page:<path>, #anchor or mailto:"
)


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
    quoted = shown(target)
    if link.is_image:
        if is_http_url(target):
            return None
        return f"image {quoted} must be an http:// or https:// URL"
    if is_http_url(target) or _is_anchor(target) or _is_mailto(target):
        return None
    reference = cross_reference(target)
    if reference is not None and reference[0] == PAGE:
        return None if is_page_reference(reference[1]) else _page_reference_message(quoted)
    if reference is not None:
        if is_valid_id(reference[1]):
            return None
        ident, hash_mark, anchor = reference[1].partition("#")
        if hash_mark and is_valid_id(ident):
            return (
                f"link {quoted} has an anchor ('#{anchor}'), but an id names the whole item: anchors are not "
                f"part of ids; write {reference[0]}:{ident}"
            )
        if reference[1] in WINDOWS_DEVICE_NAMES:
            return f"link {quoted} names an invalid id: {device_name_message(reference[1])}"
        return f"link {quoted} names an invalid id: ids are lowercase letters, digits and single hyphens"
    if target.startswith("/") and not target.startswith("//"):
        return _root_relative_message(target)
    if _LOOKS_LIKE_HTTP.match(target):
        return (
            f"link {quoted} is not a valid URL: write http:// or https://, a host, and no spaces,"
            ' control characters or " < > \\ ^ ` { | }'
        )
    return f"link {quoted} is not allowed: {_NOT_ALLOWED_HINT}"


def is_page_reference(path: str) -> bool:
    """`methods/sourcing` or `methods/sourcing#grades`: a page's path without `.md`, each
    folder and the name an id, and an optional anchor."""
    name, hash_mark, anchor = path.partition("#")
    if hash_mark and not _is_anchor("#" + anchor):
        return False
    return bool(name) and all(is_valid_id(part) for part in name.split("/"))


def _page_reference_message(quoted: str) -> str:
    return (
        f"link {quoted} names no page path: write page:<path of the .md file inside the content folder, "
        "without .md>, each part lowercase letters, digits and single hyphens, e.g. page:methods/sourcing#grades"
    )


def relative_page_link(target: str, folder: str) -> str | None:
    """A page's link to another page written the MkDocs way, as a relative path to its
    `.md` file (`../about.md#team`), as the `page:` cross-reference it means
    (`page:about#team`); None when `target` is not such a path or leaves the content
    folder. `folder` is the linking page's folder inside the content ("" at the top)."""
    path, hash_mark, anchor = target.partition("#")
    if not path.endswith(PAGE_SUFFIX) or ":" in path or path.startswith("/") or "\\" in path:
        return None
    parts = [part for part in folder.split("/") if part]
    for part in path[: -len(PAGE_SUFFIX)].split("/"):
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return f"{PAGE}:{'/'.join(parts)}{hash_mark}{anchor}" if parts else None


def _is_anchor(target: str) -> bool:
    """A same-page `#part`: anything URL-safe after the hash."""
    return _ANCHOR.fullmatch(target) is not None and not _FORBIDDEN_URL_CHARACTER.search(target)


def _is_mailto(target: str) -> bool:
    """A `mailto:` address (scheme in any case, like http)."""
    return _MAILTO.fullmatch(target) is not None and not _FORBIDDEN_URL_CHARACTER.search(target)


def _root_relative_message(target: str) -> str:
    """Explain why `/events/x/` breaks, naming the cross-reference to write when there is one."""
    quoted = shown(target)
    page = _ROOT_RELATIVE_PAGE.fullmatch(target)
    if page is not None:
        kind = BY_FOLDER[page.group(1)].name
        return (
            f"link {quoted} is root-relative, which breaks on a sub-path and from disk; write '{kind}:{page.group(2)}'"
        )
    return (
        f"link {quoted} is root-relative; link to a page with event:<id>, actor:<id>, tag:<id>"
        " or briefing:<id>, or give a full https:// URL"
    )


def shown(target: str) -> str:
    """Quote a target for a one-line message: control characters are shown escaped.

    A destination may contain a newline (Markdown allows it inside `(...)`),
    which would otherwise split a `path:line:column: message` report.
    """
    visible = re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: m.group().encode("unicode_escape").decode(), target)
    return f"'{visible}'"


# --------------------------------------------------------------------------
# find_links: a regex scan, no Markdown parse
# --------------------------------------------------------------------------

TAB_WIDTH = 4
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
    """(offset, length, is_image, destination as the renderer reads it) of every link in
    `text`, in reading order: found by the linear scan where it is sure to read the text as
    Python-Markdown does (`scan_is_sure`), else taken from Python-Markdown's own parse
    (`linkparse`), placed where the scan found each one, or where its destination is
    first written."""
    if "[" not in text and "<" not in text:
        return []
    scanned = _scanned_targets(text)
    if scan_is_sure(text):
        return scanned
    from builder import linkparse

    return _placed(text, linkparse.parsed_links(text), scanned)


def _placed(
    text: str, parsed: list[tuple[bool, str]], scanned: list[tuple[int, int, bool, str]]
) -> list[tuple[int, int, bool, str]]:
    """The parsed links, each at the place the scan gave the same destination, if it did."""
    wanted = Counter(parsed)
    found = []
    for offset, length, is_image, target in scanned:
        if wanted[(is_image, target)] > 0:
            wanted[(is_image, target)] -= 1
            found.append((offset, length, is_image, target))
    for (is_image, target), count in wanted.items():
        written = text.find(target)
        found += [(max(written, 0), len(target) if written >= 0 else 0, is_image, target)] * count
    return sorted(found)


_TABLE_DELIMITER = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*\|", re.MULTILINE)
_LINK_OPENER = re.compile(r"\]\(")


def scan_is_sure(text: str) -> bool:
    """Whether the scan reads this text's links as Python-Markdown does, as far as the
    differential tests know: no paragraph mixes link syntax with other link syntax inside a
    link, raw HTML or autolinks, a table, a code span across lines, or a reference
    definition with other brackets. Python-Markdown applies its inline patterns one after
    the other over the whole paragraph (links before images, autolinks after both), and
    only there can that order make a difference. Ordinary prose with links is sure."""
    if "<" in text and ("[" in text or "`" in text or text.count("<") > 1):
        return False  # raw HTML (a comment, a block) or an autolink beside other syntax
    for paragraph in _PARAGRAPH_END.split(text):
        has_link = "](" in paragraph
        has_definition = "]:" in paragraph
        if not (has_link or has_definition):
            continue
        if _TABLE_DELIMITER.search(paragraph):
            return False
        if has_definition and (paragraph.count("[") > 1 or "`" in paragraph):
            return False
        if has_link and "`" in paragraph and "\n" in paragraph:
            return False
        if has_link and not all(_plain_link(paragraph, opener.start()) for opener in _LINK_OPENER.finditer(paragraph)):
            return False
    return True


def _plain_link(paragraph: str, opener: int) -> bool:
    """Whether the link whose `](` is at `opener` holds no other link syntax, code, escape or
    entity in its text or destination, and closes."""
    start = paragraph.rfind("[", 0, opener)
    end = paragraph.find(")", opener + 2)
    if end < 0:
        return False
    inside = paragraph[start + 1 : opener] + paragraph[opener + 2 : end]
    return not any(mark in inside for mark in "[]<`\\&(") and paragraph[end + 1 : end + 2] not in ("]", ">")


def _scanned_targets(text: str) -> list[tuple[int, int, bool, str]]:
    """`link_spans` with each destination as the renderer reads it.

    Python-Markdown expands tabs (to 4 columns) before anything else and
    undoes backslash escapes (`\\_` is `_`), and the browser decodes
    entities (`&#58;` is `:`), so `[a](https&#58;//x.org)` is a web link and
    `[a](&#106;avascript:x)` is not: the check judges what the renderer will
    judge. An automatic e-mail link `<a@b.org>` is `mailto:a@b.org`.
    """
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
            width = TAB_WIDTH - column % TAB_WIDTH
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
    finder = _raw_block_finder()
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


def _raw_block_finder() -> Any:
    """Python-Markdown's extractor of raw HTML blocks, noting where each block starts and ends
    (offsets in the text it is fed) as it stashes them. Only a text with a tag at the start
    of a line needs it, and `check` loads Python-Markdown only then."""
    import markdown

    return _raw_block_finder_class()(markdown.Markdown())


@MEMOS.cached(1)
def _raw_block_finder_class() -> Any:
    from markdown.htmlparser import HTMLExtractor

    class RawBlockFinder(HTMLExtractor):
        def __init__(self, md: Any) -> None:
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

    return RawBlockFinder


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
            width += TAB_WIDTH - width % TAB_WIDTH
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
        elif after_blank and indent >= (code_needs := (2 if in_list else 1) * TAB_WIDTH):
            code_indent = code_needs
            lines[number] = _blank(line)
        else:
            code_indent = 0
            if _LIST_ITEM.match(line):
                in_list = True
            elif after_blank and indent < TAB_WIDTH:
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
    if _indentation(content) >= (2 if in_list else 1) * TAB_WIDTH and (after_blank or in_code):
        quotes[depth] = (False, True, in_list)
        return _blank(content)
    if _LIST_ITEM.match(content):
        in_list = True
    elif after_blank and _indentation(content) < TAB_WIDTH:
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
