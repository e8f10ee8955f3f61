"""Typographic quotes for text a curator typed with straight ones, one rule for every text.

Titles, names and Markdown all reach a page with “curly” quotes and apostrophes (Russia’s),
so that a quote in a title and the same quote in its summary look alike. A straight quote at
the start of a word opens (“, ‘), anywhere else it closes (”, ’); curly quotes a curator typed
stay. A single pass over the characters, so no text can make it slow (unlike a regex-based
Markdown extension, which the Markdown limits would then have to cover).
"""

from __future__ import annotations

import re

from builder.memo import MEMOS

_OPENS_AFTER = "([{“‘—–-/"
_TAG = re.compile(r"(<[^>]*>)")
_CODE_TAG = re.compile(r"<(/?)(code|pre|kbd|samp)\b", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"</?(p|li|h[1-6]|td|th|blockquote|div|br|dd|dt|ul|ol|table|tr|hr)\b", re.IGNORECASE)


def curled(text: str, before: str = " ") -> str:
    """`text` with typographic quotes; `before` is the character that precedes it."""
    if '"' not in text and "'" not in text:
        return text
    out = []
    for n, char in enumerate(text):
        previous = text[n - 1] if n else before
        opens = previous.isspace() or previous in _OPENS_AFTER
        if char == '"':
            out.append("“" if opens else "”")
        elif char == "'":
            after = text[n + 1] if n + 1 < len(text) else " "
            out.append("‘" if opens and not after.isspace() else "’")
        else:
            out.append(char)
    return "".join(out)


@MEMOS.cached(1 << 14)
def typographic(text: str) -> str:
    """A title or name with typographic quotes (kept: a title is shown on many pages)."""
    return curled(text)


def typographic_html(html: str) -> str:
    """Sanitised HTML with typographic quotes in its text, never inside tags (attributes) or
    code; a quote right after an inline tag reads the text before the tag (`<em>word</em>'s`)."""
    if '"' not in html and "'" not in html:
        return html
    parts = _TAG.split(html)
    code = 0
    before = " "
    for n, part in enumerate(parts):
        if n % 2:  # a tag
            found = _CODE_TAG.match(part)
            if found:
                code = max(code + (-1 if found.group(1) else 1), 0)
            if _BLOCK_TAG.match(part):
                before = " "  # a new block starts a new line of text
            continue
        if part and not code:
            parts[n] = curled(part, before)
        if part:
            before = part[-1]
    return "".join(parts)
