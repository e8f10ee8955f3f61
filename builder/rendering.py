"""The indexed site → the pages it publishes, each an HTML fragment from a template.

Templates in templates/pages/ are the one place that decides what a page
shows; this module only lists the pages, gives each its context and renders
it through one Jinja environment. Content reaches templates as data: text is
autoescaped, Markdown goes through the sanitising `md` function, and nothing
from content is ever compiled as a template. It knows nothing of MkDocs:
pages are (path, title, HTML) values that any writer can put on disk.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from builder import fragments
from builder.countries import COUNTRY_NAMES
from builder.errors import BuildFailed, Problem
from builder.index import ACTOR_EVENTS_ON_ONE_PAGE, ACTORS_ON_ONE_PAGE, TAG_EVENTS_ON_ONE_PAGE, Site, by_initial
from builder.kinds import KINDS
from builder.loading import Mapping, load_document
from builder.markup import render_markdown
from builder.model import Actor, Briefing, Event, Tag

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
SECTIONS = {
    "home": "index",
    "timeline": "timeline",
    **{kind.folder: kind.folder for kind in KINDS},
}
SEARCH_INDEX_PATH = "assets/search-index.js"


@dataclass(frozen=True)
class Options:
    """The few site settings pages depend on, taken from mkdocs.yml by the plugin."""

    site_name: str = "Briefing"
    site_description: str | None = None
    edit_base: str | None = None
    content_prefix: str = "content/"
    directory_urls: bool = False
    anchors: bool = False
    """One-page output (a single-file pack): items link to in-page anchors, not pages."""
    external_base: str | None = None
    """For a pack: the published site's URL, where items outside the pack are linked to."""
    external_directory_urls: bool = False


@dataclass(frozen=True)
class Page:
    """One page to publish: `path` is its source name (`events/x.md`), `source` the YAML behind it."""

    path: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict, compare=False)
    source: str | None = None


def make_environment(templates_dir: Path = TEMPLATES_DIR) -> jinja2.Environment:
    """The single Jinja environment for page bodies.

    Autoescape on, because every string in a context is content; undefined
    names fail loudly, because a silently blank field is a wrong briefing;
    no auto-reload, because a build renders a template thousands of times.
    """
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Content's text is never re-cased beyond this (see fragments.sentence_case); use it,
    # not `capitalize`, which lowercases all but the first letter.
    environment.filters["sentence_case"] = fragments.sentence_case
    return environment


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


@functools.lru_cache(maxsize=1 << 14)
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


@functools.lru_cache(maxsize=4096)
def _url_parts(path: str) -> tuple[str, ...]:
    return tuple(part for part in posixpath.normpath(path).split("/") if part and part != ".")


def item_path(item: Event | Actor | Tag | Briefing) -> str:
    return f"{item.KIND.folder}/{item.id}.md"


def anchor_id(item: Event | Actor | Tag | Briefing) -> str:
    """The id of an item's section in a one-page output: `event-<id>`, `actor-<id>`…"""
    return f"{item.KIND.name}-{item.id}"


def year_path(year: int) -> str:
    return f"timeline/{year}.md"


def letter_slug(letter: str) -> str:
    """A letter's part of a URL: `a`…`z`, and `other` for '#'."""
    return "other" if letter == "#" else letter.lower()


def letter_path(letter: str) -> str:
    """One letter of the A–Z events index; event ids hold no '/', so no event page is here."""
    return f"events/by-title/{letter_slug(letter)}.md"


def actor_letter_path(kind: str, letter: str) -> str:
    """One letter of one kind of actor; actor ids hold no '/', so no actor page is here."""
    return f"actors/by-kind/{kind}/{letter_slug(letter)}.md"


def tag_year_path(tag: Tag, year: int) -> str:
    """One year of a tag's events, beside (never in place of) the tag's page `tags/<id>.md`."""
    return f"tags/{tag.id}/{year}.md"


def actor_year_path(actor: Actor, year: int) -> str:
    """One year of an actor's events, beside the actor's page `actors/<id>.md`; years are digits,
    so these never meet the `actors/by-kind/<kind>/` folders."""
    return f"actors/{actor.id}/{year}.md"


def _neighbours(keys: list[Any], position: int) -> dict[str, Any]:
    return {
        "previous": keys[position - 1] if position > 0 else None,
        "next": keys[position + 1] if position + 1 < len(keys) else None,
    }


