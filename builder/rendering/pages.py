"""The page list: which pages the site has, each with its template and its context.

Every decision about what gets a page of its own is made here: the split
thresholds past which a list becomes a page per letter or per year, and the
English labels pages show (kinds of actor, months, relations between
events). The index says what is related to what; this module says how a
page presents it.
"""

from __future__ import annotations

import heapq
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from builder.dates import MONTHS, DateValue, parse_date
from builder.index import CROWD_SIZE, ActorLink, RelatedEvent, Site, by_initial, latest_day
from builder.model import (
    CONFIDENCE_LEVELS,
    CREDIBILITY,
    LIKELIHOODS,
    RELIABILITY,
    Actor,
    Briefing,
    Event,
    Heading,
    ProsePage,
    Source,
    Tag,
    grade_order,
)
from builder.rendering import contexts, map_drawing, network_drawing, timeline_drawing
from builder.rendering.urls import (
    TITLE_INDEX_PATH,
    actor_letter_path,
    actor_year_path,
    item_path,
    letter_path,
    page_url,
    prose_path,
    relative_url,
    section_paths,
    tag_year_path,
    year_path,
)

RELATION_LABELS = {
    "precedes": ("precedes", "preceded by"),
    "follows": ("follows", "followed by"),
    "part-of": ("part of", "includes"),
    "response-to": ("response to", "prompted"),
    "related": ("related to", "related to"),
}
KIND_GROUPS = (("person", "People"), ("organization", "Organisations"), ("state", "States"), ("group", "Groups"))
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


NETWORK_DRAWN = 40
"""Actors the network page draws: the most connected, so that the page does not grow with the site."""


NAV = [
    ("Home", "home"),
    ("Timeline", "timeline"),
    ("Map", "map"),
    ("Events", "events"),
    ("Actors", "actors"),
    ("Tags", "tags"),
    ("Briefings", "briefings"),
    ("Data", "data"),
]
"""The site's generated sections (title, name in `SECTIONS`), first in the navigation of a
mkdocs.yml that gives none."""


def latest(site: Site) -> list[Event]:
    """The home page's latest events, most recent first."""
    return list(reversed(site.events[-LATEST_SHOWN:]))


def months(events: list[Event]) -> list[tuple[str, list[Event]]]:
    """One year's events by month; dates known only to the year come first, as they sort."""
    groups: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        groups[event.date.timeline_month() or 0].append(event)
    return [(_month_label(month, events[0].date.timeline_year()), group) for month, group in sorted(groups.items())]


def _month_label(month: int, year: int) -> str:
    return f"{MONTHS[month - 1]} {year}" if month else f"{year} (month unknown)"


def actor_kinds(site: Site) -> list[tuple[str, str, list[Actor]]]:
    """(kind, label, actors) for each kind that has actors, in `KIND_GROUPS` order."""
    return [
        (kind, label, [a for a in site.actors if a.kind == kind])
        for kind, label in KIND_GROUPS
        if any(a.kind == kind for a in site.actors)
    ]


def related_label(related: RelatedEvent) -> str:
    """A relation as the event's page reads it: "precedes" on one side, "preceded by" on the other."""
    forward, backward = RELATION_LABELS[related.relation]
    return forward if related.forward else backward


ACTOR_RELATION_INVERSES = {
    "member of": "has member",
    "part of": "includes",
    "leads": "led by",
    "led by": "leads",
    "heads": "headed by",
    "head of": "headed by",
    "chairs": "chaired by",
    "rules": "ruled by",
    "governs": "governed by",
    "controls": "controlled by",
    "owns": "owned by",
    "funds": "funded by",
    "supports": "supported by",
    "advises": "advised by",
    "adviser to": "advised by",
    "represents": "represented by",
    "reports to": "oversees",
    "subordinate to": "oversees",
    "founded": "founded by",
    "employed by": "employs",
    "spokesperson for": "spokesperson",
    "successor of": "predecessor of",
    "predecessor of": "successor of",
    "sanctions": "sanctioned by",
    "opposes": "opposed by",
    "ally of": "ally of",
    "allied with": "allied with",
    "partner of": "partner of",
    "rival of": "rival of",
}
"""How the other side reads a relation between actors, for the relations curators use most:
on Russia's page, the Security Council's `part-of` Russia reads "includes Security Council of
Russia". A relation not listed (its words are the curator's own) keeps them, marked "←"."""


