"""The id rule of CONTENT-MODEL.md, "Identifiers": its one definition.

Ids are judged in many places (file names, `id:`, tag keys, references,
cross-references in Markdown, `redirect_from`, `briefing new`, the editors'
JSON Schema); each imports the rule from here, so that they can never
disagree. This module imports nothing of ours, so any stage may use it.
"""

from __future__ import annotations

import re
import unicodedata

MAX_ID_LENGTH = 100
ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# Names Windows reserves for devices: a file `con.yaml` or a page `con.html`
# cannot be created there, so a site with such an id would not check out.
WINDOWS_DEVICE_NAMES = frozenset(
    ["con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))]
)
# The same rule as an ECMA-262 pattern, as editors run it (negative lookahead for the device names).
SCHEMA_PATTERN = "^(?!(?:con|prn|aux|nul|com[1-9]|lpt[1-9])$)[a-z0-9]+(-[a-z0-9]+)*$"


def is_valid_id(value: str) -> bool:
    """Whether `value` is an id: the pattern, the length limit, and no Windows device name."""
    return len(value) <= MAX_ID_LENGTH and ID_PATTERN.fullmatch(value) is not None and value not in WINDOWS_DEVICE_NAMES


def device_name_message(value: str) -> str:
    """What to tell a curator whose id is a device name (the same words wherever it is judged)."""
    return f"'{value}' is a Windows device name, which can't be a file name on Windows; choose another id"


def suggest_id(text: str) -> str:
    """The id a curator most likely meant by `text` (a file name, a title, an invalid id):
    `slug`, and never empty nor a device name, so that a suggestion can be taken as given."""
    ident = slug(text) or "my-id"
    return ident + "-1" if ident in WINDOWS_DEVICE_NAMES else ident


_LETTERS = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ł": "l",
        "Ł": "L",
        "ı": "i",
    }
)


def unaccented(text: str) -> str:
    """Latin letters without their accents (`Genève` → `Geneve`, `Łódź` → `Lodz`), as ids
    and the comparison of titles (duplicates.py) both read them; other scripts are kept."""
    if text.isascii():
        return text  # most titles: nothing to decompose
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def slug(text: str) -> str:
    """An id from a title: "Patrushev meets Guo in Nanping" → `patrushev-meets-guo-in-nanping`.

    Accented Latin letters lose their accents; apostrophes are dropped
    ("Russia's" → `russias`); letters of other scripts cannot be transliterated
    and are dropped, so a title in Cyrillic alone gives "" (the caller asks for
    `--id`). Long titles are cut after the last whole word that fits.
    """
    ascii_text = unaccented(text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", ""))
    ident = ""
    for word in words:
        longer = f"{ident}-{word}" if ident else word
        if len(longer) > MAX_ID_LENGTH:
            return ident or word[:MAX_ID_LENGTH]
        ident = longer
    return ident


RESERVED_ANCHORS = frozenset(
    {"content", "site-search", "search-input", "search-help", "search-panel", "search-count", "search-results", "toc"}
)
"""Ids the theme's page chrome uses: a heading never takes one (a page's ids must be unique)."""


def heading_anchor(text: str, seen: set[str]) -> str:
    """The anchor of a page heading from the text a reader sees (`Grades and sources` ->
    `grades-and-sources`), unique among `seen`, which it joins. Letters of any script
    are kept; a repeated heading gets `-2`, `-3`. Validation and the renderer both call
    this, so a `page:x#anchor` that `check` accepts is an anchor the page has."""
    base = "-".join(re.findall(r"[^\W_]+", text.lower())) or "section"
    anchor, number = base, 1
    while anchor in seen or anchor in RESERVED_ANCHORS:
        number += 1
        anchor = f"{base}-{number}"
    seen.add(anchor)
    return anchor
