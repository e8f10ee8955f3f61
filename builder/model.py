"""The validated content, as plain frozen values.

Validation is the only producer of these objects, so everything here already
obeys CONTENT-MODEL.md: ids resolve, dates parse, enumerations hold. Markdown
fields stay Markdown text; turning them into safe HTML is the renderer's job.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

from builder.dates import DateValue
from builder.kinds import ACTOR, BRIEFING, EVENT, TAG, Kind

RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
RELATIONS = ("precedes", "follows", "part-of", "response-to", "related")
ACTOR_KINDS = ("person", "organization", "state", "group")
CONFIDENCE_LEVELS = {
    "low": "The account rests on a single source, on sources of doubtful reliability, or on "
    "information that is fragmentary, hard to check or open to other readings.",
    "moderate": "The account is credibly sourced and plausible, but not corroborated well enough "
    "for more: one good source, or several that may share an origin.",
    "high": "The account rests on good sources that agree, at least one of them independent, and "
    "leaves little room for another reading. High confidence is still not certainty.",
}
"""How sure the curators are of an account (an event's or a judgement's `confidence`), with what
each level means: the validator accepts these words and the methodology page explains them."""
TIMELINE_LANES = ("tag", "actor")
LIKELIHOODS = {
    "almost no chance": "1–5%",
    "very unlikely": "5–20%",
    "unlikely": "20–45%",
    "roughly even chance": "45–55%",
    "likely": "55–80%",
    "very likely": "80–95%",
    "almost certain": "95–99%",
}
"""The ICD 203 words of likelihood, least to most likely, with the probability each stands for."""


def grade_order(grade: str) -> tuple[str, int]:
    """A grade's rank, best first: reliability A before F, then credibility 1 before 6; a part
    not graded ("?") counts as worst. How lists pick an event's best source and how a briefing
    orders its sources."""
    reliability, credibility = grade[0], grade[1:]
    return (reliability if reliability != "?" else "Z", int(credibility) if credibility.isdigit() else 9)


@dataclass(frozen=True)
class Location:
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Participant:
    """An actor's part in one event; `role` is free text such as "host, co-chair"."""

    actor: str
    role: str | None = None


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str | None = None
    url: str | None = None
    archive_url: str | None = None
    published: DateValue | None = None
    reliability: str | None = None
    credibility: int | None = None

    @property
    def grade(self) -> str | None:
        """The Admiralty code as analysts write it ("B2"); "F6"-style gaps become "?"."""
        if self.reliability is None and self.credibility is None:
            return None
        return f"{self.reliability or '?'}{self.credibility or '?'}"

    @property
    def grade_text(self) -> str | None:
        """The code spelled out, because not every reader knows the scale."""
        if self.grade is None:
            return None
        words = []
        if self.reliability:
            words.append(RELIABILITY[self.reliability])
        if self.credibility:
            words.append(CREDIBILITY[self.credibility])
        return f"{self.grade} — {', '.join(words)}"


@dataclass(frozen=True)
class Quote:
    text: str
    actors: tuple[str, ...]
    source: str
    context: str | None = None


@dataclass(frozen=True)
class Related:
    """A relation as written on one event; the index derives the other side."""

    event: str
    relation: str = "related"


@dataclass(frozen=True)
class Event:
    """Something that happened: one file under content/events/ (CONTENT-MODEL.md, "Events")."""

    KIND: ClassVar[Kind] = EVENT
    id: str
    path: str
    title: str
    date: DateValue
    summary: str
    sources: tuple[Source, ...]
    body: str | None = None
    locations: tuple[Location, ...] = ()
    participants: tuple[Participant, ...] = ()
    tags: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    related: tuple[Related, ...] = ()
    confidence: str | None = None
    confidence_note: str | None = None
    status: str = "published"
    updated: DateValue | None = None
    redirect_from: tuple[str, ...] = ()

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @cached_property
    def best_grade(self) -> str | None:
        """The grade of the event's best-graded source, shown wherever the event is listed:
        the most reliable source (A before F), and among those the most credible (1 before
        6); a part not graded counts as worst and shows as "?". None when no source is graded.
        One source's grade, never a mix of two, so it always names a source the page lists."""
        grades = [source.grade for source in self.sources if source.grade is not None]
        return min(grades, key=grade_order) if grades else None

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)