def actor_link_label(link: ActorLink) -> str:
    """A relation between actors as written (`member-of` reads "member of"); on the other
    actor's side, its inverse ("has member") when known, else the words marked "←"."""
    label = link.relation.replace("-", " ")
    if link.stated:
        return label
    return ACTOR_RELATION_INVERSES.get(label.lower(), f"{label} ←")


def network_page(site: Site) -> Page:
    """The network page: the most connected actors on one drawing, and the same in words."""
    drawn = most_connected(site)
    pairs = network_pairs(site, drawn)
    kinds = {kind: position for position, (kind, _label) in enumerate(KIND_GROUPS)}
    drawing = network_drawing.network(drawn, pairs, lambda actor: kinds.get(actor.kind, len(kinds)))
    appears_with: dict[str, list[tuple[Actor, int]]] = defaultdict(list)
    for one, other, n in pairs:
        appears_with[one.id].append((other, n))
        appears_with[other.id].append((one, n))
    rows = [
        (actor, sorted(appears_with[actor.id], key=lambda pair: (-pair[1], pair[0].name.casefold(), pair[0].id)))
        for actor in drawn
    ]
    return Page(
        section_paths(site.pages)["network"],
        "Network",
        "pages/network.html",
        contexts.Network(drawing, rows, NETWORK_DRAWN, CROWD_SIZE),
    )


def most_connected(site: Site) -> list[Actor]:
    """The `NETWORK_DRAWN` actors in most events shared with others (an event of 2 to
    `CROWD_SIZE` actors), most first, then by name: one pass over each actor's events."""

    def shared(actor: Actor) -> int:
        events = site.actor_events.get(actor.id, [])
        return sum(1 for event, _role in events if 1 < len(event.participants) <= CROWD_SIZE)

    ranked = heapq.nsmallest(NETWORK_DRAWN, ((-shared(a), a.name.casefold(), a.id, a) for a in site.actors))
    return [actor for n, _name, _id, actor in ranked if n < 0]


def network_pairs(site: Site, drawn: list[Actor]) -> list[tuple[Actor, Actor, int]]:
    """Each drawn actor joined to those of its most frequent co-actors (`Site.co_actors`) that
    are drawn too, each pair once, in the order of `drawn`."""
    position = {actor.id: index for index, actor in enumerate(drawn)}
    pairs: dict[tuple[int, int], tuple[Actor, Actor, int]] = {}
    for actor in drawn:
        for other, n in site.co_actors(actor.id):
            if other.id in position:
                first, second = sorted((actor, other), key=lambda a: position[a.id])
                pairs[(position[first.id], position[second.id])] = (first, second, n)
    return [pairs[key] for key in sorted(pairs)]


def drawn_relation(link: ActorLink) -> network_drawing.Relation:
    """A relation as an actor's drawing shows it: an arrow from this actor worded from its
    side ("includes") when the page can word it so, else the other side's words, its arrow
    pointing here."""
    words = link.relation.replace("-", " ")
    inverse = ACTOR_RELATION_INVERSES.get(words.lower())
    if link.stated or inverse is None:
        return network_drawing.Relation(link.actor, words, outward=link.stated)
    return network_drawing.Relation(link.actor, inverse, outward=True)


