"""Feeds a reader can follow: Atom 1.0 and JSON Feed 1.1, for the site and for each briefing,
tag and actor, written with the site.

A feed is read away from the site, so every link in it is absolute, built from mkdocs.yml's
`site_url`; without it there are no feeds (the plugin says so once). Entries are the newest
events by `updated`, else by date (`FEED_ENTRIES` in the site's feed, `ITEM_FEED_ENTRIES` in
an item's), each with its full summary as sanitised HTML: the renderer's own Markdown, with
cross-references made absolute. Feeds hold no clock: a feed's `updated` is its newest
entry's day, so the same content gives the same bytes.
"""

from __future__ import annotations

import datetime
import heapq
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

from builder.index import Site
from builder.model import Actor, Briefing, Event, Tag
from builder.rendering.renderer import Renderer
from builder.rendering.urls import ROOT_MARK, item_path, page_url
from builder.typography import typographic

FEED_ENTRIES = 50
"""The newest events the site's feed holds: a reader's feed client keeps what it has already seen."""
ITEM_FEED_ENTRIES = 20
"""The same for a briefing's, a tag's or an actor's feed: there is one per item, and an item's
events come one by one, so at 10,000 events and 1,000 actors the feeds stay under 40 MB."""
ATOM_TYPE = "application/atom+xml"
JSON_FEED_TYPE = "application/feed+json"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
NO_SITE_URL = "no feeds were written: feeds need absolute links, so set site_url in mkdocs.yml"
"""Said once per build without site_url: by the plugin (MkDocs' INFO), by `briefing build` after "built"."""
SITE_FEED = "feeds/site"
"""The site's feed, without its suffix (`.xml` Atom, `.json` JSON Feed)."""


@dataclass(frozen=True)
class Feed:
    """One feed, in both formats: `path` without its suffix, the page it follows, its events."""

    path: str
    title: str
    page: str
    """The page the feed follows, as a page source name (`tags/x.md`); `index.md` for the site."""
    events: list[Event]


def feed_path(item: Briefing | Tag | Actor) -> str:
    """Where an item's feed lives, without its suffix: `feeds/tags/<id>`."""
    return f"feeds/{item.KIND.folder}/{item.id}"


def feed_links(item: Briefing | Tag | Actor | None, site_name: str) -> list[tuple[str, str, str]]:
    """The feeds a page announces (`<link rel="alternate">`): the site's, and its item's own;
    each (type, title, path relative to the site root)."""
    links = [(ATOM_TYPE, f"{site_name} (Atom)", SITE_FEED + ".xml")]
    links.append((JSON_FEED_TYPE, f"{site_name} (JSON Feed)", SITE_FEED + ".json"))
    if item is not None:
        title = _item_title(item)
        links.append((ATOM_TYPE, f"{title} (Atom)", feed_path(item) + ".xml"))
        links.append((JSON_FEED_TYPE, f"{title} (JSON Feed)", feed_path(item) + ".json"))
    return links


def _item_title(item: Briefing | Tag | Actor) -> str:
    return typographic(item.name if isinstance(item, Actor) else item.title)


def feeds(site: Site, site_name: str) -> Iterator[Feed]:
    """Every feed of the site, each with its newest events: one pass over each owner's events."""
    yield Feed(SITE_FEED, site_name, "index.md", newest(site.events, FEED_ENTRIES))
    for briefing in site.briefings:
        yield Feed(
            feed_path(briefing),
            f"{site_name}: {_item_title(briefing)}",
            item_path(briefing),
            newest(site.briefing_events[briefing.id]),
        )
    for tag in site.tags:
        events = site.tag_events.get(tag.id, [])
        yield Feed(feed_path(tag), f"{site_name}: {_item_title(tag)}", item_path(tag), newest(events))
    for actor in site.actors:
        events = [event for event, _role in site.actor_events.get(actor.id, [])]
        yield Feed(feed_path(actor), f"{site_name}: {_item_title(actor)}", item_path(actor), newest(events))


def entry_day(event: Event) -> datetime.date:
    """The day an event counts as new in a feed: its `updated`, else the first day of its date."""
    day = (event.updated.last_day() if event.updated is not None else None) or event.date.first_day()
    return day or datetime.date.min