@dataclass(frozen=True)
class Role:
    title: str
    organization: str | None = None
    start: DateValue | None = None
    end: DateValue | None = None


@dataclass(frozen=True)
class ActorRelation:
    actor: str
    relation: str
    start: DateValue | None = None
    end: DateValue | None = None


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Actor:
    """A person, organisation, state or group: one file under content/actors/ ("Actors")."""

    KIND: ClassVar[Kind] = ACTOR
    id: str
    path: str
    name: str
    kind: str
    native_name: str | None = None
    native_name_lang: str | None = None
    aliases: tuple[str, ...] = ()
    country: str | None = None
    summary: str | None = None
    body: str | None = None
    roles: tuple[Role, ...] = ()
    relations: tuple[ActorRelation, ...] = ()
    links: tuple[Link, ...] = ()
    redirect_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tag:
    """A theme events are filed under: one entry of content/tags.yaml ("Tags")."""

    KIND: ClassVar[Kind] = TAG
    id: str
    path: str
    title: str
    description: str | None = None


@dataclass(frozen=True)
class Selection:
    """A briefing's `select`: which events it covers (see CONTENT-MODEL, Briefings)."""

    events: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    start: DateValue | None = None
    end: DateValue | None = None
    exclude: tuple[str, ...] = ()
    line: int = 1
    column: int = 1

    def chooses(self, event: Event) -> bool:
        """The model's rule: listed, or matching every criterion given; never excluded.

        Drafts are not this rule's business: whether they count is the
        build's choice (preview or published).
        """
        if event.id in self.exclude:
            return False
        if event.id in self.events:
            return True
        if not (self.actors or self.tags or self.start or self.end):
            return False
        if self.actors and not any(p.actor in self.actors for p in event.participants):
            return False
        if self.tags and not any(t in self.tags for t in event.tags):
            return False
        return event.date.overlaps(*self._period)

    @cached_property
    def _period(self) -> tuple[datetime.date | None, datetime.date | None]:
        """The first and last day of `from`/`to`, worked out once, not once per event."""
        return (self.start.first_day() if self.start else None, self.end.last_day() if self.end else None)


@dataclass(frozen=True)
class Judgement:
    """A key judgement of a briefing: a claim, how sure we are, and what it rests on.

    `based_on_at` keeps where each event id is written, for the second pass
    that checks them against the briefing's selection; it is no part of what
    the judgement says.
    """

    text: str
    confidence: str
    based_on: tuple[str, ...]
    likelihood: str | None = None
    line: int = 1
    column: int = 1
    based_on_at: tuple[tuple[int, int], ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Briefing:
    """A named selection of events with an analysis on top: one file under content/briefings/ ("Briefings")."""

    KIND: ClassVar[Kind] = BRIEFING
    id: str
    path: str
    title: str
    summary: str
    select: Selection
    body: str | None = None
    judgements: tuple[Judgement, ...] = ()
    timeline_lanes: str | None = None
    redirect_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class Heading:
    """A heading of a prose page, with the anchor its link takes (`#grades`)."""

    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class ProsePage:
    """A page of prose (About, Methodology): a `.md` file outside the kinds' folders ("Pages").

    `id` is its path inside the content folder without `.md` (`methods/sourcing`),
    which is also where it is built and what `page:` names. `body` is its Markdown
    without the front matter and without the `#` heading its title came from."""

    id: str
    path: str
    title: str
    body: str
    headings: tuple[Heading, ...] = ()

    @property
    def anchors(self) -> frozenset[str]:
        return frozenset(heading.anchor for heading in self.headings)

    @property
    def folder(self) -> str:
        return page_folder(self.id)


def page_folder(page_id: str) -> str:
    """A prose page's folder inside the content (`methods` for `methods/sourcing`; "" at the
    top), which its relative `.md` links start from."""
    return page_id.rpartition("/")[0]


@dataclass
class Content:
    """Everything validation accepted, keyed by id, before any cross-indexing."""

    events: dict[str, Event] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    briefings: dict[str, Briefing] = field(default_factory=dict)
    pages: dict[str, ProsePage] = field(default_factory=dict)