def list_pages(site: Site, options: Options) -> Iterator[Page]:
    """Every page of the site, in a fixed order, with what its template needs."""
    yield Page(
        "index.md",
        options.site_name,
        "pages/home.html",
        {
            "description": options.site_description,
            "counts": {
                "events": len(site.events),
                "actors": len(site.actors),
                "tags": len(site.tags),
                "briefings": len(site.briefings),
            },
            "latest": site.latest(),
            "briefings": site.briefings,
        },
    )
    years = site.years()
    yield Page(
        "timeline.md", "Timeline", "pages/timeline.html", {"years": [(year, len(events)) for year, events in years]}
    )
    for position, (year, events) in enumerate(years):
        yield Page(
            year_path(year),
            f"Timeline {year}",
            "pages/timeline_year.html",
            {
                "year": year,
                "months": site.months(events),
                "previous_year": years[position - 1][0] if position > 0 else None,
                "next_year": years[position + 1][0] if position + 1 < len(years) else None,
            },
        )
    yield from _event_index_pages(site)
    for event in site.events:
        yield event_page(site, event, options)
    yield from _actor_index_pages(site)
    for actor in site.actors:
        yield from _actor_pages(site, actor)
    yield Page(
        "tags.md",
        "Tags",
        "pages/tags.html",
        {"tags": [(tag, len(site.tag_events.get(tag.id, []))) for tag in site.tags]},
    )
    for tag in site.tags:
        yield from _tag_pages(site, tag)
    yield Page(
        "briefings.md",
        "Briefings",
        "pages/briefings.html",
        {"briefings": [(b, len(site.briefing_events[b.id])) for b in site.briefings]},
    )
    for briefing in site.briefings:
        yield Page(
            item_path(briefing),
            briefing.title,
            "pages/briefing.html",
            {
                "briefing": briefing,
                "judgements": site.key_judgements(briefing),
                "events": site.briefing_events[briefing.id],
                "actors": site.briefing_actors(briefing.id),
            },
            briefing.path,
        )


def _event_index_pages(site: Site) -> Iterator[Page]:
    """The A–Z index: one page while the site is small, else letters linking to a page each."""
    letters = site.letters()
    split = site.letters_split()
    counts = [(letter, len(events)) for letter, events in letters]
    yield Page("events.md", "Events", "pages/events.html", {"letters": [] if split else letters, "counts": counts})
    if not split:
        return
    keys = [letter for letter, _events in letters]
    for position, (letter, events) in enumerate(letters):
        yield Page(
            letter_path(letter),
            f"Events: {letter_label(letter)}",
            "pages/events_letter.html",
            {"letter": letter, "events": events, "counts": counts, **_neighbours(keys, position)},
        )


def letter_label(letter: str) -> str:
    return "other titles" if letter == "#" else letter


def _actor_index_pages(site: Site) -> Iterator[Page]:
    """Actors by kind; a kind with more than `ACTORS_ON_ONE_PAGE` actors lists its letters
    on the index and its actors on a page per letter."""
    kinds: list[tuple[str, str, list[Actor], list[tuple[str, int]] | None]] = []
    letter_pages = []
    for kind, label, actors in site.actor_kinds():
        if len(actors) <= ACTORS_ON_ONE_PAGE:
            kinds.append((kind, label, actors, None))
            continue
        letters = by_initial(actors, lambda a: a.name)
        counts = [(letter, len(group)) for letter, group in letters]
        kinds.append((kind, label, actors, counts))
        keys = [letter for letter, _group in letters]
        for position, (letter, group) in enumerate(letters):
            letter_pages.append(
                Page(
                    actor_letter_path(kind, letter),
                    f"{label}: {letter_label(letter)}",
                    "pages/actors_letter.html",
                    {
                        "kind": kind,
                        "label": label,
                        "letter": letter,
                        "actors": group,
                        "counts": counts,
                        **_neighbours(keys, position),
                    },
                )
            )
    yield Page("actors.md", "Actors", "pages/actors.html", {"kinds": kinds})
    yield from letter_pages


def _tag_pages(site: Site, tag: Tag) -> Iterator[Page]:
    """A tag's events by year; past `TAG_EVENTS_ON_ONE_PAGE` events, a page per year."""
    years = site.tag_years(tag.id)
    total = len(site.tag_events.get(tag.id, []))
    split = total > TAG_EVENTS_ON_ONE_PAGE
    counts = [(year, len(events)) for year, events in years]
    yield Page(
        item_path(tag),
        tag.title,
        "pages/tag.html",
        {"tag": tag, "total": total, "years": [] if split else years, "counts": counts},
        tag.path,
    )
    if split:
        yield from _year_pages(
            years, counts, lambda year: tag_year_path(tag, year), tag.title, "pages/tag_year.html", {"tag": tag}
        )


