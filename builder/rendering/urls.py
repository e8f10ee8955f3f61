"""Where each page lives, and how one page links to another.

Every link the site writes is relative (`../events/x.html`), so the same
build works at a domain's root, under a GitHub Pages sub-path and opened
from disk. Page paths are MkDocs source names (`events/x.md`); `page_url`
turns one into the URL MkDocs gives it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from markupsafe import Markup

from builder.kinds import ACTOR, EVENT, KINDS, PAGE_SUFFIX, TAG
from builder.memo import MEMOS
from builder.model import Actor, Briefing, Event, ProsePage, Tag

SECTIONS = {
    "home": "index",
    "timeline": "timeline",
    "map": "map",
    "network": "network",
    "methodology": "methodology",
    "data": "data",
    "search": "search",
    **{kind.folder: kind.folder for kind in KINDS},
}
"""The site's own pages at the top, by name: the main navigation's sections, the
methodology every certainty marker links to, and the search results page."""

YIELDING_SECTIONS = frozenset({"map", "network", "methodology", "data", "search"})
"""The site's own pages that came after the content model's list of reserved names
(CONTENT-MODEL.md, "Pages"): a prose page may take one of their names, and the site's
page then moves into `MOVED_SECTIONS`, which no prose page may enter."""
MOVED_SECTIONS = "assets"


def section_paths(pages: Iterable[ProsePage]) -> dict[str, str]:
    """The source name of each of the site's own top pages (`timeline.md`), by name, once
    the prose pages (`pages`) have taken theirs: `content/map.md` is the curator's page at
    map.html, and the site's map is built at assets/map.html. A prose `map/index.md` takes
    the name too, since with directory URLs both would be map/."""
    taken = {page.id for page in pages}
    return {name: _section_path(name, stem, taken) for name, stem in SECTIONS.items()}


def _section_path(name: str, stem: str, taken: set[str]) -> str:
    if name in YIELDING_SECTIONS and (stem in taken or f"{stem}/index" in taken):
        return f"{MOVED_SECTIONS}/{stem}{PAGE_SUFFIX}"
    return stem + PAGE_SUFFIX


METHODOLOGY_ANCHOR = "methodology"
"""The same, as a section of a one-page pack."""


def page_url(path: str, *, directory_urls: bool) -> str:
    """Where a page's source name is published, as MkDocs places it."""
    stem = path[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    return (stem[: -len("/index")] if stem.endswith("/index") else stem) + "/"


def relative_url(target: str, current: str) -> str:
    """A link from one published URL to another that works on a sub-path and from disk."""
    return relative_url_from(target, url_folder(current))


def url_folder(current: str) -> str:
    """The folder a published URL's relative links start from: what `relative_url_from` takes."""
    return posixpath.dirname(current) if not current.endswith("/") else current.rstrip("/")


@MEMOS.cached(1 << 14)
def relative_url_from(target: str, folder: str) -> str:
    """`relative_url` from a page in `folder`, kept per (target, folder): a list page
    links a hundred items, every event links the same actors and tags, and pages
    share a few folders, so a 10,000-event build asks the same questions about
    half a million times. Pages come in runs from one folder, so 16,384 answers
    (a few MB) are hit as often as an unbounded cache's 92,000 would be."""
    result = _relative_path(target or ".", folder or ".")
    if target.endswith("/") and not result.endswith("/"):
        result += "/"
    return result


ROOT_MARK = "/.briefing-root/"
"""Stands for the site's root in rendered Markdown until `rebased` makes it relative.
It is root-relative, which a curator's own link may not be (that is an error and
never reaches a page), and so it can only come from `Renderer.resolve`."""
_MARKED_HREF = re.compile(r'(<a\b[^>]*?\shref=")' + re.escape(ROOT_MARK) + r'([^"#]*)')


def rebased(html: Markup, current: str) -> Markup:
    """Rendered Markdown with its cross-reference links made relative to the page it is on."""
    if ROOT_MARK not in html:
        return html
    folder = url_folder(current)
    return Markup(_MARKED_HREF.sub(lambda match: match.group(1) + relative_url_from(match.group(2), folder), html))


def _relative_path(path: str, start: str) -> str:
    """`posixpath.relpath` for the site's own (relative) URLs, without its two calls to
    `os.getcwd()`: a 10,000-event build asks this about a million times."""
    parts, start_parts = _url_parts(path), _url_parts(start)
    common = 0
    for mine, theirs in zip(parts, start_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    relative = [".."] * (len(start_parts) - common) + list(parts[common:])
    return "/".join(relative) if relative else "."


@MEMOS.cached(4096)
def _url_parts(path: str) -> tuple[str, ...]:
    return tuple(part for part in posixpath.normpath(path).split("/") if part and part != ".")


def item_path(item: Event | Actor | Tag | Briefing) -> str:
    return f"{item.KIND.folder}/{item.id}.md"


def prose_path(page: ProsePage) -> str:
    """A prose page's source name: its own path (`methods/sourcing.md`), built as `.html`."""
    return page.id + PAGE_SUFFIX


def anchor_id(item: Event | Actor | Tag | Briefing) -> str:
    """The id of an item's section in a one-page output: `event-<id>`, `actor-<id>`…"""
    return f"{item.KIND.name}-{item.id}"


def year_path(year: int) -> str:
    return f"timeline/{year}.md"


def letter_slug(letter: str) -> str:
    """A letter's part of a URL: `a`…`z`, and `other` for '#'."""
    return "other" if letter == "#" else letter.lower()


TITLE_INDEX_PATH = f"{EVENT.folder}/by-title/index.md"
"""The events A–Z by title (the events section lists them newest first); beside its letters."""


def letter_path(letter: str) -> str:
    """One letter of the A–Z events index; event ids hold no '/', so no event page is here."""
    return f"{EVENT.folder}/by-title/{letter_slug(letter)}.md"


def actor_letter_path(kind: str, letter: str) -> str:
    """One letter of one kind of actor; actor ids hold no '/', so no actor page is here."""
    return f"{ACTOR.folder}/by-kind/{kind}/{letter_slug(letter)}.md"


def tag_year_path(tag: Tag, year: int) -> str:
    """One year of a tag's events, beside (never in place of) the tag's page `tags/<id>.md`."""
    return f"{TAG.folder}/{tag.id}/{year}.md"


def actor_year_path(actor: Actor, year: int) -> str:
    """One year of an actor's events, beside the actor's page `actors/<id>.md`; years are digits,
    so these never meet the `actors/by-kind/<kind>/` folders."""
    return f"{ACTOR.folder}/{actor.id}/{year}.md"
