"""The validated content, cross-referenced both ways.

Content says each relation once, on one side; readers expect to see it on
both. This stage derives everything a page shows about other items: the
other side of event relations, an actor's events and companions, what a tag
or briefing selects, the timeline by year and month. It decides which items
a build publishes (drafts only in preview builds) and nothing about how
they look.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from builder.dates import MONTHS, DateValue
from builder.errors import Problem
from builder.model import Actor, Briefing, Content, Event, Judgement, Role, Selection, Tag

RELATION_LABELS = {
    "precedes": ("precedes", "preceded by"),
    "follows": ("follows", "followed by"),
    "part-of": ("part of", "includes"),
    "response-to": ("response to", "prompted"),
    "related": ("related to", "related to"),
}
KIND_GROUPS = (("person", "People"), ("organization", "Organisations"), ("state", "States"), ("group", "Groups"))
CO_ACTORS_SHOWN = 10
LATEST_SHOWN = 10
EVENTS_ON_ONE_PAGE = 100
"""The A–Z index lists every event while there are at most this many; past it, a page per letter."""
ACTORS_ON_ONE_PAGE = 60
"""The actors index lists a kind's actors while it has at most this many; past it, a page per letter."""
TAG_EVENTS_ON_ONE_PAGE = 100
"""A tag's page lists its events while it has at most this many; past it, a page per year."""
ACTOR_EVENTS_ON_ONE_PAGE = 100
"""An actor's page lists its events while it takes part in at most this many; past it, a page
per year, so that a state present in most events does not get a page as long as the timeline."""

T = TypeVar("T")


