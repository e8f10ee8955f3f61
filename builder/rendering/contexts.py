"""What each page template is given: one small frozen dataclass per template.

Each field is a name the template uses (besides `renderer.TemplateNames`,
which every template has); the first line of each template says the same.
A list whose entries have several parts holds named tuples, so a template
may unpack them (`{% for label, other, start, end in relations %}`) or name
a part. The live preview compares a page's context with the one it wrote
last (`preview.Written`), so these are plain values with equality.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from builder.dates import DateValue
from builder.model import Actor, Briefing, Event, Heading, Judgement, ProsePage, Quote, Role, Source, Tag
from builder.rendering import network_drawing
from builder.rendering.map_drawing import MapDrawing
from builder.rendering.timeline_drawing import Drawing


class ShownRelation(NamedTuple):
    """A relation between actors as one actor's page reads it."""

    label: str
    actor: Actor
    start: DateValue | None
    end: DateValue | None


class ShownQuote(NamedTuple):
    quote: Quote
    speakers: list[Actor]
    source: Source


class ActorKind(NamedTuple):
    """A kind of actor on the actors index: its actors, and per letter counts once it is split."""

    kind: str
    label: str
    actors: list[Actor]
    counts: list[tuple[str, int]] | None


@dataclass(frozen=True)
class Home:
    description: str | None
    counts: dict[str, int]
    latest: list[Event]
    briefings: list[Briefing]


@dataclass(frozen=True)
class Timeline:
    years: list[tuple[int, int]]
    drawing: Drawing | None


@dataclass(frozen=True)
class MapPage:
    """The map of every located event (none when no event has a place)."""

    map: MapDrawing | None


@dataclass(frozen=True)
class TimelineYear:
    year: int
    months: list[tuple[str, list[Event]]]
    previous_year: int | None
    next_year: int | None
    drawing: Drawing | None


@dataclass(frozen=True)
class Events:
    """The events section: the newest events first, at most a page of them."""

    latest: list[Event]
    total: int


@dataclass(frozen=True)
class EventsByTitle:
    letters: list[tuple[str, list[Event]]]
    counts: list[tuple[str, int]]


@dataclass(frozen=True)
class EventsLetter:
    letter: str
    events: list[Event]
    counts: list[tuple[str, int]]
    previous: str | None
    next: str | None


@dataclass(frozen=True)
class Actors:
    kinds: list[ActorKind]


@dataclass(frozen=True)
class ActorsLetter:
    kind: str
    label: str
    letter: str
    actors: list[Actor]
    counts: list[tuple[str, int]]
    previous: str | None
    next: str | None


@dataclass(frozen=True)
class EventPage:
    event: Event
    participants: list[tuple[Actor, str | None]]
    related: list[tuple[str, Event]]
    quotes: list[ShownQuote]
    tags: list[Tag]
    edit_url: str | None
    mentioned_in: list[ProsePage]
    earlier: Event | None = None
    """The event just before it in time (the timeline's order), for reading on; none in a pack's one page."""
    later: Event | None = None
    map: MapDrawing | None = None
    """Where it happened, on a small map around its places (or its countries); none if it names none."""


@dataclass(frozen=True)
class ActorPage:
    """`events` holds every event (a single-file pack lists them all); `counts` is set only
    when the page counts them by year, each year on a page of its own."""

    actor: Actor
    roles: list[tuple[Role, Actor | None]]
    relations: list[ShownRelation]
    members: list[tuple[Actor, Role]]
    events: list[tuple[Event, str | None]]
    counts: list[tuple[int, int]]
    co_actors: list[tuple[Actor, int]]
    crowded: int
    crowd_size: int
    mentioned_in: list[ProsePage]
    drawing: Drawing | None
    network: network_drawing.Drawing | None = None
    """The actor's neighbourhood drawn (`network_drawing.neighbourhood`); None with no one to draw."""


