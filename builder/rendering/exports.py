"""The content as data, written with the site under `data/`: for a spreadsheet, a notebook, a
map or a TimelineJS embed, so that nobody has to scrape the pages.

- `events.json`, every published event with names resolved, its date as written and as
  first and last day, sources with grades and relations both ways, described by
  `events.schema.json` (`EVENTS_SCHEMA`, committed as docs/events-export.schema.json);
- `events.csv` and `actors.csv`, one row per event or actor (`EVENT_COLUMNS`,
  `ACTOR_COLUMNS`), UTF-8 with a byte-order mark so that a spreadsheet reads the accents,
  lists joined with "; ", and a cell a spreadsheet would run as a formula made text;
- `events.geojson`, a point per located place of an event (RFC 7946: longitude first);
- `timeline.json`, the events in TimelineJS3's JSON format.

One pass over the events for each file, and the same bytes for the same content. Texts are
plain (the Markdown's words): a link's target could name a draft, which no output may.
Addresses are relative to the site's root (`events/x.html`), or absolute when `site_url`
is set, so the files stay right inside a pack that is opened from disk.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from builder.countries import COUNTRY_NAMES
from builder.dates import DateValue
from builder.index import Site
from builder.model import Actor, Event
from builder.rendering import contexts
from builder.rendering.pages import RELATION_LABELS, Options, Page
from builder.rendering.search import plain_text
from builder.rendering.urls import item_path, page_url, section_paths
from builder.typography import typographic

DATA_FOLDER = "data"
EXPORT_VERSION = 1
"""Bumped when a field of events.json changes meaning or goes away (adding one does not)."""


@dataclass(frozen=True)
class DataFile:
    """One export as the Data page lists it."""

    name: str
    title: str
    media_type: str
    description: str


DATA_FILES = (
    DataFile("events.json", "Events (JSON)", "application/json", "Every event with everything it says."),
    DataFile("events.schema.json", "Its JSON Schema", "application/schema+json", "What each field of events.json is."),
    DataFile("events.csv", "Events (CSV)", "text/csv", "One row per event, for a spreadsheet."),
    DataFile("actors.csv", "Actors (CSV)", "text/csv", "One row per actor, with how many events they take part in."),
    DataFile("events.geojson", "Places (GeoJSON)", "application/geo+json", "A point per located place of an event."),
    DataFile("timeline.json", "TimelineJS", "application/json", "The events in TimelineJS3's format, to embed."),
)

EVENT_COLUMNS = (
    ("id", "the event's id (its file name)"),
    ("title", "its title"),
    ("date", "the date as written in the content (“2022-09-15/2022-09-16”, “2021-05~”)"),
    ("date_shown", "the date as the site shows it (“15–16 September 2022”)"),
    ("start", "its first possible day (ISO 8601), empty when unknown"),
    ("end", "its last possible day, empty while open"),
    ("date_uncertain", "“yes” for a date that is a guess or open"),
    ("confidence", "“low”, “moderate”, “high”, or empty"),
    ("best_grade", "the grade of its best source (“B2”), empty when none is graded"),
    ("summary", "its summary, as plain text"),
    ("actors", "its actors' names, “; ” between them"),
    ("actor_ids", "their ids, in the same order"),
    ("tags", "its tags' titles"),
    ("places", "its places' names"),
    ("countries", "its places' country codes (ISO 3166-1)"),
    ("sources", "its sources' titles"),
    ("source_urls", "their addresses, in the same order (empty for a source without one)"),
    ("updated", "when the curators last changed it in substance"),
    ("url", "its page"),
)
ACTOR_COLUMNS = (
    ("id", "the actor's id"),
    ("name", "its name"),
    ("kind", "“person”, “organization”, “state” or “group”"),
    ("native_name", "its name in its own language"),
    ("aliases", "other names, “; ” between them"),
    ("country", "its country code (ISO 3166-1)"),
    ("events", "how many published events it takes part in"),
    ("summary", "its summary, as plain text"),
    ("url", "its page"),
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet run a cell as a formula (OWASP, "CSV injection")."""


def data_page(site: Site) -> Page:
    """The Data page: each export, what it holds, and the columns of the two tables."""
    located = sum(1 for event in site.events if any(loc.lat is not None for loc in event.locations))
    return Page(
        section_paths(site.pages)["data"],
        "Data",
        "pages/data.html",
        contexts.DataPage(
            files=[(file, f"{DATA_FOLDER}/{file.name}") for file in DATA_FILES],
            events=len(site.events),
            actors=len(site.actors),
            located=located,
            event_columns=list(EVENT_COLUMNS),
            actor_columns=list(ACTOR_COLUMNS),
        ),
    )


