"""briefing: geopolitical events and actors curated as YAML, checked, and published as a static site.

The public API, for scripts and for other teams' tools; everything else in the
package may change between versions:

- `load_site(content_dir)` loads, validates and indexes a content folder and
  never raises on bad content: the `Result` holds the `Site` (when there is no
  error) and every `Problem` (`path:line:column: message`).
- `Content`, `Event`, `Actor`, `Tag` and `Briefing` are the validated content
  as frozen values; `Site` is the content cross-referenced both ways.
- `diff_revisions(content_dir, base, head)` compares the content at two git
  revisions (what `briefing diff` reports).
- `BriefingPlugin` is the MkDocs plugin (`plugins: [briefing]` in mkdocs.yml);
  it is imported on first use, so that `import builder` does not load MkDocs.
"""

from __future__ import annotations

from typing import Any

from builder.errors import Problem
from builder.index import Site
from builder.model import Actor, Briefing, Content, Event, Tag
from builder.pipeline import Result, load_site

__all__ = [
    "Actor",
    "Briefing",
    "BriefingPlugin",
    "Content",
    "Event",
    "Problem",
    "Result",
    "Site",
    "Tag",
    "diff_revisions",
    "load_site",
]

_ON_FIRST_USE = {"BriefingPlugin": "builder.plugin", "diff_revisions": "builder.diff"}


def __getattr__(name: str) -> Any:
    """The names whose modules load MkDocs or git helpers, imported when first asked for."""
    if name in _ON_FIRST_USE:
        import importlib

        return getattr(importlib.import_module(_ON_FIRST_USE[name]), name)
    raise AttributeError(f"module 'builder' has no attribute {name!r}")