def newest(events: list[Event], bound: int = ITEM_FEED_ENTRIES) -> list[Event]:
    """At most `bound` events, newest first (ties by id): a bounded heap, not a sort."""
    return heapq.nlargest(bound, events, key=lambda e: (entry_day(e), e.id))


class FeedWriter:
    """Both formats of each feed, with absolute links from `base` (site_url, with its `/`)."""

    def __init__(self, renderer: Renderer, base: str, site_name: str, as_of: str) -> None:
        self.renderer = renderer
        self.base = base if base.endswith("/") else base + "/"
        self.site_name = site_name
        self.as_of = as_of
        self.directory_urls = renderer.options.directory_urls
        self.summaries: dict[str, str] = {}
        """Each event's summary as feeds write it, by id: at most one per event."""

    def url(self, page: str) -> str:
        return self.base + page_url(page, directory_urls=self.directory_urls)

    def summary_html(self, event: Event) -> str:
        """The summary as the pages show it, sanitised, every link absolute: cross-references
        from the site's address, an `#anchor` from the event's page. Made once per event,
        though an event is in several feeds and each feed is written twice."""
        html = self.summaries.get(event.id)
        if html is None:
            html = str(self.renderer._rendered(event.summary))
            html = html.replace(f'href="{ROOT_MARK}', f'href="{self.base}')
            html = html.replace('href="#', f'href="{self.url(item_path(event))}#')
            self.summaries[event.id] = html
        return html

    def files(self, feed: Feed) -> list[tuple[str, str]]:
        """The feed's two files: (path, text)."""
        return [(feed.path + ".xml", self.atom(feed)), (feed.path + ".json", self.json_feed(feed))]

    def updated(self, feed: Feed) -> str:
        day = entry_day(feed.events[0]).isoformat() if feed.events else self.as_of
        return _timestamp(day)

    def atom(self, feed: Feed) -> str:
        root = ET.Element("feed", {"xmlns": ATOM_NAMESPACE})
        ET.SubElement(root, "title").text = feed.title
        ET.SubElement(root, "id").text = self.base + feed.path + ".xml"
        ET.SubElement(root, "updated").text = self.updated(feed)
        ET.SubElement(root, "link", {"rel": "self", "type": ATOM_TYPE, "href": self.base + feed.path + ".xml"})
        ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html", "href": self.url(feed.page)})
        ET.SubElement(ET.SubElement(root, "author"), "name").text = self.site_name
        ET.SubElement(root, "generator").text = "briefing"
        for event in feed.events:
            url = self.url(item_path(event))
            entry = ET.SubElement(root, "entry")
            ET.SubElement(entry, "title").text = typographic(event.title)
            ET.SubElement(entry, "id").text = url
            ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": url})
            ET.SubElement(entry, "updated").text = _timestamp(entry_day(event).isoformat())
            ET.SubElement(entry, "summary", {"type": "html"}).text = self.summary_html(event)
            for tag in event.tags:
                ET.SubElement(entry, "category", {"term": tag, "label": self._tag_title(tag)})
        ET.indent(root)
        return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

    def json_feed(self, feed: Feed) -> str:
        items = []
        for event in feed.events:
            url = self.url(item_path(event))
            item: dict[str, object] = {
                "id": url,
                "url": url,
                "title": typographic(event.title),
                "content_html": self.summary_html(event),
                "date_modified": _timestamp(entry_day(event).isoformat()),
            }
            if event.tags:
                item["tags"] = [self._tag_title(tag) for tag in event.tags]
            items.append(item)
        document = {
            "version": JSON_FEED_VERSION,
            "title": feed.title,
            "home_page_url": self.url(feed.page),
            "feed_url": self.base + feed.path + ".json",
            "authors": [{"name": self.site_name}],
            "language": "en",
            "items": items,
        }
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"

    def _tag_title(self, tag: str) -> str:
        tags = self.renderer.site.content.tags
        return typographic(tags[tag].title) if tag in tags else tag


def _timestamp(day: str) -> str:
    """A day as RFC 3339, at midnight UTC: the content gives days, the formats want instants."""
    return f"{day}T00:00:00Z"