def _year_pages(
    years: list[tuple[int, list[Any]]],
    counts: list[tuple[int, int]],
    path: Callable[[int], str],
    title: str,
    template: str,
    owner: dict[str, Any],
) -> Iterator[Page]:
    """A page per year of a list too long for its owner's page (a tag's or an actor's events)."""
    # The list runs newest first; the pager, like the timeline's, older on the left.
    oldest_first = [year for year, _items in reversed(years)]
    for year, items in years:
        yield Page(
            path(year),
            f"{title}: {year}",
            template,
            owner
            | {"year": year, "events": items, "counts": counts}
            | _neighbours(oldest_first, oldest_first.index(year)),
        )


def event_page(site: Site, event: Event, options: Options) -> Page:
    actors = site.content.actors
    return Page(
        item_path(event),
        event.title,
        "pages/event.html",
        {
            "event": event,
            "participants": [(actors[p.actor], p.role) for p in event.participants],
            "related": site.related.get(event.id, []),
            "quotes": [(q, [actors[a] for a in q.actors], event.source(q.source)) for q in event.quotes],
            "tags": [site.content.tags[t] for t in event.tags],
            "edit_url": _edit_url(event.path, options),
        },
        event.path,
    )


def _actor_pages(site: Site, actor: Actor) -> Iterator[Page]:
    """An actor's page; past `ACTOR_EVENTS_ON_ONE_PAGE` events, its events on a page per year."""
    page = actor_page(site, actor)
    yield page
    counts = page.context["counts"]
    if counts:
        yield from _year_pages(
            site.actor_years(actor.id),
            counts,
            lambda year: actor_year_path(actor, year),
            actor.name,
            "pages/actor_year.html",
            {"actor": actor},
        )


def actor_page(site: Site, actor: Actor) -> Page:
    """An actor's page. Its context holds every event (a single-file pack lists them all);
    `counts` is set only when the page shows events counted by year instead of listed."""
    actors = site.content.actors
    links = site.actor_links.get(actor.id, [])
    events = site.actor_events.get(actor.id, [])
    split = len(events) > ACTOR_EVENTS_ON_ONE_PAGE
    return Page(
        item_path(actor),
        actor.name,
        "pages/actor.html",
        {
            "actor": actor,
            "roles": [(role, actors[role.organization] if role.organization else None) for role in actor.roles],
            "relations": [(link.label, link.actor, link.start, link.end) for link in links],
            "members": site.role_holders.get(actor.id, []),
            "events": events,
            "counts": [(year, len(pairs)) for year, pairs in site.actor_years(actor.id)] if split else [],
            "co_actors": site.co_actors(actor.id),
        },
        actor.path,
    )


