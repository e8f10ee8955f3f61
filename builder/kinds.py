"""The kinds of item: their names, and the folder each one lives in.

CONTENT-MODEL.md, "Files": events, actors and briefings are a file each
under a folder named for their kind; tags share one file. The same folder
name is the site folder of their pages, and the kind's name is the prefix
of a cross-reference (`event:<id>`) and the word in messages. Every other
module takes these names from here, so the vocabulary can only change in
one place. This module imports nothing of ours, so any stage may use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Kind:
    name: str
    """`event`: the cross-reference prefix and the word messages use."""
    folder: str
    """`events`: the content folder of its files (tags: their file's stem) and the site folder of its pages."""


EVENT = Kind("event", "events")
ACTOR = Kind("actor", "actors")
TAG = Kind("tag", "tags")
BRIEFING = Kind("briefing", "briefings")

KINDS = (EVENT, ACTOR, TAG, BRIEFING)
KIND_NAMES = tuple(kind.name for kind in KINDS)
BY_NAME = {kind.name: kind for kind in KINDS}
BY_FOLDER = {kind.folder: kind for kind in KINDS}

FILE_KINDS = (EVENT, ACTOR, BRIEFING)
"""The kinds with a file per item, each under its folder in the content tree."""
TAGS_FILE = f"{TAG.folder}.yaml"
"""The one file that holds every tag, at the top of the content tree."""

PAGE: Literal["page"] = "page"
"""A prose page: a `.md` file anywhere outside the folders of FILE_KINDS, built at its own
path; `page:<path>` is the cross-reference to it."""
PAGE_SUFFIX = ".md"

CROSS_REFERENCE_KINDS = (*KIND_NAMES, PAGE)
"""Prefixes of a cross-reference link, `event:<id>` … `page:<path>`."""

GENERATED_PAGES = ("index", "404", "timeline", *(kind.folder for kind in KINDS))
"""The site's own pages at the top that the content model reserves (`timeline.html`): no prose
page may take their place. Its later pages (map, methodology…) give way to a prose page instead."""
GENERATED_FOLDERS = ("timeline", "assets", *(kind.folder for kind in KINDS))
"""The folders the site's own pages and assets fill: no prose page may go in them."""

DocumentKind = Literal["event", "actor", "briefing", "tags", "page"]
"""What a content file holds: one item of a kind with a file per item, every tag, or a page."""