class Exporter:
    """The exports of one site: each method writes one file's text."""

    def __init__(self, site: Site, options: Options) -> None:
        self.site = site
        self.options = options
        base = options.site_url
        self.base = "" if base is None else (base if base.endswith("/") else base + "/")

    def url(self, item: Event | Actor) -> str:
        return self.base + page_url(item_path(item), directory_urls=self.options.directory_urls)

    def files(self) -> Iterator[tuple[str, Iterable[str]]]:
        """Every export, (path under the site, its text in pieces), in the order of `DATA_FILES`:
        the JSON files come an item at a time, so a 10,000-event export is never whole in memory."""
        makers: dict[str, Callable[[], Iterable[str]]] = {
            "events.json": self.events_json,
            "events.schema.json": lambda: [_json(EVENTS_SCHEMA)],
            "events.csv": lambda: [self.events_csv()],
            "actors.csv": lambda: [self.actors_csv()],
            "events.geojson": self.geojson,
            "timeline.json": self.timeline,
        }
        for file in DATA_FILES:
            yield f"{DATA_FOLDER}/{file.name}", makers[file.name]()

    # ---------- events.json ----------

    def events_json(self) -> Iterator[str]:
        head = {"version": EXPORT_VERSION, "site": typographic(self.options.site_name), "as_of": self.site.as_of}
        return _streamed(head, "events", (self.event(event) for event in self.site.events))

    def event(self, event: Event) -> dict[str, Any]:
        content = self.site.content
        return {
            "id": event.id,
            "title": event.title,
            "url": self.url(event),
            "date": _date(event.date),
            "summary": plain_text(event.summary),
            "confidence": event.confidence,
            "confidence_note": None if event.confidence_note is None else plain_text(event.confidence_note),
            "best_grade": event.best_grade,
            "updated": None if event.updated is None else str(event.updated),
            "actors": [
                {
                    "id": p.actor,
                    "name": content.actors[p.actor].name,
                    "kind": content.actors[p.actor].kind,
                    "role": p.role,
                }
                for p in event.participants
            ],
            "tags": [{"id": tag, "title": content.tags[tag].title} for tag in event.tags if tag in content.tags],
            "locations": [
                {
                    "name": location.name,
                    "country": location.country,
                    "country_name": COUNTRY_NAMES.get(location.country) if location.country else None,
                    "lat": location.lat,
                    "lon": location.lon,
                }
                for location in event.locations
            ],
            "sources": [
                {
                    "id": source.id,
                    "title": source.title,
                    "publisher": source.publisher,
                    "url": source.url,
                    "archive_url": source.archive_url,
                    "published": None if source.published is None else str(source.published),
                    "reliability": source.reliability,
                    "credibility": source.credibility,
                    "grade": source.grade,
                }
                for source in event.sources
            ],
            "quotes": [
                {"text": quote.text, "actors": list(quote.actors), "source": quote.source, "context": quote.context}
                for quote in event.quotes
            ],
            "related": [
                {
                    "event": related.event.id,
                    "relation": related.relation,
                    "as_written": related.forward,
                    "label": RELATION_LABELS[related.relation][0 if related.forward else 1],
                }
                for related in self.site.related.get(event.id, [])
            ],
        }

    # ---------- CSV ----------

    def events_csv(self) -> str:
        content = self.site.content
        rows = []
        for event in self.site.events:
            actors = [content.actors[p.actor] for p in event.participants]
            first, last = event.date.first_day(), event.date.last_day()
            rows.append(
                [
                    event.id,
                    event.title,
                    str(event.date),
                    event.date.display(),
                    "" if first is None else first.isoformat(),
                    "" if last is None else last.isoformat(),
                    "yes" if event.date.is_uncertain else "no",
                    event.confidence or "",
                    event.best_grade or "",
                    plain_text(event.summary),
                    _joined(actor.name for actor in actors),
                    _joined(actor.id for actor in actors),
                    _joined(content.tags[tag].title for tag in event.tags if tag in content.tags),
                    _joined(location.name or "" for location in event.locations),
                    _joined(location.country or "" for location in event.locations),
                    _joined(source.title for source in event.sources),
                    _joined(source.url or "" for source in event.sources),
                    "" if event.updated is None else str(event.updated),
                    self.url(event),
                ]
            )
        return _csv([name for name, _meaning in EVENT_COLUMNS], rows)

    def actors_csv(self) -> str:
        rows = [
            [
                actor.id,
                actor.name,
                actor.kind,
                actor.native_name or "",
                _joined(actor.aliases),
                actor.country or "",
                str(len(self.site.actor_events.get(actor.id, []))),
                plain_text(actor.summary or ""),
                self.url(actor),
            ]
            for actor in self.site.actors
        ]
        return _csv([name for name, _meaning in ACTOR_COLUMNS], rows)

    # ---------- GeoJSON and TimelineJS ----------

    def geojson(self) -> Iterator[str]:
        return _streamed({"type": "FeatureCollection"}, "features", self._features())

    def _features(self) -> Iterator[dict[str, Any]]:
        number = 0
        for event in self.site.events:
            for location in event.locations:
                if location.lat is None or location.lon is None:
                    continue
                number += 1
                yield (
                    {
                        "type": "Feature",
                        "id": f"{event.id}/{number}",
                        "geometry": {"type": "Point", "coordinates": [location.lon, location.lat]},
                        "properties": {
                            "event": event.id,
                            "title": event.title,
                            "date": event.date.display(),
                            "start": _day(event.date, first=True),
                            "end": _day(event.date, first=False),
                            "place": location.name,
                            "country": location.country,
                            "confidence": event.confidence,
                            "url": self.url(event),
                        },
                    }
                )

    def timeline(self) -> Iterator[str]:
        """TimelineJS3's JSON (timeline.knightlab.com/docs/json-format.html): dates as numbers,
        text as HTML, so the summary goes in as escaped plain text."""
        title = {"text": {"headline": str(escape(typographic(self.options.site_name)))}}
        if self.options.site_description:
            title["text"]["text"] = f"<p>{escape(self.options.site_description)}</p>"
        return _streamed({"title": title}, "events", self._timeline_events())

    def _timeline_events(self) -> Iterator[dict[str, Any]]:
        for event in self.site.events:
            start = event.date.start or event.date.end
            if start is None:
                continue
            more = f'<p><a href="{escape(self.url(event))}">More</a></p>'
            entry: dict[str, Any] = {
                "unique_id": event.id,
                "start_date": _timeline_date(start),
                "display_date": event.date.display(),
                "text": {
                    "headline": str(escape(typographic(event.title))),
                    "text": f"<p>{escape(plain_text(event.summary))}</p>{more}",
                },
            }
            if event.date.is_interval and event.date.end is not None and event.date.start is not None:
                entry["end_date"] = _timeline_date(event.date.end)
            if event.tags and event.tags[0] in self.site.content.tags:
                entry["group"] = self.site.content.tags[event.tags[0]].title
            yield entry