@dataclass(frozen=True)
class Options:
    """The few site settings pages depend on, taken from mkdocs.yml by the plugin."""

    site_name: str = "Briefing"
    site_description: str | None = None
    site_url: str | None = None
    """Where the site is published (mkdocs.yml's `site_url`): citations and canonical links need it."""
    edit_base: str | None = None
    content_prefix: str = "content/"
    directory_urls: bool = False
    anchors: bool = False
    """One-page output (a single-file pack): items link to in-page anchors, not pages."""
    external_base: str | None = None
    """For a pack: the published site's URL, where items outside the pack are linked to."""
    external_directory_urls: bool = False
    custom_dir: str | None = None
    """The site's theme overrides (mkdocs.yml's `theme: custom_dir`), searched before the
    theme for page templates and assets too, not only for the page chrome."""


@dataclass(frozen=True)
class Page:
    """One page to publish: `path` is its source name (`events/x.md`), `source` the YAML behind it."""

    path: str
    title: str
    template: str
    context: Any = field(compare=False)
    """The template's own names: a dataclass of `contexts` (or of `packs` for a pack's page)."""
    source: str | None = None


K = TypeVar("K")


def _neighbours(keys: Sequence[K], position: int) -> tuple[K | None, K | None]:
    """The keys before and after a page's in a pager (letters, years); None at either end."""
    return (keys[position - 1] if position > 0 else None, keys[position + 1] if position + 1 < len(keys) else None)


HOME_PAGE = "index.md"
COVER_TEMPLATE = "pages/cover.html"
"""A folder pack's home page: its cover (a `contexts.Cover`)."""


def list_pages(site: Site, options: Options) -> Iterator[Page]:
    """Every page of the site, in a fixed order, with what its template needs."""
    sections = section_paths(site.pages)
    yield Page(
        HOME_PAGE,
        options.site_name,
        "pages/home.html",
        contexts.Home(
            description=options.site_description,
            counts={
                "events": len(site.events),
                "actors": len(site.actors),
                "tags": len(site.tags),
                "briefings": len(site.briefings),
            },
            latest=latest(site),
            briefings=site.briefings,
        ),
    )
    years = site.years()
    yield Page(
        sections["timeline"],
        "Timeline",
        "pages/timeline.html",
        contexts.Timeline(
            [(year, len(events)) for year, events in years],
            timeline_drawing.draw("tl", "All events on one time axis", site.events),
        ),
    )
    yield Page(
        sections["map"],
        "Map",
        "pages/map.html",
        contexts.MapPage(map_drawing.draw("map", "Where the events happened", site.events)),
    )
    for position, (year, events) in enumerate(years):
        yield Page(
            year_path(year),
            f"Timeline {year}",
            "pages/timeline_year.html",
            contexts.TimelineYear(
                year,
                months(events),
                *_neighbours([y for y, _events in years], position),
                timeline_drawing.draw(
                    "tl",
                    f"The events of {year}",
                    events,
                    period=timeline_drawing.year_period(year),
                    marks_up_to=timeline_drawing.YEAR_MARKS_DRAWN,
                ),
            ),
        )
    yield from _event_index_pages(site)
    for position, event in enumerate(site.events):
        yield event_page(site, event, options, _neighbours(site.events, position))
    yield from _actor_index_pages(site)
    for actor in site.actors:
        yield from _actor_pages(site, actor)
    yield network_page(site)
    yield Page(
        sections["tags"],
        "Tags",
        "pages/tags.html",
        contexts.Tags([(tag, len(site.tag_events.get(tag.id, []))) for tag in site.tags]),
    )
    for tag in site.tags:
        yield from _tag_pages(site, tag)
    yield Page(
        sections["briefings"],
        "Briefings",
        "pages/briefings.html",
        contexts.Briefings([(b, len(site.briefing_events[b.id])) for b in site.briefings]),
    )
    for briefing in site.briefings:
        yield briefing_page(site, briefing)
    yield methodology_page(site)
    # The results page (search.html?q=…), which assets/search.js fills from the address.
    yield Page(sections["search"], "Search", "pages/search.html", contexts.SearchPage())
    for page in site.pages:
        yield prose_page(page, options)


