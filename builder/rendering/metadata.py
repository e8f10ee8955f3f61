"""What a page says of itself to search engines, link previews and readers who cite it.

Each page's meta description is its own summary, not the site's; events carry schema.org
`Event` data (JSON-LD) that says no more than the page: a date a guess or open at one end
gives no `startDate` or `endDate` rather than a false precision. The plugin puts these
into the page (MkDocs' page meta, read by templates/base.html, and the JSON-LD after the
page body, so any theme carries it); the "Cite this" line is the page templates' own.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from builder.countries import COUNTRY_NAMES
from builder.model import Actor, Briefing, Event, Tag
from builder.rendering import contexts
from builder.rendering.pages import Page
from builder.rendering.renderer import script_json
from builder.rendering.search import plain_text
from builder.typography import typographic

DESCRIPTION_LENGTH = 200
"""Characters of a meta description: search results and link previews show about this many."""

ACTOR_TYPES = {"person": "Person", "organization": "Organization", "state": "Country", "group": "Organization"}
"""An actor's kind as a schema.org type."""


def page_description(page: Page) -> str | None:
    """The page's own summary as plain text, trimmed at a word; None for a page without one
    (the theme then gives the site's description)."""
    text = _summary(page.context)
    if not text:
        return None
    return trimmed(typographic(plain_text(text)), DESCRIPTION_LENGTH)


def _summary(context: Any) -> str | None:
    if isinstance(context, contexts.EventPage):
        return context.event.summary
    if isinstance(context, contexts.ActorPage | contexts.ActorYear):
        return context.actor.summary
    if isinstance(context, contexts.TagPage | contexts.TagYear):
        return context.tag.description
    if isinstance(context, contexts.BriefingPage):
        return context.briefing.summary
    if isinstance(context, contexts.CoverPage) and context.cover.briefing is not None:
        return context.cover.briefing.summary
    if isinstance(context, contexts.ProsePageContext):
        return _first_paragraph(context.page.body)
    return None


def _first_paragraph(markdown: str) -> str:
    """A prose page's first paragraph of text: not a heading, list, table or quote."""
    for block in markdown.split("\n\n"):
        block = block.strip()
        if block and not block.startswith(("#", "|", "-", "*", ">", "<", "```", "    ")):
            return block
    return ""


def trimmed(text: str, length: int) -> str:
    """`text` up to `length` characters, cut at a word and marked with an ellipsis."""
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.—–-") + "…"


def page_type(page: Page) -> str:
    """The Open Graph type: an event, a briefing or a prose page is an article, the rest a website."""
    article = contexts.EventPage | contexts.BriefingPage | contexts.ProsePageContext
    return "article" if isinstance(page.context, article) else "website"


def feed_owner(page: Page) -> Briefing | Tag | Actor | None:
    """The item whose feed a page announces besides the site's: its briefing, tag or actor."""
    context = page.context
    if isinstance(context, contexts.BriefingPage):
        return context.briefing
    if isinstance(context, contexts.TagPage | contexts.TagYear):
        return context.tag
    if isinstance(context, contexts.ActorPage | contexts.ActorYear):
        return context.actor
    return None


def event_json_ld(page: contexts.EventPage, url: str | None) -> Markup:
    """schema.org `Event` data for an event's page, as a script element of JSON-LD."""
    event = page.event
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": typographic(event.title),
        "description": typographic(plain_text(event.summary)),
    }
    data.update(_dates(event))
    places = [_place(location.name, location.country, location.lat, location.lon) for location in event.locations]
    if places:
        data["location"] = places if len(places) > 1 else places[0]
    actors = [_actor(actor) for actor, _role in page.participants]
    if actors:
        data["actor"] = actors
    if url is not None:
        data["url"] = url
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(f'\n<script type="application/ld+json">{script_json(text)}</script>')


def _dates(event: Event) -> dict[str, str]:
    date = event.date
    dates = {}
    if date.start is not None and date.start.qualifier is None:
        dates["startDate"] = str(date.start)
    end = date.end if date.is_interval else None
    if end is not None and end.qualifier is None:
        dates["endDate"] = str(end)
    return dates


def _place(name: str | None, country: str | None, lat: float | None, lon: float | None) -> dict[str, Any]:
    place: dict[str, Any] = {"@type": "Place"}
    if name:
        place["name"] = name
    elif country:
        place["name"] = COUNTRY_NAMES.get(country, country)
    if country:
        place["address"] = {"@type": "PostalAddress", "addressCountry": country}
    if lat is not None and lon is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": lat, "longitude": lon}
    return place


def _actor(actor: Actor) -> dict[str, str]:
    return {"@type": ACTOR_TYPES.get(actor.kind, "Thing"), "name": typographic(actor.name)}
