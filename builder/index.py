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

from builder.dates import DateValue
from builder.errors import Problem
from builder.kinds import PAGE
from builder.links import cross_reference, link_targets, relative_page_link
from builder.model import Actor, Briefing, Content, Event, Judgement, ProsePage, Role, Selection, Tag

CO_ACTORS_SHOWN = 10
"""Companions an actor's page lists: a count the index keeps, since a page shows each one."""

CROWD_SIZE = 50
"""An event with more actors than this (a summit's list of delegations, a sanctions list) counts
no companions: sharing it says little about who works with whom, and counting its pairs would
cost the square of its size on every one of its actors' pages."""

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
    """A relation between actors as one actor's page shows it: `stated` on this actor's own
    file, or read from the other side's."""

    relation: str
    actor: Actor
    start: DateValue | None
    end: DateValue | None
    stated: bool = True


@dataclass(frozen=True)
class RelatedEvent:
    """A relation between events as one event's page shows it: `forward` as the event's own
    file states it (this precedes that), or read from the other side (preceded by)."""

    relation: str
    forward: bool
    event: Event


@dataclass(frozen=True)
class Site:
    """Everything the renderer needs, already ordered; no page computes a relation itself.
    Made in one call (`build_site`, or `restrict` for a pack) and never changed after."""

    content: Content
    drafts: bool
    events: list[Event] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    briefings: list[Briefing] = field(default_factory=list)
    related: dict[str, list[RelatedEvent]] = field(default_factory=dict)
    actor_events: dict[str, list[tuple[Event, str | None]]] = field(default_factory=dict)
    actor_links: dict[str, list[ActorLink]] = field(default_factory=dict)
    role_holders: dict[str, list[tuple[Actor, Role]]] = field(default_factory=dict)
    tag_events: dict[str, list[Event]] = field(default_factory=dict)
    briefing_events: dict[str, list[Event]] = field(default_factory=dict)
    pages: list[ProsePage] = field(default_factory=list)
    mentions: dict[tuple[str, str], list[ProsePage]] = field(default_factory=dict)
    """The prose pages that link to an item, by (kind, id): the other direction of `page:`."""
    scope: dict[str, frozenset[str]] | None = None
    """For a pack (see `restrict`): the ids that have a page, by kind; None is the whole site."""
    as_of: str = "1970-01-01"
    """The latest day the content speaks of (ISO): the site's date, taken from the content
    rather than the clock, so that rebuilding the same content gives the same bytes."""

    def is_published(self, event: Event) -> bool:
        """Drafts appear only in preview builds; everything else always."""
        return _published(event, self.drafts)

    def has_page(self, item: Event | Actor | Tag | Briefing | ProsePage) -> bool:
        """Whether this output has a page for the item: published, and inside a pack's selection."""
        if isinstance(item, ProsePage):
            return self.scope is None
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
        """The actors who share most events with this one, most shared first; events of more
        than `CROWD_SIZE` actors are left out, which keeps the cost linear in the content."""
        counts: Counter[str] = Counter()
        for event, _role in self.actor_events.get(actor_id, []):
            if len(event.participants) <= CROWD_SIZE:
                counts.update(p.actor for p in event.participants if p.actor != actor_id)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], self.content.actors[item[0]].name, item[0]))
        return [(self.content.actors[ident], count) for ident, count in ranked[:CO_ACTORS_SHOWN]]

    def crowded_events(self, actor_id: str) -> int:
        """How many of the actor's events have too many actors to count companions in
        (`CROWD_SIZE`), so that its page can say what its companions leave out."""
        return sum(1 for event, _role in self.actor_events.get(actor_id, []) if len(event.participants) > CROWD_SIZE)

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

    def letters(self) -> list[tuple[str, list[Event]]]:
        """Events A–Z by title, for readers who know what they look for but not when."""
        return by_initial(sorted(self.events, key=lambda e: (e.title.casefold(), e.id)), lambda e: e.title)

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


def build_site(content: Content, *, drafts: bool) -> tuple[Site, list[Problem]]:
    """Index validated content; the problems are warnings (a briefing that selects nothing)."""
    events = sorted(
        (e for e in content.events.values() if _published(e, drafts)),
        key=lambda e: (e.date.sort_key(), e.id),
    )
    actors = sorted(content.actors.values(), key=lambda a: (a.name.casefold(), a.id))
    briefings = sorted(content.briefings.values(), key=lambda b: (b.title.casefold(), b.id))
    actor_events, tag_events = _participation(events)
    actor_links, role_holders = _actor_links(content, actors)
    briefing_events, problems = _briefing_events(events, briefings)
    site = Site(
        content,
        drafts,
        events=events,
        actors=actors,
        tags=sorted(content.tags.values(), key=lambda t: (t.title.casefold(), t.id)),
        briefings=briefings,
        related=_related(content, events, drafts),
        actor_events=actor_events,
        actor_links=actor_links,
        role_holders=role_holders,
        tag_events=tag_events,
        briefing_events=briefing_events,
        pages=sorted(content.pages.values(), key=lambda page: page.id),
        mentions=_page_mentions(content),
        as_of=latest_day(events),
    )
    return site, problems