def briefing_page(site: Site, briefing: Briefing) -> Page:
    events = site.briefing_events[briefing.id]
    return Page(
        item_path(briefing),
        briefing.title,
        "pages/briefing.html",
        contexts.BriefingPage(
            briefing=briefing,
            judgements=site.key_judgements(briefing),
            events=events,
            actors=site.briefing_actors(briefing.id),
            drawing=timeline_drawing.draw(
                "tl", f"The events of {briefing.title}", events, lanes=_lanes(site, briefing.timeline_lanes)
            ),
            map=map_drawing.draw("map", f"Where the events of {briefing.title} happened", events),
            as_of=information_as_of(events),
            sources=cited_sources(events),
        ),
        briefing.path,
    )


def information_as_of(events: list[Event]) -> DateValue | None:
    """The day a selection's information runs to: its latest event date or `updated`. A
    reader weighs a briefing by it, so it is the content's own date, never the build's."""
    return parse_date(latest_day(events)) if events else None


def cited_sources(events: list[Event]) -> list[contexts.CitedSource]:
    """Every source of `events` once, however many events cite it, best graded first.

    Sources are the same when they have the same address (else archived copy, else
    title and publisher): curators write a source again in each event that uses it."""
    found: dict[tuple[str, ...], tuple[Source, set[str], list[Event]]] = {}
    for event in events:
        for source in event.sources:
            key = _source_key(source)
            if key not in found:
                found[key] = (source, set(), [])
            _first, grades, citing = found[key]
            if source.grade is not None:
                grades.add(source.grade)
            if not citing or citing[-1] is not event:
                citing.append(event)
    shown = [
        contexts.CitedSource(source, sorted(grades, key=grade_order), citing)
        for source, grades, citing in found.values()
    ]
    return sorted(shown, key=lambda c: (grade_order(c.grades[0]) if c.grades else ("Z", 9), c.source.title.casefold()))


def _source_key(source: Source) -> tuple[str, ...]:
    address = source.url or source.archive_url
    if address:
        return ("url", address.rstrip("/").casefold())
    return ("title", source.title.casefold(), (source.publisher or "").casefold())


def methodology_page(site: Site) -> Page:
    """How to read confidence, likelihood and source grades, written from the tables the
    validator checks them against, so the page cannot describe a word the content may not use."""
    return Page(
        section_paths(site.pages)["methodology"],
        "How to read confidence and sources",
        "pages/methodology.html",
        contexts.Methodology(
            confidence=list(CONFIDENCE_LEVELS.items()),
            likelihoods=list(LIKELIHOODS.items()),
            reliability=list(RELIABILITY.items()),
            credibility=list(CREDIBILITY.items()),
        ),
    )


def _lanes(site: Site, by: str | None) -> Callable[[Event], list[str]] | None:
    """A briefing's timeline lanes (`timeline_lanes`): an event's tag titles or actor names."""
    if by == "tag":
        return lambda event: [site.content.tags[tag].title for tag in event.tags]
    if by == "actor":
        return lambda event: [site.content.actors[p.actor].name for p in event.participants]
    return None


def prose_page(page: ProsePage, options: Options) -> Page:
    """A prose page, with its table of contents: headings as the renderer shifts them (the
    highest written becomes h2, under the title's h1), down to h3."""
    top = min((heading.level for heading in page.headings), default=2)
    shown = [Heading(heading.level - top + 2, heading.text, heading.anchor) for heading in page.headings]
    toc = [heading for heading in shown if heading.level <= 3]
    return Page(
        prose_path(page),
        page.title,
        "pages/page.html",
        contexts.ProsePageContext(page, toc, edit_url(page.path, options)),
        page.path,
    )


