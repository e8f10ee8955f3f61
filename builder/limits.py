"""The Markdown shapes Python-Markdown would take super-linear time or deep recursion over.

CONTENT-MODEL.md, "Text, Markdown and links": nesting deeper than 20 levels,
and the runs of brackets, link openers, backticks, tag openers and footnote
references that make the renderer's scans quadratic, are errors at their
position with a hint to simplify. `markdown_limits` finds them in time linear
in the text; a text it passes renders in time linear in its length. Like
`links`, it never loads Python-Markdown, so `check` stays light.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from builder.links import TAB_WIDTH, shown

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

BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")
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
    for paragraph_end in [*(m.start() for m in BLANK_LINE.finditer(text)), len(text)]:
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
            depth = markers + max(0, spaces) // TAB_WIDTH
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
                    f"footnote [^{shown(label)[1:-1]}] is referred to more than {MAX_FOOTNOTE_REFERENCES} times; "
                    "refer to it less often or make several footnotes",
                )
            )
