"""The site's navigation: `nav:` of mkdocs.yml as MkDocs users write it, or ours.

A team writes `nav:` the MkDocs way (pages by their `.md` path, nested sections,
external links) and names the generated sections by their URLs (`timeline.html`);
MkDocs knows pages only by their source names (`timeline.md`), so those are
translated, and an entry that names no page is a problem, never a silently dead link.
With no `nav:`, the header shows the generated sections, then the prose pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from builder.kinds import PAGE_SUFFIX
from builder.model import ProsePage
from builder.rendering.pages import NAV
from builder.rendering.urls import section_paths

HTML_SUFFIX = ".html"
_EXTERNAL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def default_nav(pages: list[ProsePage]) -> list[dict[str, Any]]:
    """The generated sections, then the prose pages: those at the top by path, then one
    section per folder, named by its index page's title or else by the folder."""
    sections = section_paths(pages)
    nav: list[dict[str, Any]] = [{title: sections[name]} for title, name in NAV]
    folders: dict[str, list[ProsePage]] = {}
    for page in sorted(pages, key=lambda page: page.id):
        folder, _, _name = page.id.rpartition("/")
        if folder:
            folders.setdefault(folder.split("/")[0], []).append(page)
        else:
            nav.append({page.title: page.id + PAGE_SUFFIX})
    for folder, inside in folders.items():
        index = next((page for page in inside if page.id == f"{folder}/index"), None)
        title = index.title if index is not None else folder.replace("-", " ").capitalize()
        ordered = ([index] if index is not None else []) + [page for page in inside if page is not index]
        nav.append({title: [{page.title: page.id + PAGE_SUFFIX} for page in ordered]})
    return nav


def resolve_nav(nav: Any, pages: Iterable[str]) -> tuple[Any, list[str]]:
    """`nav` with each `x.html` of a page of the site as `x.md`, and the entries that name
    no page (`pages`: every page's source name). External links are kept as written."""
    known = set(pages)
    dead: list[str] = []

    def entry(value: Any) -> Any:
        if isinstance(value, list):
            return [entry(item) for item in value]
        if isinstance(value, dict):
            return {title: entry(target) for title, target in value.items()}
        if not isinstance(value, str) or _EXTERNAL.match(value) or value.startswith("//"):
            return value
        path = value.strip()
        while path.startswith("./"):
            path = path[2:]
        if path.endswith(HTML_SUFFIX):
            path = path[: -len(HTML_SUFFIX)] + PAGE_SUFFIX
        elif path.endswith("/") or not path:
            path += "index" + PAGE_SUFFIX
        if path not in known:
            dead.append(value)
            return value
        return path

    return entry(nav), dead


def nav_paths(nav: Any) -> frozenset[str]:
    """The pages a (resolved) `nav` names: the live preview always rebuilds them, because
    MkDocs warns about a nav entry whose page it is not given."""
    if isinstance(nav, list):
        return frozenset().union(*(nav_paths(item) for item in nav))
    if isinstance(nav, dict):
        return frozenset().union(*(nav_paths(target) for target in nav.values()))
    return frozenset([nav]) if isinstance(nav, str) and nav.endswith(PAGE_SUFFIX) else frozenset()