def _event_index_pages(site: Site) -> Iterator[Page]:
    """The events newest first (at most `EVENTS_ON_ONE_PAGE`: the timeline has every year), and
    the A–Z index: one page while the site is small, else letters linking to a page each."""
    latest = site.events[: -EVENTS_ON_ONE_PAGE - 1 : -1]
    yield Page("events.md", "Events", "pages/events.html", contexts.Events(latest, len(site.events)))
    letters = site.letters()
    split = len(site.events) > EVENTS_ON_ONE_PAGE
    counts = [(letter, len(events)) for letter, events in letters]
    yield Page(
        TITLE_INDEX_PATH,
        "Events A–Z",
        "pages/events_by_title.html",
        contexts.EventsByTitle([] if split else letters, counts),
    )
    if not split:
        return
    keys = [letter for letter, _events in letters]
    for position, (letter, events) in enumerate(letters):
        yield Page(
            letter_path(letter),
            f"Events: {letter_label(letter)}",
            "pages/events_letter.html",
            contexts.EventsLetter(letter, events, counts, *_neighbours(keys, position)),
        )


def letter_label(letter: str) -> str:
    return "other titles" if letter == "#" else letter


def _actor_index_pages(site: Site) -> Iterator[Page]:
    """Actors by kind; a kind with more than `ACTORS_ON_ONE_PAGE` actors lists its letters
    on the index and its actors on a page per letter."""
    kinds: list[contexts.ActorKind] = []
    letter_pages = []
    for kind, label, actors in actor_kinds(site):
        if len(actors) <= ACTORS_ON_ONE_PAGE:
            kinds.append(contexts.ActorKind(kind, label, actors, None))
            continue
        letters = by_initial(actors, lambda a: a.name)
        counts = [(letter, len(group)) for letter, group in letters]
        kinds.append(contexts.ActorKind(kind, label, actors, counts))
        keys = [letter for letter, _group in letters]
        for position, (letter, group) in enumerate(letters):
            letter_pages.append(
                Page(
                    actor_letter_path(kind, letter),
                    f"{label}: {letter_label(letter)}",
                    "pages/actors_letter.html",
                    contexts.ActorsLetter(kind, label, letter, group, counts, *_neighbours(keys, position)),
                )
            )
    yield Page("actors.md", "Actors", "pages/actors.html", contexts.Actors(kinds))
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
        contexts.TagPage(tag, total, [] if split else years, counts),
        tag.path,
    )
    if split:
        yield from _year_pages(
            years,
            lambda year: tag_year_path(tag, year),
            tag.title,
            "pages/tag_year.html",
            lambda year, items, previous, following: contexts.TagYear(tag, year, items, counts, previous, following),
        )


def _year_pages(
    years: list[tuple[int, list[Any]]],
    path: Callable[[int], str],
    title: str,
    template: str,
    context: Callable[[int, list[Any], int | None, int | None], Any],
) -> Iterator[Page]:
    """A page per year of a list too long for its owner's page (a tag's or an actor's events);
    `context` makes each page's from its year, its items and the years before and after."""
    # The list runs newest first; the pager, like the timeline's, older on the left.
    oldest_first = [year for year, _items in reversed(years)]
    for year, items in years:
        yield Page(
            path(year),
            f"{title}: {year}",
            template,
            context(year, items, *_neighbours(oldest_first, oldest_first.index(year))),
        )


def event_page(
    site: Site, event: Event, options: Options, neighbours: tuple[Event | None, Event | None] = (None, None)
) -> Page:
    """An event's page; `neighbours`, the events before and after it in time, link on."""
    actors = site.content.actors
    return Page(
        item_path(event),
        event.title,
        "pages/event.html",
        contexts.EventPage(
            event=event,
            participants=[(actors[p.actor], p.role) for p in event.participants],
            related=[(related_label(r), r.event) for r in site.related.get(event.id, [])],
            quotes=[
                contexts.ShownQuote(q, [actors[a] for a in q.actors], event.source(q.source)) for q in event.quotes
            ],
            tags=[site.content.tags[t] for t in event.tags],
            edit_url=edit_url(event.path, options),
            mentioned_in=site.mentions.get((event.KIND.name, event.id), []),
            earlier=neighbours[0],
            later=neighbours[1],
            map=map_drawing.draw("map", f"Where: {event.title}", [event], locator=True),
        ),
        event.path,
    )