def initial(text: str) -> str:
    """The letter an A–Z list files a title under: A to Z, or '#' for anything else."""
    first = text[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def by_initial(items: list[T], text: Callable[[T], str]) -> list[tuple[str, list[T]]]:
    """Items by the initial of their text, '#' first, keeping their order inside a letter."""
    groups: dict[str, list[T]] = defaultdict(list)
    for item in items:
        groups[initial(text(item))].append(item)
    return sorted(groups.items())


def newest_years_first(items: list[T], event_of: Callable[[T], Event]) -> list[tuple[int, list[T]]]:
    """Items by the year their event sorts in, newest year first, keeping their order inside a year."""
    by_year: dict[int, list[T]] = defaultdict(list)
    for item in items:
        by_year[event_of(item).date.timeline_year()].append(item)
    return sorted(by_year.items(), reverse=True)


@dataclass(frozen=True)
class ActorLink:
    """A relation between actors as one actor's page shows it."""

    label: str
    actor: Actor
    start: DateValue | None
    end: DateValue | None


@dataclass
class Site:
    """Everything the renderer needs, already ordered; no page computes a relation itself."""

    content: Content
    drafts: bool
    events: list[Event] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    briefings: list[Briefing] = field(default_factory=list)
    related: dict[str, list[tuple[str, Event]]] = field(default_factory=dict)
    actor_events: dict[str, list[tuple[Event, str | None]]] = field(default_factory=dict)
    actor_links: dict[str, list[ActorLink]] = field(default_factory=dict)
    role_holders: dict[str, list[tuple[Actor, Role]]] = field(default_factory=dict)
    tag_events: dict[str, list[Event]] = field(default_factory=dict)
    briefing_events: dict[str, list[Event]] = field(default_factory=dict)
    scope: dict[str, frozenset[str]] | None = None
    """For a pack (see `restrict`): the ids that have a page, by kind; None is the whole site."""
    as_of: str = "1970-01-01"
    """The latest day the content speaks of (ISO): the site's date, taken from the content
    rather than the clock, so that rebuilding the same content gives the same bytes."""

    def is_published(self, event: Event) -> bool:
        """Drafts appear only in preview builds; everything else always."""
        return self.drafts or not event.is_draft

    def has_page(self, item: Event | Actor | Tag | Briefing) -> bool:
        """Whether this output has a page for the item: published, and inside a pack's selection."""
        if isinstance(item, Event) and not self.is_published(item):
            return False
        return self.scope is None or item.id in self.scope[item.KIND.name]

    def key_judgements(self, briefing: Briefing) -> list[tuple[Judgement, list[Event]]]:
        """A briefing's judgements, each with the events it rests on that this output has a
        page for: a draft behind a judgement is never named in a published build."""
        events = self.content.events
        return [
            (judgement, [events[i] for i in judgement.based_on if i in events and self.has_page(events[i])])
            for judgement in briefing.judgements
        ]

    def co_actors(self, actor_id: str) -> list[tuple[Actor, int]]:
        """The actors who share most events with this one, most shared first."""
        counts: Counter[str] = Counter()
        for event, _role in self.actor_events.get(actor_id, []):
            counts.update(p.actor for p in event.participants if p.actor != actor_id)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], self.content.actors[item[0]].name, item[0]))
        return [(self.content.actors[ident], count) for ident, count in ranked[:CO_ACTORS_SHOWN]]

    def briefing_actors(self, briefing_id: str) -> list[tuple[Actor, int]]:
        counts: Counter[str] = Counter()
        for event in self.briefing_events[briefing_id]:
            counts.update(p.actor for p in event.participants)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], self.content.actors[item[0]].name, item[0]))
        return [(self.content.actors[ident], count) for ident, count in ranked]

    def years(self) -> list[tuple[int, list[Event]]]:
        """Events by the year they sort in, oldest year first."""
        by_year: dict[int, list[Event]] = defaultdict(list)
        for event in self.events:
            by_year[event.date.timeline_year()].append(event)
        return sorted(by_year.items())

    def months(self, events: list[Event]) -> list[tuple[str, list[Event]]]:
        """One year's events by month; dates known only to the year come first, as they sort."""
        groups: dict[int, list[Event]] = defaultdict(list)
        for event in events:
            groups[event.date.timeline_month() or 0].append(event)
        return [(_month_label(month, events[0].date.timeline_year()), group) for month, group in sorted(groups.items())]

    def latest(self) -> list[Event]:
        return list(reversed(self.events[-LATEST_SHOWN:]))

    def letters(self) -> list[tuple[str, list[Event]]]:
        """Events A–Z by title, for readers who know what they look for but not when."""
        return by_initial(sorted(self.events, key=lambda e: (e.title.casefold(), e.id)), lambda e: e.title)

    def letters_split(self) -> bool:
        """Whether the A–Z index is a page per letter (past `EVENTS_ON_ONE_PAGE` events)."""
        return len(self.events) > EVENTS_ON_ONE_PAGE

    def actor_kinds(self) -> list[tuple[str, str, list[Actor]]]:
        """(kind, label, actors) for each kind that has actors, in `KIND_GROUPS` order."""
        return [
            (kind, label, [a for a in self.actors if a.kind == kind])
            for kind, label in KIND_GROUPS
            if any(a.kind == kind for a in self.actors)
        ]

    def tag_years(self, tag_id: str) -> list[tuple[int, list[Event]]]:
        """A tag's events by the year they sort in, newest year first; in date order inside a year."""
        return newest_years_first(self.tag_events.get(tag_id, []), lambda event: event)

    def actor_years(self, actor_id: str) -> list[tuple[int, list[tuple[Event, str | None]]]]:
        """An actor's (event, role) pairs by year, as `tag_years` groups a tag's events."""
        return newest_years_first(self.actor_events.get(actor_id, []), lambda pair: pair[0])


def latest_day(events: list[Event]) -> str:
    days = [
        day
        for event in events
        for day in ((event.updated or event.date).last_day(), event.date.first_day())
        if day is not None
    ]
    return max(days).isoformat() if days else "1970-01-01"


def _month_label(month: int, year: int) -> str:
    return f"{MONTHS[month - 1]} {year}" if month else f"{year} (month unknown)"


def build_site(content: Content, *, drafts: bool) -> tuple[Site, list[Problem]]:
    """Index validated content; the problems are warnings (a briefing that selects nothing)."""
    site = Site(content, drafts)
    site.events = sorted(
        (e for e in content.events.values() if site.is_published(e)),
        key=lambda e: (e.date.sort_key(), e.id),
    )
    site.as_of = latest_day(site.events)
    site.actors = sorted(content.actors.values(), key=lambda a: (a.name.casefold(), a.id))
    site.tags = sorted(content.tags.values(), key=lambda t: (t.title.casefold(), t.id))
    site.briefings = sorted(content.briefings.values(), key=lambda b: (b.title.casefold(), b.id))
    _index_related(site)
    _index_participation(site)
    _index_actor_links(site)
    problems = _index_briefings(site)
    return site, problems


