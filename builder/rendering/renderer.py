"""The Jinja renderer: one environment for every page, and the names templates use.

Templates in templates/pages/ are the one place that decides what a page
shows. Content reaches them as data: text is autoescaped, Markdown goes
through the sanitising `md` function, and nothing from content is ever
compiled as a template. It knows nothing of MkDocs: pages are (path, title,
HTML) values that any writer can put on disk.
"""

from __future__ import annotations

import contextlib
import importlib.resources
import os
import re
import traceback
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from builder import fragments
from builder.countries import COUNTRY_NAMES
from builder.dates import MONTHS
from builder.errors import BuildFailed, Problem
from builder.index import Site
from builder.kinds import PAGE
from builder.loading import load_document
from builder.markup import render_markdown
from builder.model import Actor, Briefing, Event, ProsePage, Tag
from builder.rendering.contexts import variables
from builder.rendering.map_drawing import WORLD_PATH
from builder.rendering.pages import Options, Page
from builder.rendering.timeline_drawing import mark_svg as timeline_mark
from builder.rendering.urls import (
    METHODOLOGY_ANCHOR,
    ROOT_MARK,
    TITLE_INDEX_PATH,
    actor_letter_path,
    actor_year_path,
    anchor_id,
    item_path,
    letter_path,
    page_url,
    prose_path,
    rebased,
    relative_url_from,
    section_paths,
    tag_year_path,
    url_folder,
    year_path,
)
from builder.typography import typographic
from builder.yamltree import Mapping

THEME_DIR = Path(str(importlib.resources.files("builder.theme")))
"""The theme's folder: templates/ in the repository, shipped as the package builder.theme."""

THEME_PREFIX = "briefing/"
"""`briefing/pages/event.html` is always the theme's own template, whatever a custom_dir
overrides, so that an override can include or extend the template it replaces."""


def theme_loader() -> jinja2.BaseLoader:
    """The theme's own templates under `briefing/`, which no custom_dir overrides."""
    return jinja2.PrefixLoader({THEME_PREFIX.rstrip("/"): jinja2.FileSystemLoader(str(THEME_DIR))})


def make_environment(custom_dirs: Sequence[str | Path] = ()) -> jinja2.Environment:
    """The single Jinja environment for page bodies: `custom_dirs` first, then the theme.

    Autoescape on, because every string in a context is content; undefined
    names fail loudly, because a silently blank field is a wrong briefing;
    no auto-reload, because a build renders a template thousands of times.
    """
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader([*map(str, custom_dirs), str(THEME_DIR)]), theme_loader()]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Content's text is never re-cased beyond this (see fragments.sentence_case); use it,
    # not `capitalize`, which lowercases all but the first letter.
    environment.filters["sentence_case"] = fragments.sentence_case
    environment.filters["smart"] = typographic
    return environment


def theme_search_path(options: Options) -> list[str]:
    return [options.custom_dir] if options.custom_dir else []


def theme_file(options: Options, name: str) -> Path:
    """An asset of the theme (`assets/briefing.css`), or the site's override of it."""
    for folder in [*theme_search_path(options), str(THEME_DIR)]:
        if (Path(folder) / name).is_file():
            return Path(folder) / name
    return THEME_DIR / name


