"""The id rule of CONTENT-MODEL.md, "Identifiers": its one definition.

Ids are judged in many places (file names, `id:`, tag keys, references,
cross-references in Markdown, `redirect_from`, `briefing new`, the editors'
JSON Schema); each imports the rule from here, so that they can never
disagree. This module imports nothing of ours, so any stage may use it.
"""

from __future__ import annotations

import re

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


def suggest_id(ascii_lowercase: str) -> str:
    """An id from text already reduced to lowercase ASCII: everything else a hyphen.

    Never a device name, so that a suggestion can always be taken as given.
    """
    ident = re.sub(r"[^a-z0-9]+", "-", ascii_lowercase).strip("-")[:MAX_ID_LENGTH].strip("-") or "my-id"
    return ident + "-1" if ident in WINDOWS_DEVICE_NAMES else ident