def _edit_url(path: str, options: Options) -> str | None:
    """Where the item's file is edited on the forge: each segment of its path inside
    `content/` percent-encoded, because folder names are free and a space, `#`, `%` or
    `?` written as is would end the path or start a fragment or a query."""
    if options.edit_base is None or not path.startswith(options.content_prefix):
        return None
    segments = path[len(options.content_prefix) :].split("/")
    return options.edit_base + "/".join(urllib.parse.quote(segment, safe="") for segment in segments)


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
        self.environment = environment or make_environment()
        self.root = root
        """The folder problem paths are relative to (the repository), to point at a failing field."""

    def url_of(self, path: str) -> str:
        return page_url(path, directory_urls=self.options.directory_urls)

    def render(self, page: Page) -> str:
        """The page's HTML; `RenderFailed` naming the item's file if rendering raises."""
        current = self.url_of(page.path)
        template = self.environment.get_template(page.template)
        try:
            return template.render(**self._shared(current), **page.context)
        except RenderFailed:
            raise
        except Exception as error:
            if page.source is None:
                raise
            raise RenderFailed(Problem(page.source, 1, 1, _failure_message("this page", error))) from error

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
        for briefing in self.site.briefings:
            for judgement in briefing.judgements:
                try:
                    render_markdown(judgement.text, self.resolve, inline=True)
                except Exception as error:
                    message = _failure_message("this judgement's 'text'", error)
                    problems.append(Problem(briefing.path, judgement.line, judgement.column, message))
        return problems

    def _rendered(self, text: str, *, heading_level: int = 2, inline: bool = False) -> Markup:
        """A text's HTML for a page; a failure names the item holding the text when one does."""
        try:
            return render_markdown(text, self.resolve, heading_level=heading_level, inline=inline)
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

    def _shared(self, current: str) -> dict[str, Any]:
        folder = url_folder(current)

        def link(path: str) -> str:
            return relative_url_from(self.url_of(path), folder)

        def url(item: Event | Actor | Tag | Briefing) -> str | None:
            if not self.site.has_page(item):
                return self.external_url(item)
            if self.options.anchors:
                return "#" + anchor_id(item)
            return link(item_path(item))

        def item_link(obj: Event | Actor | Tag | Briefing, text: object, class_: str = "") -> Markup:
            return fragments.link_to(url(obj), text, class_)

        def actor_link(actor: Actor) -> Markup:
            return fragments.link_to(url(actor), actor.name)

        def md(text: str, heading_level: int = 2) -> Markup:
            return rebased(self._rendered(text, heading_level=heading_level), current)

        def md_inline(text: str) -> Markup:
            return rebased(self._rendered(text, inline=True), current)

        def event_item(event: Event, note: object = None) -> Markup:
            return fragments.event_item(event, url(event), md_inline(event.summary), note)

        return {
            "url": url,
            "section_url": lambda name: link(SECTIONS[name] + ".md"),
            "year_url": lambda year: link(year_path(year)),
            "letter_url": lambda letter: link(letter_path(letter)),
            # Given a kind or a tag, the URL of one of its pages, as letter_url and year_url give.
            "actor_letter_url": lambda kind: lambda letter: link(actor_letter_path(kind, letter)),
            "tag_year_url": lambda tag: lambda year: link(tag_year_path(tag, year)),
            "actor_year_url": lambda actor: lambda year: link(actor_year_path(actor, year)),
            # The most repeated pieces of HTML, as Python (builder/fragments.py); see pages/_macros.html.
            "date": fragments.date,
            "link": item_link,
            "actor_link": actor_link,
            "draft_badge": fragments.draft_badge,
            "count": fragments.count,
            "event_item": event_item,
            "md": md,
            "md_inline": md_inline,
            "country_name": lambda code: COUNTRY_NAMES.get(code, code),
            "site_name": self.options.site_name,
            "anchor_id": anchor_id,
        }

    def resolve(self, kind: str, ident: str) -> str | None:
        """Where a Markdown cross-reference points, the same from every page.

        Links go to `ROOT_MARK` + the page's URL, which `rebased` turns into a
        path relative to the page the text is shown on. So each text is converted
        once, not once per folder depth it appears at: a summary is shown on a
        dozen list pages. Markdown links cannot be marked external, so an item
        without a page here reads as text.
        """
        content = self.site.content
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

    def external_url(self, item: Event | Actor | Tag | Briefing) -> str | None:
        """An item outside a pack, on the published site when its URL is known; else no link."""
        base = self.options.external_base
        if base is None or (isinstance(item, Event) and not self.site.is_published(item)):
            return None
        return base.rstrip("/") + "/" + page_url(item_path(item), directory_urls=self.options.external_directory_urls)


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


def search_index(site: Site, options: Options) -> str:
    """The search data as a script, so search works from disk where fetch() cannot."""
    entries: list[dict[str, str]] = []

    def add(
        item: Event | Actor | Tag | Briefing, title: str, date: str, summary: str | None, names: list[str], body: str
    ) -> None:
        where = page_url(item_path(item), directory_urls=options.directory_urls)
        entry = {
            "u": "#" + anchor_id(item) if options.anchors else where,
            "k": item.KIND.name,
            "t": title,
            "d": date,
            "s": plain_text(summary or ""),
            "n": " · ".join(n for n in names if n),
        }
        if body:
            entry["b"] = plain_text(body)  # matched, ranked below title, names and summary
        entries.append(entry)

    for event in reversed(site.events):
        add(
            event,
            event.title,
            event.date.display(),
            event.summary,
            [loc.name or "" for loc in event.locations],
            " ".join([event.body or "", *(q.text for q in event.quotes)]).strip(),
        )
    for actor in site.actors:
        add(actor, actor.name, "", actor.summary, [actor.native_name or "", *actor.aliases], actor.body or "")
    for tag in site.tags:
        add(tag, tag.title, "", tag.description, [], "")
    for briefing in site.briefings:
        add(briefing, briefing.title, "", briefing.summary, [], briefing.body or "")
    data = json.dumps(entries, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return "window.BRIEFING_SEARCH = " + script_json(data) + ";\n"


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


_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_REFERENCE_DEFINITION = re.compile(r"(?m)^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?\[(?!\^)[^\]\n]+\]:[ \t]*\S.*$")
"""A reference definition (`[label]: target`), also in a quote or a list item; not a footnote."""
_MARKUP = re.compile(r"[*_`>#]|<[^>]*>")


@functools.lru_cache(maxsize=1 << 16)
def plain_text(markdown: str) -> str:
    """Markdown reduced to words for search snippets; links keep their text.

    Kept per text: the live preview writes the whole search index on every save,
    and this was most of its cost, while the texts of unchanged files are the
    same strings from rebuild to rebuild."""
    # A reference definition is a link's target, not words; it may name a draft's id.
    text = _MARKDOWN_LINK.sub(r"\1", _REFERENCE_DEFINITION.sub("", markdown))
    return " ".join(_MARKUP.sub("", text).split())
