"""The search index: one entry per page a reader can search for, with the words it is
found by, written as a script so that search works from disk with no server."""

from __future__ import annotations

import datetime
import json
import re

from builder.index import Site
from builder.kinds import PAGE
from builder.memo import MEMOS
from builder.model import Actor, Briefing, Event, ProsePage, Tag
from builder.rendering.pages import Options
from builder.rendering.renderer import script_json
from builder.rendering.urls import anchor_id, item_path, page_url, prose_path
from builder.typography import typographic

SEARCH_INDEX_PATH = "assets/search-index.js"
SEARCH_BODIES_PATH = "assets/search-bodies.js"
"""The entries' body texts, in the index's order: most of its weight (30 of 45 MB at 10,000
events), loaded after the first answer, so the first query waits only for the rest."""


def search_index(site: Site, options: Options) -> str:
    """The search data as a script, so search works from disk where fetch() cannot: whole, as
    a one-page pack inlines it."""
    return _script("BRIEFING_SEARCH", search_entries(site, options))


def search_scripts(site: Site, options: Options) -> tuple[str, str]:
    """The search data as a site serves it: the index without the bodies, and the bodies."""
    entries = search_entries(site, options)
    bodies = [entry.pop("b", "") for entry in entries]
    return _script("BRIEFING_SEARCH", entries), _script("BRIEFING_SEARCH_BODIES", bodies)


def _script(name: str, value: object) -> str:
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"window.{name} = " + script_json(data) + ";\n"


def search_entries(site: Site, options: Options) -> list[dict[str, str]]:
    """One entry per page a reader can search for, newest events first."""
    entries: list[dict[str, str]] = []

    def add(
        item: Event | Actor | Tag | Briefing | ProsePage,
        title: str,
        date: str,
        summary: str | None,
        names: list[str],
        body: str,
    ) -> None:
        kind: str
        if isinstance(item, ProsePage):
            kind, where = PAGE, page_url(prose_path(item), directory_urls=options.directory_urls)
        else:
            kind, where = item.KIND.name, page_url(item_path(item), directory_urls=options.directory_urls)
            where = "#" + anchor_id(item) if options.anchors else where
        entry = {
            "u": where,
            "k": kind,
            "t": typographic(title),
            "d": date,
            "s": typographic(plain_text(summary or "")),
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
        entries[-1].update(certainty_fields(event))
        entries[-1].update(finding_fields(event, site))
    for actor in site.actors:
        add(actor, actor.name, "", actor.summary, [actor.native_name or "", *actor.aliases], actor.body or "")
    for tag in site.tags:
        add(tag, tag.title, "", tag.description, [], "")
    for briefing in site.briefings:
        add(briefing, briefing.title, "", briefing.summary, [], briefing.body or "")
    if not options.anchors:  # a one-page pack holds no prose pages
        for page in site.pages:
            add(page, page.title, "", None, [heading.text for heading in page.headings], page.body)
    return entries


def finding_fields(event: Event, site: Site) -> dict[str, str]:
    """What finds an event besides its own words: `a` its actors' names, native names and
    aliases (ranked below the actor's own entry, so `Патрушев` finds Patrushev, then his
    events), and `r` the days it covers (`20220915-20220916`, 0 or 99999999 for an open or
    unknown end), so a date or a period typed in any form finds the events in it."""
    actors = site.content.actors
    names: list[str] = []
    for participant in event.participants:
        actor = actors[participant.actor]
        names += [actor.name, actor.native_name or "", *actor.aliases]
    fields = {"r": f"{_day_number(event.date.first_day(), 0)}-{_day_number(event.date.last_day(), 99999999)}"}
    if names:
        fields["a"] = " · ".join(typographic(name) for name in names if name)
    return fields


def _day_number(day: datetime.date | None, unknown: int) -> int:
    return unknown if day is None else day.year * 10000 + day.month * 100 + day.day


def certainty_fields(event: Event) -> dict[str, str]:
    """What a search result shows of how sure an event is, as the lists show it: `c` the
    confidence, `g` the best source grade, `x` "1" for a date that is a guess or open."""
    fields = {"c": event.confidence or "none"}
    if event.best_grade is not None:
        fields["g"] = event.best_grade
    if event.date.is_uncertain:
        fields["x"] = "1"
    return fields


_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_REFERENCE_DEFINITION = re.compile(r"(?m)^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?\[(?!\^)[^\]\n]+\]:[ \t]*\S.*$")
"""A reference definition (`[label]: target`), also in a quote or a list item; not a footnote."""
_MARKUP = re.compile(r"[*_`>#]|<[^>]*>")


@MEMOS.cached(1 << 16)
def plain_text(markdown: str) -> str:
    """Markdown reduced to words for search snippets; links keep their text.

    Kept per text: the live preview writes the whole search index on every save,
    and the texts of unchanged files are the same strings from rebuild to rebuild."""
    # A reference definition is a link's target, not words; it may name a draft's id.
    text = _MARKDOWN_LINK.sub(r"\1", _REFERENCE_DEFINITION.sub("", markdown))
    return " ".join(_MARKUP.sub("", text).split())
