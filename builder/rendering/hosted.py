"""briefing's pages inside another MkDocs theme (`theme: name: mkdocs`, `readthedocs`,
`material`): that theme draws the chrome (navigation, search, header), ours the bodies.

The bodies need their own styles without ours for the chrome: `body_stylesheet` takes
from the theme's stylesheet its design tokens, set on the wrapper every body gets
(`BODY_CLASS`) rather than on the whole document, and the sections for page bodies,
whose selectors are our own classes. The host theme's page, header and fonts stay its
own; so do its search and any request it makes to another host.
"""

from __future__ import annotations

import re

OUR_THEME = "briefing"
TESTED_THEMES = frozenset({"mkdocs", "readthedocs", "material"})
"""The other themes the tests build the sample with (tests/test_hosted.py)."""

BODY_CLASS = "briefing-body"
BODY_STYLESHEET = "assets/briefing-body.css"

_TOKENS = "/* ---------- Tokens ---------- */"
_BODIES = ("/* ---------- Main ---------- */", "/* ---------- Footer ---------- */")
_PAGES = "/* ---------- Sections of mkdocs.yml's nav, and prose pages ---------- */"
_DARK = re.compile(r"@media \(prefers-color-scheme: dark\) \{.*?\n\}\n", re.DOTALL)


def body_stylesheet(css: str) -> str:
    """The page bodies' part of the theme's stylesheet (`assets/briefing.css`), with its
    light tokens set on the bodies' wrapper: the host theme decides light or dark."""
    tokens = css[css.index(_TOKENS) : css.index("/* ---------- Base ---------- */")]
    tokens = _DARK.sub("", tokens).replace(":root {", f".{BODY_CLASS} {{", 1)
    tokens = tokens.replace("  color-scheme: light dark;\n", "")
    bodies = css[css.index(_BODIES[0]) : css.index(_BODIES[1])]
    pages = css[css.index(_PAGES) :]
    return _HEADER.replace("BODY", BODY_CLASS) + tokens + bodies + pages


_HEADER = """/* briefing: the page bodies' styles, for a site in another MkDocs theme. */
.BODY { color: var(--text); }
.BODY :is(.aside-box ul, .tag-list, .related-list, .event-list, .jump ul, .year-grid, .actor-list,
  .tag-index, .card-list, .stats, .explore) { list-style: none; padding-left: 0; }
.BODY .visually-hidden {
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
}
"""


def wrapped(body: str) -> str:
    """A page body as another theme shows it: inside the wrapper its styles apply to."""
    return f'<div class="{BODY_CLASS}">\n{body}\n</div>'