def _actor_pages(site: Site, actor: Actor) -> Iterator[Page]:
    """An actor's page; past `ACTOR_EVENTS_ON_ONE_PAGE` events, its events on a page per year."""
    page = actor_page(site, actor)
    yield page
    counts = page.context.counts
    if counts:
        yield from _year_pages(
            site.actor_years(actor.id),
            lambda year: actor_year_path(actor, year),
            actor.name,
            "pages/actor_year.html",
            lambda year, items, previous, following: contexts.ActorYear(
                actor, year, items, counts, previous, following
            ),
        )


def actor_page(site: Site, actor: Actor) -> Page:
    """An actor's page. Its context holds every event (a single-file pack lists them all);
    `counts` is set only when the page shows events counted by year instead of listed."""
    actors = site.content.actors
    links = site.actor_links.get(actor.id, [])
    events = site.actor_events.get(actor.id, [])
    split = len(events) > ACTOR_EVENTS_ON_ONE_PAGE
    co_actors = site.co_actors(actor.id)
    return Page(
        item_path(actor),
        actor.name,
        "pages/actor.html",
        contexts.ActorPage(
            actor=actor,
            roles=[(role, actors[role.organization] if role.organization else None) for role in actor.roles],
            relations=[
                contexts.ShownRelation(actor_link_label(link), link.actor, link.start, link.end) for link in links
            ],
            members=site.role_holders.get(actor.id, []),
            events=events,
            counts=[(year, len(pairs)) for year, pairs in site.actor_years(actor.id)] if split else [],
            co_actors=co_actors,
            crowded=site.crowded_events(actor.id),
            crowd_size=CROWD_SIZE,
            mentioned_in=site.mentions.get((actor.KIND.name, actor.id), []),
            drawing=timeline_drawing.draw(
                "tl",
                f"The events of {actor.name}",
                [event for event, _role in events],
                marks_up_to=ACTOR_EVENTS_ON_ONE_PAGE,
            ),
            network=network_drawing.neighbourhood(actor, co_actors, [drawn_relation(link) for link in links]),
        ),
        actor.path,
    )


def edit_url(path: str, options: Options) -> str | None:
    """Where the item's file is edited on the forge: each segment of its path inside
    `content/` percent-encoded, because folder names are free and a space, `#`, `%` or
    `?` written as is would end the path or start a fragment or a query."""
    if options.edit_base is None or not path.startswith(options.content_prefix):
        return None
    segments = path[len(options.content_prefix) :].split("/")
    return options.edit_base + "/".join(urllib.parse.quote(segment, safe="") for segment in segments)


def redirect_pages(site: Site, options: Options) -> list[tuple[str, str]]:
    """(output path, relative URL of the current page) of the small page left at each
    former id, which sends readers on to the current one."""
    content = site.content
    renamed: list[Event | Actor | Briefing] = [
        *(e for e in content.events.values() if site.has_page(e)),
        *(a for a in content.actors.values() if site.has_page(a)),
        *(b for b in content.briefings.values() if site.has_page(b)),
    ]
    pages = []
    for item in renamed:
        target_url = page_url(item_path(item), directory_urls=options.directory_urls)
        for old in item.redirect_from:
            old_url = page_url(f"{item.KIND.folder}/{old}.md", directory_urls=options.directory_urls)
            dest = old_url + "index.html" if old_url.endswith("/") else old_url
            pages.append((dest, relative_url(target_url, old_url)))
    return sorted(pages)