@dataclass(frozen=True)
class Network:
    """The network page: the drawing (None with fewer than two connected actors) and, as its
    text equivalent, each drawn actor with the drawn actors it appears with most often."""

    drawing: network_drawing.Drawing | None
    rows: list[tuple[Actor, list[tuple[Actor, int]]]]
    cap: int
    crowd_size: int


@dataclass(frozen=True)
class ActorYear:
    actor: Actor
    year: int
    events: list[tuple[Event, str | None]]
    counts: list[tuple[int, int]]
    previous: int | None
    next: int | None


@dataclass(frozen=True)
class Tags:
    tags: list[tuple[Tag, int]]


@dataclass(frozen=True)
class TagPage:
    tag: Tag
    total: int
    years: list[tuple[int, list[Event]]]
    counts: list[tuple[int, int]]


@dataclass(frozen=True)
class TagYear:
    tag: Tag
    year: int
    events: list[Event]
    counts: list[tuple[int, int]]
    previous: int | None
    next: int | None


@dataclass(frozen=True)
class Briefings:
    briefings: list[tuple[Briefing, int]]


class CitedSource(NamedTuple):
    """One source of a briefing's events, however many of them cite it: the grades it was
    given (an event's curator grades a source for what it says of that event) and the events."""

    source: Source
    grades: list[str]
    events: list[Event]


@dataclass(frozen=True)
class BriefingPage:
    briefing: Briefing
    judgements: list[tuple[Judgement, list[Event]]]
    events: list[Event]
    actors: list[tuple[Actor, int]]
    drawing: Drawing | None
    map: MapDrawing | None
    as_of: DateValue | None
    """The latest event date or `updated` among its events: what the briefing knows up to."""
    sources: list[CitedSource]


class Provenance(NamedTuple):
    """Where a pack comes from, in one line at the foot of its cover: the site, the version
    of briefing, the day it is dated (SOURCE_DATE_EPOCH, else the content's latest date) and
    the content's commit, plus how its events were chosen when not by a briefing."""

    site_name: str
    version: str
    built: DateValue
    revision: str
    chosen_by: str | None


@dataclass(frozen=True)
class Cover:
    """A pack's cover: what a reader needs before opening it, and nothing of how it was made
    but the provenance line. The bottom line is the briefing's summary (a pack of other
    events has no briefing); `events` is the chronology, for its number and period."""

    title: str
    briefing: Briefing | None
    judgements: list[tuple[Judgement, list[Event]]]
    as_of: DateValue | None
    events: list[Event]
    actors: int
    provenance: Provenance


@dataclass(frozen=True)
class CoverPage:
    """A folder pack's first page, in place of the home page."""

    cover: Cover


@dataclass(frozen=True)
class SearchPage:
    """The search results page: the script fills it, from the index every page loads."""


@dataclass(frozen=True)
class DataPage:
    """The Data page: `files` [(DataFile: name, title, media_type, description; its path)]."""

    files: list[tuple[Any, str]]
    events: int
    actors: int
    located: int
    """Events with at least one place on the map (events.geojson's)."""
    event_columns: list[tuple[str, str]]
    actor_columns: list[tuple[str, str]]


@dataclass(frozen=True)
class Methodology:
    """The words of certainty and their meanings, from the validator's own tables (builder/model.py)."""

    confidence: list[tuple[str, str]]
    likelihoods: list[tuple[str, str]]
    reliability: list[tuple[str, str]]
    credibility: list[tuple[int, str]]


@dataclass(frozen=True)
class ProsePageContext:
    """A prose page: `toc` is its second- and third-level headings as shown (h2, h3), each
    with its anchor; the first is the page's `h1`, its title."""

    page: ProsePage
    toc: list[Heading]
    edit_url: str | None


def variables(context: Any) -> dict[str, Any]:
    """A context's fields as the template's names (the values themselves, not copies)."""
    names: dict[str, Any] = vars(context)  # a dataclass without slots keeps its fields there
    return names