def _index_related(site: Site) -> None:
    """Each relation on both events, labelled for the side it is shown on, once per pair.
    Only between events this build publishes: a published page never names a draft."""
    events = site.content.events
    related: dict[str, dict[str, tuple[str, Event]]] = defaultdict(dict)
    for event in site.events:
        for relation in event.related:
            other = events[relation.event]
            if not site.is_published(other):
                continue
            forward, backward = RELATION_LABELS[relation.relation]
            related[event.id].setdefault(other.id, (forward, other))
            related[other.id].setdefault(event.id, (backward, event))
    order = {e.id: i for i, e in enumerate(sorted(events.values(), key=lambda e: (e.date.sort_key(), e.id)))}
    site.related = {
        ident: sorted(pairs.values(), key=lambda pair: order[pair[1].id]) for ident, pairs in related.items()
    }


def _index_participation(site: Site) -> None:
    actor_events: dict[str, list[tuple[Event, str | None]]] = defaultdict(list)
    tag_events: dict[str, list[Event]] = defaultdict(list)
    for event in site.events:
        for participant in event.participants:
            actor_events[participant.actor].append((event, participant.role))
        for tag in event.tags:
            tag_events[tag].append(event)
    site.actor_events = dict(actor_events)
    site.tag_events = dict(tag_events)


def _index_actor_links(site: Site) -> None:
    """Relations on both actors; the other side shows "<relation> ←" unless it states its own."""
    actors = site.content.actors
    links: dict[str, list[ActorLink]] = defaultdict(list)
    holders: dict[str, list[tuple[Actor, Role]]] = defaultdict(list)
    stated = {(a.id, r.actor) for a in actors.values() for r in a.relations}
    for actor in site.actors:
        for relation in actor.relations:
            label = relation.relation.replace("-", " ")
            links[actor.id].append(ActorLink(label, actors[relation.actor], relation.start, relation.end))
            if (relation.actor, actor.id) not in stated:
                links[relation.actor].append(ActorLink(f"{label} ←", actor, relation.start, relation.end))
        for role in actor.roles:
            if role.organization is not None:
                holders[role.organization].append((actor, role))
    site.actor_links = dict(links)
    site.role_holders = dict(holders)


def _index_briefings(site: Site) -> list[Problem]:
    problems = []
    for briefing in site.briefings:
        chosen = select_events(site.events, briefing.select)
        site.briefing_events[briefing.id] = chosen
        if not any(not e.is_draft for e in chosen):
            problems.append(
                Problem(
                    briefing.path,
                    briefing.select.line,
                    briefing.select.column,
                    "this briefing selects no published event; check its 'select'",
                    "warning",
                )
            )
    return problems


def select_events(events: list[Event], selection: Selection) -> list[Event]:
    """The events a briefing's selection chooses, in the order given."""
    return [event for event in events if selection.chooses(event)]


def restrict(site: Site, event_ids: list[str], briefing_ids: list[str]) -> Site:
    """The part of a site a pack holds: these events, the actors taking part in them, the
    tags they use and these briefings. Lists (an actor's events, a tag's events) are
    re-indexed to stay inside it; relations keep both sides, and `has_page` tells the
    renderer which of their ends it can link to."""
    chosen = set(event_ids)
    part = Site(site.content, site.drafts)
    part.events = [e for e in site.events if e.id in chosen]
    part.as_of = latest_day(part.events)
    involved = {p.actor for e in part.events for p in e.participants}
    used = {t for e in part.events for t in e.tags}
    part.actors = [a for a in site.actors if a.id in involved]
    part.tags = [t for t in site.tags if t.id in used]
    part.briefings = [b for b in site.briefings if b.id in briefing_ids]
    part.related = {ident: pairs for ident, pairs in site.related.items() if ident in chosen}
    _index_participation(part)
    part.actor_links = {ident: links for ident, links in site.actor_links.items() if ident in involved}
    part.role_holders = {ident: holders for ident, holders in site.role_holders.items() if ident in involved}
    part.briefing_events = {b.id: select_events(part.events, b.select) for b in part.briefings}
    part.scope = {
        "event": frozenset(e.id for e in part.events),
        "actor": frozenset(involved),
        "tag": frozenset(used),
        "briefing": frozenset(b.id for b in part.briefings),
    }
    return part