class RenderFailed(BuildFailed):
    """Rendering an item's Markdown or page raised: the content problem it is, at that item's file.

    Content is checked before it is rendered, but a text the checks let through may
    still break a library (Python-Markdown recurses once per level of nesting). A
    curator must then see which file to fix, as for any other content error, never a
    traceback; and the live preview must keep serving the last good site."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


MARKDOWN_FIELDS = ("summary", "body")
"""The Markdown fields of events, actors and briefings (tags' descriptions are text)."""


class Renderer:
    """Renders pages of one site; holds what every page's context shares."""

    def __init__(
        self,
        site: Site,
        options: Options,
        environment: jinja2.Environment | None = None,
        root: Path | None = None,
    ) -> None:
        self.site = site
        self.options = options
        self.environment = environment or make_environment(theme_search_path(options))
        self.root = root
        """The folder problem paths are relative to (the repository), to point at a failing field."""
        self.sections = section_paths(site.pages)
        """Where each of the site's own top pages is, once the prose pages have taken their names."""

    def url_of(self, path: str) -> str:
        return page_url(path, directory_urls=self.options.directory_urls)

    def render(self, page: Page) -> str:
        """The page's HTML; `RenderFailed` naming the item's file if rendering raises."""
        current = self.url_of(page.path)
        template = self.environment.get_template(page.template)
        try:
            return template.render(**TemplateNames(self, current).mapping(), **variables(page.context))
        except (RenderFailed, jinja2.TemplateError):
            raise  # a template's own mistake (an override's undefined name) is not the content's
        except Exception as error:
            if page.source is None:
                raise
            raise RenderFailed(Problem(page.source, 1, 1, _failure_message("this page", error))) from error

    def redirect_page(self, target: str) -> str:
        """The whole HTML page left at a former id, sending readers on to `target`."""
        # Jinja drops a template's last newline; the page is a file and ends with one.
        return self.environment.get_template("pages/redirect.html").render(target=target) + "\n"

    def markdown_problems(self) -> list[Problem]:
        """Render every published text's Markdown as the page templates will, before any page
        is written: a text that makes the renderer raise is a problem at its field, so a build
        stops while the output folder is still untouched. Each result is kept by
        `render_markdown`, so the pages reuse it and nothing is converted twice."""
        problems = []
        items: list[Event | Actor | Briefing] = [*self.site.events, *self.site.actors, *self.site.briefings]
        for item in items:
            for name in MARKDOWN_FIELDS:
                text = getattr(item, name)
                if not text:
                    continue
                try:
                    render_markdown(text, self.resolve)
                    if name == "summary":
                        render_markdown(text, self.resolve, inline=True)
                except Exception as error:
                    problems.append(self._problem_at(item, name, error))
        for page in self.site.pages:
            try:
                render_markdown(page.body, self.resolve, page_folder=page.folder)
            except Exception as error:
                problems.append(Problem(page.path, 1, 1, _failure_message("this page's text", error)))
        for briefing in self.site.briefings:
            for judgement in briefing.judgements:
                try:
                    render_markdown(judgement.text, self.resolve, inline=True)
                except Exception as error:
                    message = _failure_message("this judgement's 'text'", error)
                    problems.append(Problem(briefing.path, judgement.line, judgement.column, message))
        return problems

    def _rendered(
        self, text: str, *, heading_level: int = 2, inline: bool = False, page_folder: str | None = None
    ) -> Markup:
        """A text's HTML for a page; a failure names the item holding the text when one does."""
        try:
            return render_markdown(
                text, self.resolve, heading_level=heading_level, inline=inline, page_folder=page_folder
            )
        except Exception as error:
            failed = self._markdown_failed(text, error)
            if failed is None:
                raise
            raise failed from error

    def _markdown_failed(self, text: str, error: Exception) -> RenderFailed | None:
        """What to raise when a text's Markdown could not be rendered on some page: the
        problem at the item that holds it, found only now (the search is linear); None
        when no item holds it, and `render` names the page's own file."""
        content = self.site.content
        items: list[Event | Actor | Briefing] = [
            *content.events.values(),
            *content.actors.values(),
            *content.briefings.values(),
        ]
        for item in items:
            for name in MARKDOWN_FIELDS:
                if getattr(item, name) == text:
                    return RenderFailed(self._problem_at(item, name, error))
        return None

    def _problem_at(self, item: Event | Actor | Briefing, name: str, error: Exception) -> Problem:
        line, column = _field_position(self.root, item, name)
        return Problem(item.path, line, column, _failure_message(f"'{name}'", error))

    def resolve(self, kind: str, ident: str) -> str | None:
        """Where a Markdown cross-reference points, the same from every page.

        Links go to `ROOT_MARK` + the page's URL, which `rebased` turns into a
        path relative to the page the text is shown on. So each text is converted
        once, not once per folder depth it appears at: a summary is shown on a
        dozen list pages. Markdown links cannot be marked external, so an item
        without a page here reads as text.
        """
        content = self.site.content
        if kind == PAGE:
            return self._page_url(ident)
        kinds: dict[str, dict[str, Any]] = {
            "event": content.events,
            "actor": content.actors,
            "tag": content.tags,
            "briefing": content.briefings,
        }
        item = kinds[kind].get(ident)
        if item is None or not self.site.has_page(item):
            return None
        if self.options.anchors:
            return "#" + anchor_id(item)
        return ROOT_MARK + self.url_of(item_path(item))

    def _page_url(self, ident: str) -> str | None:
        """`methods/sourcing#grades`, or `methods` for methods/index.md."""
        path, hash_mark, anchor = ident.partition("#")
        pages = self.site.content.pages
        page = pages.get(path) or pages.get(f"{path}/index")
        if page is None or not self.site.has_page(page) or self.options.anchors:
            return None
        return ROOT_MARK + self.url_of(prose_path(page)) + hash_mark + anchor

    def published_url(self, item: Event | Actor | Tag | Briefing) -> str | None:
        """The item's page on the published site, absolute, for a citation or a search engine:
        from `site_url`, or in a pack from the site it was made from; None when unknown."""
        base = self.options.site_url
        if base is None:
            return self.external_url(item)
        return base.rstrip("/") + "/" + page_url(item_path(item), directory_urls=self.options.directory_urls)

    def external_url(self, item: Event | Actor | Tag | Briefing) -> str | None:
        """An item outside a pack, on the published site when its URL is known; else no link."""
        base = self.options.external_base
        if base is None or (isinstance(item, Event) and not self.site.is_published(item)):
            return None
        return base.rstrip("/") + "/" + page_url(item_path(item), directory_urls=self.options.external_directory_urls)


def template_error(error: jinja2.TemplateError) -> str:
    """A template's error as `path:line: message`, the path as the curator's shell shows it:
    a syntax error says where; any other is placed at the last template line it ran, which
    Jinja writes into the traceback."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return f"{_shown_path(error.filename)}:{error.lineno}: template syntax error: {error.message}"
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename.endswith(".html")]
    where = f"{_shown_path(frames[-1].filename)}:{frames[-1].lineno}: " if frames else ""
    return f"{where}template error: {error}"


def _shown_path(path: str) -> str:
    with contextlib.suppress(ValueError):
        return os.path.relpath(path)
    return path


def _failure_message(what: str, error: Exception) -> str:
    """A curator's message for a renderer that raised; the exception's own text is left out
    (it may quote content, control characters included)."""
    if isinstance(error, RecursionError):
        return (
            f"{what} could not be rendered: its Markdown nests too deeply (lists or quotes inside "
            "each other); flatten it"
        )
    return (
        f"{what} could not be rendered ({type(error).__name__}); simplify this text, and report it as a bug in briefing"
    )


def _field_position(root: Path | None, item: Event | Actor | Briefing, name: str) -> tuple[int, int]:
    """Where a field's value is in the item's file, read again now (only when something
    failed); 1:1 when the file cannot be read as it was."""
    kinds = {Event: "event", Actor: "actor", Briefing: "briefing"}
    path = (root or Path.cwd()) / item.path
    if not path.is_file():
        return 1, 1
    document = load_document(path, kinds[type(item)], item.path, [])  # type: ignore[arg-type]
    entry = document.root.items.get(name) if isinstance(document.root, Mapping) else None
    if entry is None:
        return 1, 1
    value = entry[1]
    return value.line, value.column


def script_json(data: str) -> str:
    """JSON made safe to embed in a <script> element, inline or not.

    A script element's text ends at the first `</script`, and after `<!--` a
    `<script` puts the HTML parser in its "double escaped" state, where even
    `</script>` no longer ends the element: a title such as `<!--<script>`
    swallowed the rest of a single-file pack. In JSON a `<` (and `>`, `&`) can
    only be inside a string, where `\\u003c` means the same character, so every
    one is written that way and none of those sequences can appear.
    """
    return data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_SCRIPT_HAZARD = re.compile(r"<(?=!--|/?script)", re.IGNORECASE)
_STYLE_END = re.compile(r"</(?=style)", re.IGNORECASE)


def inline_script(code: str) -> str:
    """JavaScript (our own, never content's) made safe to put inside <script>…</script>.

    The `<` of each `<!--`, `<script` and `</script` (any case), which could end the
    element or make the parser miss its end (see `script_json`), becomes `\\x3C`:
    those sequences only occur in our code inside strings, regular expressions
    and comments, where `\\x3C` reads as `<` or is not read at all."""
    return _SCRIPT_HAZARD.sub(r"\\x3C", code)


def inline_style(css: str) -> str:
    """CSS made safe to put inside <style>…</style>: only `</style` (any case) ends that
    element, and `<\\/` is what CSS reads as `</` wherever it may appear (a string, a comment)."""
    return _STYLE_END.sub(r"<\\/", css)


class TemplateNames:
    """The names every page template can use besides its own context, for the page at
    `current`: the one place they are defined.

    | name | gives |
    | --- | --- |
    | `url(item)` | the item's page relative to this one; in a pack, its published page; None: show text |
    | `section_url(name)` | one of the site's own top pages (urls.SECTIONS): home, timeline, map, events… |
    | `title_index_url` | the events A–Z by title (the events section lists them newest first) |
    | `month_name(month)` | a month's English name: `month_name(9)` is "September" |
    | `year_url(year)`, `letter_url(letter)` | a timeline year, a letter of the A–Z of events |
    | `actor_letter_url(kind)(letter)` | a letter of one kind of actor |
    | `tag_year_url(tag)(year)`, `actor_year_url(actor)(year)` | a year of a long tag or actor page |
    | `date`, `link`, `actor_link`, `draft_badge`, `count`, `event_item` | builder/fragments.py's HTML |
    | `certainty(event)`, `sourcing(event)` | how sure an event is (linked to the methodology); what that rests on |
    | `methodology_url(part='')` | where `confidence`, `likelihood`, `grades` are explained (a pack's section) |
    | `md(text, heading_level=2)`, `md_inline(text)` | a text's Markdown, sanitised, links made relative |
    | `page_body(page)` | a prose page's Markdown, its headings with their anchors |
    | `country_name(code)` | a country's English name |
    | `site_name`, `anchor_id(item)` | the site's name; an item's id in a one-page pack |
    | `published_url(item)` | the item's page on the published site, absolute (citations); None without site_url |
    | `timeline_mark(mark, href, ident)` | one mark of a drawn timeline as SVG (timeline_drawing.mark_svg) |
    | `file_url(path)` | a file the build writes (`data/events.csv`), relative to this page |
    | `world_url` | the map's world outline (assets/world.svg); None in a one-page pack, which inlines it |
    """

    def __init__(self, renderer: Renderer, current: str) -> None:
        self.renderer = renderer
        self.current = current
        self.folder = url_folder(current)

    def link(self, path: str) -> str:
        return relative_url_from(self.renderer.url_of(path), self.folder)

    def url(self, item: Event | Actor | Tag | Briefing | ProsePage) -> str | None:
        renderer = self.renderer
        if isinstance(item, ProsePage):
            # Prose pages are in folder packs, never in a one-page pack.
            return None if renderer.options.anchors else self.link(prose_path(item))
        if not renderer.site.has_page(item):
            return renderer.external_url(item)
        if renderer.options.anchors:
            return "#" + anchor_id(item)
        return self.link(item_path(item))

    def item_link(self, obj: Event | Actor | Tag | Briefing, text: object, class_: str = "") -> Markup:
        return fragments.link_to(self.url(obj), text, class_)

    def actor_link(self, actor: Actor) -> Markup:
        return fragments.link_to(self.url(actor), actor.name)

    def md(self, text: str, heading_level: int = 2) -> Markup:
        return rebased(self.renderer._rendered(text, heading_level=heading_level), self.current)

    def md_inline(self, text: str) -> Markup:
        return rebased(self.renderer._rendered(text, inline=True), self.current)

    def page_body(self, page: ProsePage) -> Markup:
        return rebased(self.renderer._rendered(page.body, page_folder=page.folder), self.current)

    def methodology_url(self, part: str = "") -> str:
        """The methodology page, at one of its parts (`confidence`, `likelihood`, `grades`), or
        that part in a one-page pack, where the page is a section: every certainty marker,
        judgement and grade links there."""
        if self.renderer.options.anchors:
            return f"#{METHODOLOGY_ANCHOR}-{part}" if part else f"#{METHODOLOGY_ANCHOR}"
        return self.link(self.renderer.sections["methodology"]) + (f"#{part}" if part else "")

    @cached_property
    def confidence_explained(self) -> str:
        """Where every certainty marker of this page links: worked out once, a list shows hundreds."""
        return self.methodology_url("confidence")

    def certainty(self, event: Event) -> Markup:
        return fragments.event_certainty(event, self.confidence_explained)

    def event_item(self, event: Event, note: object = None) -> Markup:
        url, summary = self.url(event), self.md_inline(event.summary)
        return fragments.event_item(event, url, summary, note, self.confidence_explained)

    def mapping(self) -> dict[str, Any]:
        link = self.link
        return {
            "url": self.url,
            "section_url": lambda name: link(self.renderer.sections[name]),
            "title_index_url": link(TITLE_INDEX_PATH),
            "month_name": lambda month: MONTHS[month - 1],
            "year_url": lambda year: link(year_path(year)),
            "letter_url": lambda letter: link(letter_path(letter)),
            "actor_letter_url": lambda kind: lambda letter: link(actor_letter_path(kind, letter)),
            "tag_year_url": lambda tag: lambda year: link(tag_year_path(tag, year)),
            "actor_year_url": lambda actor: lambda year: link(actor_year_path(actor, year)),
            "date": fragments.date,
            "link": self.item_link,
            "actor_link": self.actor_link,
            "draft_badge": fragments.draft_badge,
            "certainty": self.certainty,
            "methodology_url": self.methodology_url,
            "sourcing": fragments.sourcing,
            "count": fragments.count,
            "event_item": self.event_item,
            "md": self.md,
            "page_body": self.page_body,
            "md_inline": self.md_inline,
            "country_name": lambda code: COUNTRY_NAMES.get(code, code),
            "site_name": self.renderer.options.site_name,
            "timeline_mark": timeline_mark,
            "file_url": lambda path: relative_url_from(path, self.folder),
            "world_url": None if self.renderer.options.anchors else relative_url_from(WORLD_PATH, self.folder),
            "anchor_id": anchor_id,
            "published_url": self.renderer.published_url,
        }