def _date(date: DateValue) -> dict[str, Any]:
    return {
        "as_written": str(date),
        "shown": date.display(),
        "start": _day(date, first=True),
        "end": _day(date, first=False),
        "uncertain": date.is_uncertain,
    }


def _day(date: DateValue, *, first: bool) -> str | None:
    day = date.first_day() if first else date.last_day()
    return None if day is None else day.isoformat()


def _timeline_date(single: Any) -> dict[str, int]:
    parts = {"year": single.year}
    if single.month is not None:
        parts["month"] = single.month
    if single.day is not None:
        parts["day"] = single.day
    return parts


def _joined(values: Any) -> str:
    return "; ".join(values)


def _csv(header: list[str], rows: list[list[str]]) -> str:
    """RFC 4180 text with a byte-order mark (a spreadsheet then reads UTF-8), every cell that a
    spreadsheet would run as a formula starting with an apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_inert(cell) for cell in row] for row in rows])
    return "\ufeff" + out.getvalue()


def _inert(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


def _streamed(head: dict[str, Any], key: str, items: Iterator[dict[str, Any]]) -> Iterator[str]:
    """A JSON object whose list under `key` comes one item per line, as it is made: the
    fields of `head` first, then the list."""
    yield "{" + "".join(
        f"{json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}, " for name, value in head.items()
    )
    yield f"{json.dumps(key)}: ["
    separator = "\n"
    for item in items:
        yield separator + json.dumps(item, ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


_TEXT = {"type": "string"}
_OPTIONAL_TEXT = {"type": ["string", "null"]}
_DAY = {"type": ["string", "null"], "pattern": "^-?\\d{4,}-\\d{2}-\\d{2}$"}


def _object(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "required": list(properties),
        "additionalProperties": False,
        "properties": properties,
    }
    if description:
        schema["description"] = description
    return schema


EVENTS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:briefing:schema:events-export",
    "title": "briefing events export (data/events.json)",
    **_object(
        {
            "version": {"const": EXPORT_VERSION, "description": "Bumped when a field changes meaning or goes."},
            "site": {**_TEXT, "description": "The site's name."},
            "as_of": {**_TEXT, "description": "The latest day the content speaks of (ISO 8601)."},
            "events": {
                "type": "array",
                "description": "Every published event, in time order.",
                "items": _object(
                    {
                        "id": {**_TEXT, "description": "The event's id: its file name."},
                        "title": _TEXT,
                        "url": {**_TEXT, "description": "Its page: relative to the site, or absolute with site_url."},
                        "date": _object(
                            {
                                "as_written": {**_TEXT, "description": "As in the content (EDTF-like)."},
                                "shown": {**_TEXT, "description": "As the site shows it."},
                                "start": {**_DAY, "description": "Its first possible day; null when unknown."},
                                "end": {**_DAY, "description": "Its last possible day; null while open."},
                                "uncertain": {"type": "boolean", "description": "A guess or open-ended."},
                            }
                        ),
                        "summary": {**_TEXT, "description": "Plain text: the Markdown's words, without links."},
                        "confidence": {"enum": ["low", "moderate", "high", None]},
                        "confidence_note": {**_OPTIONAL_TEXT, "description": "Plain text: why that confidence."},
                        "best_grade": {**_OPTIONAL_TEXT, "description": "The best source's Admiralty grade."},
                        "updated": _OPTIONAL_TEXT,
                        "actors": {
                            "type": "array",
                            "items": _object(
                                {
                                    "id": _TEXT,
                                    "name": _TEXT,
                                    "kind": {"enum": ["person", "organization", "state", "group"]},
                                    "role": _OPTIONAL_TEXT,
                                }
                            ),
                        },
                        "tags": {"type": "array", "items": _object({"id": _TEXT, "title": _TEXT})},
                        "locations": {
                            "type": "array",
                            "items": _object(
                                {
                                    "name": _OPTIONAL_TEXT,
                                    "country": {**_OPTIONAL_TEXT, "description": "ISO 3166-1 alpha-2."},
                                    "country_name": _OPTIONAL_TEXT,
                                    "lat": {"type": ["number", "null"]},
                                    "lon": {"type": ["number", "null"]},
                                }
                            ),
                        },
                        "sources": {
                            "type": "array",
                            "items": _object(
                                {
                                    "id": _TEXT,
                                    "title": _TEXT,
                                    "publisher": _OPTIONAL_TEXT,
                                    "url": _OPTIONAL_TEXT,
                                    "archive_url": _OPTIONAL_TEXT,
                                    "published": _OPTIONAL_TEXT,
                                    "reliability": {"enum": ["A", "B", "C", "D", "E", "F", None]},
                                    "credibility": {"enum": [1, 2, 3, 4, 5, 6, None]},
                                    "grade": {**_OPTIONAL_TEXT, "description": "Reliability and credibility: B2."},
                                }
                            ),
                        },
                        "quotes": {
                            "type": "array",
                            "items": _object(
                                {
                                    "text": _TEXT,
                                    "actors": {"type": "array", "items": _TEXT},
                                    "source": {**_TEXT, "description": "The id of one of this event's sources."},
                                    "context": _OPTIONAL_TEXT,
                                }
                            ),
                        },
                        "related": {
                            "type": "array",
                            "description": "Relations both ways: as this event's file writes them, and as others' do.",
                            "items": _object(
                                {
                                    "event": _TEXT,
                                    "relation": {"enum": list(RELATION_LABELS)},
                                    "as_written": {
                                        "type": "boolean",
                                        "description": "True when this event's file states it; false when read back.",
                                    },
                                    "label": {**_TEXT, "description": "How the page words it: 'preceded by'."},
                                }
                            ),
                        },
                    }
                ),
            },
        }
    ),
}
"""What events.json holds: published with it, and committed as docs/events-export.schema.json."""