def _page_mentions(content: Content) -> dict[tuple[str, str], list[ProsePage]]:
    """Which pages link to each item, found with the same link scan validation used."""
    mentions: dict[tuple[str, str], list[ProsePage]] = defaultdict(list)
    for page in sorted(content.pages.values(), key=lambda page: page.id):
        named = set()
        for _offset, _length, is_image, target in link_targets(page.body):
            reference = None if is_image else cross_reference(relative_page_link(target, page.folder) or target)
            if reference is not None and reference[0] != PAGE and reference not in named:
                named.add(reference)
                mentions[reference].append(page)
    return dict(mentions)


def _published(event: Event, drafts: bool) -> bool:
    return drafts or not event.is_draft


def _related(content: Content, published: list[Event], drafts: bool) -> dict[str, list[RelatedEvent]]:
    """Each relation on both events, once per pair, in date order. Only between events
    this build publishes: a published page never names a draft."""
    events = content.events
    related: dict[str, dict[str, RelatedEvent]] = defaultdict(dict)
    for event in published:
        for relation in event.related:
            other = events[relation.event]
            if not _published(other, drafts):
                continue
            related[event.id].setdefault(other.id, RelatedEvent(relation.relation, forward=True, event=other))
            related[other.id].setdefault(event.id, RelatedEvent(relation.relation, forward=False, event=event))
    order = {e.id: i for i, e in enumerate(sorted(events.values(), key=lambda e: (e.date.sort_key(), e.id)))}
    return {ident: sorted(pairs.values(), key=lambda pair: order[pair.event.id]) for ident, pairs in related.items()}


def _participation(events: list[Event]) -> tuple[dict[str, list[tuple[Event, str | None]]], dict[str, list[Event]]]:
    """Each actor's (event, role) pairs and each tag's events, in date order."""
    actor_events: dict[str, list[tuple[Event, str | None]]] = defaultdict(list)
    tag_events: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        for participant in event.participants:
            actor_events[participant.actor].append((event, participant.role))
        for tag in event.tags:
            tag_events[tag].append(event)
    return dict(actor_events), dict(tag_events)


def _actor_links(
    content: Content, actors: list[Actor]
) -> tuple[dict[str, list[ActorLink]], dict[str, list[tuple[Actor, Role]]]]:
    """Relations on both actors (the other side's only where it states none of its own),
    and the holders of each organisation's roles."""
    known = content.actors
    links: dict[str, list[ActorLink]] = defaultdict(list)
    holders: dict[str, list[tuple[Actor, Role]]] = defaultdict(list)
    stated = {(a.id, r.actor) for a in known.values() for r in a.relations}
    for actor in actors:
        for relation in actor.relations:
            links[actor.id].append(ActorLink(relation.relation, known[relation.actor], relation.start, relation.end))
            if (relation.actor, actor.id) not in stated:
                links[relation.actor].append(
                    ActorLink(relation.relation, actor, relation.start, relation.end, stated=False)
                )
        for role in actor.roles:
            if role.organization is not None:
                holders[role.organization].append((actor, role))
    return dict(links), dict(holders)


def _briefing_events(events: list[Event], briefings: list[Briefing]) -> tuple[dict[str, list[Event]], list[Problem]]:
    chosen_by: dict[str, list[Event]] = {}
    problems = []
    for briefing in briefings:
        chosen = select_events(events, briefing.select)
        chosen_by[briefing.id] = chosen
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
    return chosen_by, problems


def select_events(events: list[Event], selection: Selection) -> list[Event]:
    """The events a briefing's selection chooses, in the order given."""
    return [event for event in events if selection.chooses(event)]


def restrict(site: Site, event_ids: list[str], briefing_ids: list[str], *, whole: bool = False) -> Site:
    """The part of a site a pack holds: these events, the actors taking part in them, the
    tags they use and these briefings. Lists (an actor's events, a tag's events) are
    re-indexed to stay inside it; relations keep both sides, and `has_page` tells the
    renderer which of their ends it can link to. `whole`: a pack of the whole site, where
    every page exists and nothing is outside (no scope)."""
    chosen = set(event_ids)
    events = [e for e in site.events if e.id in chosen]
    # The whole site keeps what takes part in no event (a party only named in relations):
    # the other pages link to it, and with no scope every link is taken as a page.
    involved = {a.id for a in site.actors} if whole else {p.actor for e in events for p in e.participants}
    used = {t.id for t in site.tags} if whole else {t for e in events for t in e.tags}
    briefings = [b for b in site.briefings if b.id in briefing_ids]
    actor_events, tag_events = _participation(events)
    scope = {
        "event": frozenset(e.id for e in events),
        "actor": frozenset(involved),
        "tag": frozenset(used),
        "briefing": frozenset(b.id for b in briefings),
    }
    return Site(
        site.content,
        site.drafts,
        events=events,
        actors=[a for a in site.actors if a.id in involved],
        tags=[t for t in site.tags if t.id in used],
        briefings=briefings,
        related={ident: pairs for ident, pairs in site.related.items() if ident in chosen},
        actor_events=actor_events,
        actor_links={ident: links for ident, links in site.actor_links.items() if ident in involved},
        role_holders={ident: holders for ident, holders in site.role_holders.items() if ident in involved},
        tag_events=tag_events,
        briefing_events={b.id: select_events(events, b.select) for b in briefings},
        pages=site.pages if whole else [],
        mentions=site.mentions if whole else {},
        scope=None if whole else scope,
        as_of=latest_day(events),
    )
