"""Deterministic synthetic briefing corpora for the benchmark.

    python bench/generate.py --events 10000 --out bench/.work/n10000 [--seed 1] [--no-baselines]

writes, under --out:

* ``content/`` — a content tree that follows CONTENT-MODEL.md: N events
  (200–600-word bodies, 2–6 actors with roles, quotes, graded sources, related
  events, intervals and uncertain dates), N/10 actors, 40 tags, a few briefings;
* ``mkdocs.yml`` — a briefing site over it (our theme and plugin);
* ``material/`` — the same pages as hand-written Markdown for a plain
  ``mkdocs build`` with Material for MkDocs and a small explicit nav: one page per
  event, actor, tag, timeline year and briefing, plus the six section pages;
* ``hugo/`` — the same Markdown pages as a Hugo site with minimal layouts.

The same seed and N always give byte-identical trees (one ``random.Random``, no
set or dict iteration whose order depends on hashing, no clock). The generator
imports nothing from ``builder`` but the month names (``builder.dates.MONTHS``, fixed
data): it stays a fixed yardstick while the builder changes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import textwrap
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from builder.dates import MONTHS

GENERATOR_VERSION = 3
REPO = Path(__file__).resolve().parent.parent

COUNTRIES = {
    "RU": "Russia",
    "CN": "China",
    "US": "United States",
    "UA": "Ukraine",
    "UZ": "Uzbekistan",
    "KZ": "Kazakhstan",
    "IN": "India",
    "IR": "Iran",
    "TR": "Türkiye",
    "DE": "Germany",
    "FR": "France",
    "GB": "United Kingdom",
    "JP": "Japan",
    "KR": "South Korea",
    "BY": "Belarus",
    "GE": "Georgia",
    "AM": "Armenia",
    "AZ": "Azerbaijan",
    "KG": "Kyrgyzstan",
    "TJ": "Tajikistan",
    "PK": "Pakistan",
    "MN": "Mongolia",
    "VN": "Viet Nam",
    "SA": "Saudi Arabia",
    "EG": "Egypt",
    "BR": "Brazil",
}
WORDS = (  # noqa: SIM905 - a word list reads better as text
    "the of and to in a that is was for on with as by said at from his it an were are which this be has had "
    "not have its but after their been also who more they one two first new other year years over government "
    "minister officials security cooperation agreement talks meeting visit delegation defence foreign policy "
    "border trade energy military exercise joint statement summit council president ministry region forces "
    "regional relations partnership strategic economic sanctions pipeline gas oil port railway investment "
    "according report reported reportedly sources state media week month officials announced signed discussed "
    "agreed plans further support against between during under while before since about some most both such "
    "would could should may might than into only when where then there these those what many several three "
    "last next early late public private talks framework memorandum understanding programme initiative "
    "exchange information intelligence police counter terrorism extremism cyber networks infrastructure "
    "naval air ground drills observers analysts diplomats envoy ambassador spokesperson press conference "
    "briefing readout communique declaration treaty ratified parliament vote elections opposition protest "
    "crisis conflict ceasefire negotiations mediation humanitarian aid corridor refugees supply chain exports "
    "imports tariffs currency bank loan credit debt fund project construction contract company corporation "
    "state owned enterprise technology satellite space launch nuclear reactor missile drone systems equipment "
    "deliveries orders production capacity shortage prices market growth decline forecast budget spending "
    "committee commission working group session round consultations dialogue mechanism annual bilateral "
    "multilateral organisation members observer status accession expansion headquarters secretary general "
    "chair deputy head director chief commander general admiral colonel adviser aide spokesman statement "
    "confirmed denied rejected welcomed criticised warned urged called described stressed noted added"
).split()
SYLLABLES = (  # noqa: SIM905
    "ka ri na vo le mi sha to ra ni ko la se va di ma po lu ze ye an ol ev ar in bor gen dmi ser gei vla dim "
    "xi jin ping guo sheng kun wang li zhang chen liu yang zhao huang zhou wu sun hu zhu gao lin he ta su "
    "mo ha me du ba ke ro sa fa ti"
).split()
CYRILLIC = str.maketrans("abcdefghijklmnopqrstuvwxyz", "абкдефгхийклмнопкрстувшксз")
HANZI = "国家安全合作会议中俄关系战略伙伴组织上海北京莫斯科外交部长副主席委员会党政府军事"
PLACES = (  # noqa: SIM905
    "Nanping Samarkand Astana Tashkent Vladivostok Harbin Beijing Moscow Minsk Tbilisi Yerevan Baku Bishkek "
    "Dushanbe Islamabad Ulaanbaatar Hanoi Riyadh Cairo Brasilia Kazan Urumqi Kashgar Irkutsk Khabarovsk "
    "Shanghai Qingdao Dalian Novosibirsk Omsk Almaty Osh Termez Bukhara Khiva Sochi Kaliningrad Murmansk"
).split()
TAG_WORDS = (  # noqa: SIM905
    "arms-control border-security counter-extremism counter-terrorism cybersecurity defence-industry "
    "diplomacy economic-cooperation elections energy finance food-security health information-operations "
    "infrastructure intelligence leaders-meetings maritime migration military-exercises multilateralism "
    "nuclear-energy oil-and-gas police-cooperation protests railways sanctions satellites science "
    "shanghai-cooperation-organisation space technology-transfer trade transport treaties war-in-ukraine "
    "water-resources weapons-deliveries youth-exchanges cultural-exchanges"
).split()
RELATIONS_LATER = ("follows", "response-to", "part-of", "related")
ROLE_TITLES = ("Minister", "Deputy Minister", "Secretary", "Director", "Chair", "Spokesperson", "Ambassador", "Adviser")
ACTOR_ROLES = ("host", "visiting", "signatory", "chair", "observer", "mediator", "target of sanctions", "organiser")
START_DAY = dt.date(2000, 1, 1).toordinal()
END_DAY = dt.date(2024, 12, 31).toordinal()


# --------------------------------------------------------------------------
# Dates: the forms of the content model, with their display and placement
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Date:
    text: str
    display: str
    year: int
    month: int  # 0: unknown
    first: int  # ordinal of the first possible day, for lists sorted by date


def _day_text(day: dt.date) -> str:
    return day.isoformat()


def _day_display(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def make_date(rng: random.Random, ordinal: int) -> Date:
    day = dt.date.fromordinal(ordinal)
    roll = rng.random()
    if roll < 0.70:
        return Date(_day_text(day), _day_display(day), day.year, day.month, ordinal)
    if roll < 0.80:
        first = dt.date(day.year, day.month, 1).toordinal()
        return Date(
            f"{day.year:04d}-{day.month:02d}", f"{MONTHS[day.month - 1]} {day.year}", day.year, day.month, first
        )
    if roll < 0.83:
        return Date(f"{day.year:04d}", f"{day.year}", day.year, 0, dt.date(day.year, 1, 1).toordinal())
    if roll < 0.87:
        return Date(_day_text(day) + "~", "c. " + _day_display(day), day.year, day.month, ordinal)
    if roll < 0.90:
        month = f"{MONTHS[day.month - 1]} {day.year}"
        first = dt.date(day.year, day.month, 1).toordinal()
        return Date(f"{day.year:04d}-{day.month:02d}?", f"{month} (?)", day.year, day.month, first)
    if roll < 0.98:
        end = dt.date.fromordinal(min(ordinal + rng.randint(1, 12), END_DAY))
        return Date(
            f"{_day_text(day)}/{_day_text(end)}",
            f"{_day_display(day)} – {_day_display(end)}",
            day.year,
            day.month,
            ordinal,
        )
    if roll < 0.99:
        return Date(f"{_day_text(day)}/..", f"since {_day_display(day)}", day.year, day.month, ordinal)
    return Date(f"../{_day_text(day)}", f"until {_day_display(day)}", day.year, day.month, ordinal)


# --------------------------------------------------------------------------
# The corpus, as plain data the three writers share
# --------------------------------------------------------------------------


@dataclass
class Actor:
    id: str
    name: str
    kind: str
    native_name: str | None
    aliases: list[str]
    country: str | None
    summary: str
    body: str
    roles: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)
    relations: list[tuple[str, str]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Source:
    id: str
    title: str
    publisher: str
    url: str
    published: str
    reliability: str
    credibility: int


@dataclass
class Event:
    id: str
    title: str
    date: Date
    summary: str
    body: str
    location: tuple[str, str, float | None, float | None]
    actors: list[tuple[str, str | None]]
    tags: list[str]
    quotes: list[tuple[str, str, str, str]]
    sources: list[Source]
    related: list[tuple[str, str]]
    confidence: str
    updated: str | None


@dataclass
class Briefing:
    id: str
    title: str
    summary: str
    body: str
    tags: list[str]
    start: int
    end: int


@dataclass
class Corpus:
    events: list[Event]
    actors: list[Actor]
    tags: list[tuple[str, str, str]]
    briefings: list[Briefing]


def _slug(text: str) -> str:
    out = []
    for ch in text.lower():
        out.append(ch if ch.isascii() and ch.isalnum() else "-")
    return "-".join(part for part in "".join(out).split("-") if part)


def _unique(ident: str, used: dict[str, int]) -> str:
    count = used.get(ident, 0) + 1
    used[ident] = count
    return ident if count == 1 else f"{ident}-{count}"


def _supported(confidence: str, sources: list[Source]) -> str:
    """`high` only where a source is graded A or B with credibility 1 or 2, as the quality
    rule asks (CONTENT-MODEL.md, "Quality warnings"); else `moderate`. The draw is kept, so
    the rest of the corpus is what it was."""
    strong = any(source.reliability in "AB" and source.credibility <= 2 for source in sources)
    return "moderate" if confidence == "high" and not strong else confidence


def _word(rng: random.Random, low: int = 2, high: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(low, high))).capitalize()


def _sentence(rng: random.Random, words: int, links: list[str]) -> str:
    chosen = rng.choices(WORDS, k=words)
    if links and rng.random() < 0.35:
        chosen.insert(rng.randint(1, len(chosen)), rng.choice(links))
    if rng.random() < 0.08:
        i = rng.randrange(len(chosen))
        chosen[i] = f"**{chosen[i]}**"
    text = " ".join(chosen)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, words: int, links: list[str]) -> str:
    sentences = []
    while words > 0:
        n = min(words, rng.randint(8, 22))
        sentences.append(_sentence(rng, n, links))
        words -= n
    return " ".join(sentences)


def _body(rng: random.Random, words: int, links: list[str]) -> str:
    parts = []
    left = words
    while left > 0:
        n = min(left, rng.randint(50, 110))
        parts.append(_paragraph(rng, n, links))
        left -= n
    if len(parts) > 3 and rng.random() < 0.3:
        parts.insert(len(parts) // 2, "## " + " ".join(rng.choices(WORDS, k=3)).capitalize())
    if rng.random() < 0.2:
        items = [f"- {' '.join(rng.choices(WORDS, k=rng.randint(4, 9)))}" for _ in range(rng.randint(2, 4))]
        parts.insert(1, "\n".join(items))
    return "\n\n".join(parts)


def _link(kind: str, ident: str, text: str) -> str:
    return f"[{text}]({kind}:{ident})"


def make_corpus(n_events: int, seed: int) -> Corpus:
    rng = random.Random(f"{seed}:{n_events}")
    n_actors = max(10, n_events // 10)

    # Tags.
    tags = [(t, t.replace("-", " ").capitalize(), f"Events about {t.replace('-', ' ')}.") for t in TAG_WORDS[:40]]
    tag_ids = [t[0] for t in tags]

    # Actors: people, organisations, states, groups.
    used: dict[str, int] = {}
    actors: list[Actor] = []
    for i in range(n_actors):
        roll = rng.random()
        kind = "person" if roll < 0.6 else "organization" if roll < 0.85 else "state" if roll < 0.95 else "group"
        if i < 5:
            kind = "organization"
        if kind == "person":
            name = f"{_word(rng)} {_word(rng, 2, 4)}"
        elif kind == "organization":
            name = f"{rng.choice(['Ministry of', 'Council for', 'Agency for', 'Committee on'])} {_word(rng)} Affairs"
        elif kind == "state":
            name = f"Republic of {_word(rng)}"
        else:
            name = f"{_word(rng)} Group"
        ident = _unique(_slug(name), used)
        native = None
        roll = rng.random()
        if roll < 0.3:
            native = name.lower().translate(CYRILLIC).title()
        elif roll < 0.45:
            native = "".join(rng.choices(HANZI, k=rng.randint(2, 4)))
        aliases = [f"{_word(rng)} {_word(rng)}" for _ in range(rng.randint(0, 2))]
        country = rng.choice(sorted(COUNTRIES)) if rng.random() < 0.85 else None
        actors.append(Actor(ident, name, kind, native, aliases, country, "", ""))
    actor_ids = [a.id for a in actors]
    organisations = [a.id for a in actors if a.kind != "person"]
    for actor in actors:
        links = [_link("actor", other, name) for other, name in _pick_actors(rng, actors, 2)]
        actor.summary = _paragraph(rng, rng.randint(25, 45), links)
        actor.body = _body(rng, rng.randint(80, 200), links)
        if actor.kind == "person":
            for _ in range(rng.randint(1, 3)):
                org = rng.choice(organisations)
                start_year = rng.randint(1990, 2020)
                end = f"{start_year + rng.randint(1, 6)}" if rng.random() < 0.5 else None
                actor.roles.append((rng.choice(ROLE_TITLES), org, f"{start_year}-{rng.randint(1, 12):02d}", end))
            org = rng.choice(organisations)
            actor.relations.append((org, "member-of"))
        if rng.random() < 0.4:
            actor.links.append(("Official page", f"https://example.org/{actor.id}"))

    # Events: dates in order, so that "later" events relate to earlier ones.
    actor_names = {a.id: a.name for a in actors}
    days = sorted(rng.randint(START_DAY, END_DAY) for _ in range(n_events))
    used = {}
    events: list[Event] = []
    for i, ordinal in enumerate(days):
        date = make_date(rng, ordinal)
        participants = rng.sample(actor_ids, rng.randint(2, 6))
        names = {p: actor_names[p] for p in participants}
        place = rng.choice(PLACES)
        country = rng.choice(sorted(COUNTRIES))
        first, second = names[participants[0]], names[participants[1]]
        title = rng.choice(
            [
                f"{first} meets {second} in {place}",
                f"{first} and {second} sign {rng.choice(['memorandum', 'agreement', 'statement'])} on "
                f"{rng.choice(WORDS[60:160])}",
                f"{first} announces {rng.choice(WORDS[60:160])} {rng.choice(WORDS[60:160])} with {second}",
                f"Joint {rng.choice(['exercise', 'patrol', 'drills', 'talks'])} near {place}",
                f"{place} {rng.choice(['summit', 'forum', 'talks', 'consultations'])} of {first}",
            ]
        )
        ident = _unique(_slug(title)[:60].strip("-"), used)
        links = [_link("actor", p, names[p]) for p in participants]
        if i > 0:
            for j in rng.sample(range(max(0, i - 200), i), min(i, 2)):
                links.append(_link("event", events[j].id, events[j].title))
        roles = [(p, rng.choice(ACTOR_ROLES) if rng.random() < 0.6 else None) for p in participants]
        sources = []
        for s in range(rng.randint(1, 4)):
            published = dt.date.fromordinal(min(ordinal + rng.randint(0, 5), END_DAY)).isoformat()
            publisher = f"{_word(rng)} {rng.choice(['News', 'Times', 'Agency', 'Daily', 'Review'])}"
            sources.append(
                Source(
                    f"source-{s + 1}",
                    f"{publisher}: {' '.join(rng.choices(WORDS, k=rng.randint(5, 10)))}",
                    publisher,
                    f"https://news.example.com/{date.year}/{ident}-{s + 1}",
                    published,
                    rng.choice("ABCDEF"),
                    rng.randint(1, 6),
                )
            )
        quotes = []
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            speaker = rng.choice(participants)
            quotes.append(
                (
                    " ".join(rng.choices(WORDS, k=rng.randint(8, 25))).capitalize() + ".",
                    speaker,
                    rng.choice(sources).id,
                    f"{names[speaker]}, {' '.join(rng.choices(WORDS, k=6))}.",
                )
            )
        related = []
        if i > 0 and rng.random() < 0.5:
            for j in rng.sample(range(max(0, i - 300), i), min(i, rng.randint(1, 3))):
                related.append((events[j].id, rng.choice(RELATIONS_LATER)))
        lat = round(rng.uniform(-60, 70), 3) if rng.random() < 0.5 else None
        lon = round(rng.uniform(-170, 170), 3) if lat is not None else None
        updated = None
        if rng.random() < 0.1:
            updated = dt.date.fromordinal(min(ordinal + 30, END_DAY)).isoformat()
        events.append(
            Event(
                ident,
                title,
                date,
                _paragraph(rng, rng.randint(30, 60), links[:2]).replace("**", ""),
                _body(rng, rng.randint(200, 600), links),
                (place, country, lat, lon),
                roles,
                sorted(rng.sample(tag_ids, rng.randint(1, 4)), key=tag_ids.index),
                quotes,
                sources,
                related,
                _supported(rng.choice(["low", "moderate", "high"]), sources),
                updated,
            )
        )

    # A few briefings: a tag over a few years.
    briefings = []
    for b in range(max(3, min(8, n_events // 1000 + 2))):
        tag = tag_ids[b * 5 % len(tag_ids)]
        year = 2002 + 3 * b
        title = f"{tag.replace('-', ' ').capitalize()}, {year}–{year + 2}"
        links = [_link("event", rng.choice(events).id, "a key event"), _link("tag", tag, "the tag")]
        briefings.append(
            Briefing(
                _slug(title),
                title,
                "**Bottom line:** " + _paragraph(rng, 40, []),
                _body(rng, rng.randint(300, 600), links),
                [tag],
                dt.date(year, 1, 1).toordinal(),
                dt.date(year + 2, 12, 31).toordinal(),
            )
        )
    return Corpus(events, actors, tags, briefings)


def _pick_actors(rng: random.Random, actors: list[Actor], k: int) -> list[tuple[str, str]]:
    return [(a.id, a.name) for a in rng.sample(actors, k)]


# --------------------------------------------------------------------------
# Writer 1: the content tree (YAML, as a curator writes it)
# --------------------------------------------------------------------------


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def _wrap(paragraph: str, width: int = 78) -> list[str]:
    return textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False) or [""]


def _folded(text: str, indent: str = "  ") -> str:
    return ">-\n" + "\n".join(indent + ln for ln in _wrap(text))


def _literal(text: str, indent: str = "  ") -> str:
    return "|\n" + "\n".join((indent + ln) if ln else "" for ln in _wrap_markdown(text).split("\n"))


def _wrap_markdown(text: str, width: int = 78) -> str:
    out = []
    for paragraph in text.split("\n\n"):
        if paragraph.startswith(("#", "-")):
            out.append(paragraph)
            continue
        out.append("\n".join(_wrap(paragraph, width)))
    return "\n\n".join(out)


def event_yaml(event: Event) -> str:
    lines = [f"title: {_q(event.title)}", f"date: {_q(event.date.text)}", f"summary: {_folded(event.summary)}"]
    lines.append(f"body: {_literal(event.body)}")
    place, country, lat, lon = event.location
    lines.append("location:")
    lines.append(f"  name: {place}")
    lines.append(f"  country: {country}")
    if lat is not None:
        lines.append(f"  lat: {lat}")
        lines.append(f"  lon: {lon}")
    lines.append("actors:")
    for actor, role in event.actors:
        lines.append(f"  - actor: {actor}\n    role: {_q(role)}" if role else f"  - {actor}")
    lines.append(f"tags: [{', '.join(event.tags)}]")
    if event.quotes:
        lines.append("quotes:")
        for text, actor, source, context in event.quotes:
            lines.append(f"  - text: {_q(text)}\n    actor: {actor}\n    source: {source}\n    context: {_q(context)}")
    lines.append("sources:")
    for s in event.sources:
        lines.append(
            f"  - id: {s.id}\n    title: {_q(s.title)}\n    publisher: {_q(s.publisher)}\n    url: {s.url}\n"
            f"    published: {s.published}\n    reliability: {s.reliability}\n    credibility: {s.credibility}"
        )
    if event.related:
        lines.append("related:")
        for other, relation in event.related:
            lines.append(f"  - {other}" if relation == "related" else f"  - event: {other}\n    relation: {relation}")
    lines.append(f"confidence: {event.confidence}")
    if event.updated:
        lines.append(f"updated: {event.updated}")
    return "\n".join(lines) + "\n"


def actor_yaml(actor: Actor) -> str:
    lines = [f"name: {_q(actor.name)}", f"kind: {actor.kind}"]
    if actor.native_name:
        lines.append(f"native_name: {_q(actor.native_name)}")
    if actor.aliases:
        lines.append("aliases:")
        lines.extend(f"  - {_q(a)}" for a in actor.aliases)
    if actor.country:
        lines.append(f"country: {actor.country}")
    lines.append(f"summary: {_folded(actor.summary)}")
    lines.append(f"body: {_literal(actor.body)}")
    if actor.roles:
        lines.append("roles:")
        for title, org, start, end in actor.roles:
            lines.append(f"  - title: {title}\n    organization: {org}\n    start: {start}")
            if end:
                lines.append(f"    end: {end}")
    if actor.relations:
        lines.append("relations:")
        for other, relation in actor.relations:
            lines.append(f"  - actor: {other}\n    relation: {relation}")
    if actor.links:
        lines.append("links:")
        for title, url in actor.links:
            lines.append(f"  - title: {_q(title)}\n    url: {url}")
    return "\n".join(lines) + "\n"


def write_content(corpus: Corpus, out: Path) -> None:
    content = out / "content"
    for event in corpus.events:
        _write(content / "events" / str(event.date.year) / f"{event.id}.yaml", event_yaml(event))
    for actor in corpus.actors:
        _write(content / "actors" / f"{actor.id}.yaml", actor_yaml(actor))
    tags = [f"{ident}:\n  title: {_q(title)}\n  description: {_q(desc)}" for ident, title, desc in corpus.tags]
    _write(content / "tags.yaml", "\n".join(tags) + "\n")
    for b in corpus.briefings:
        start = dt.date.fromordinal(b.start).isoformat()
        end = dt.date.fromordinal(b.end).isoformat()
        text = (
            f"title: {_q(b.title)}\nsummary: {_folded(b.summary)}\nselect:\n  tags: [{', '.join(b.tags)}]\n"
            f"  from: {start}\n  to: {end}\nbody: {_literal(b.body)}\n"
        )
        _write(content / "briefings" / f"{b.id}.yaml", text)
    _write(
        out / "mkdocs.yml",
        f"""site_name: Synthetic briefing ({len(corpus.events)} events)
site_description: A synthetic corpus for the benchmark.
docs_dir: content
site_dir: site
use_directory_urls: false
repo_url: https://github.com/example/briefing
edit_uri: edit/main/content/
theme:
  name: null
  custom_dir: {REPO / "templates"}
  static_templates: [404.html]
plugins:
  - briefing
validation:
  nav:
    omitted_files: ignore
""",
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------
# Writers 2 and 3: the same pages as hand-written Markdown (MkDocs and Hugo)
# --------------------------------------------------------------------------


@dataclass
class Derived:
    """What a hand-built site would still have to work out: the other side of relations."""

    event: dict[str, Event]
    actor: dict[str, Actor]
    tag_title: dict[str, str]
    back: dict[str, list[tuple[str, str]]]
    actor_events: dict[str, list[tuple[Event, str | None]]]
    tag_events: dict[str, list[Event]]
    members: dict[str, list[tuple[str, str]]]
    years: dict[int, list[Event]]


BACKWARD = {"follows": "followed by", "response-to": "prompted", "part-of": "includes", "related": "related to"}
FORWARD = {"follows": "follows", "response-to": "response to", "part-of": "part of", "related": "related to"}


def derive(corpus: Corpus) -> Derived:
    d = Derived(
        {e.id: e for e in corpus.events},
        {a.id: a for a in corpus.actors},
        {t[0]: t[1] for t in corpus.tags},
        defaultdict(list),
        defaultdict(list),
        defaultdict(list),
        defaultdict(list),
        defaultdict(list),
    )
    for e in corpus.events:
        for other, relation in e.related:
            d.back[other].append((BACKWARD[relation], e.id))
        for actor, role in e.actors:
            d.actor_events[actor].append((e, role))
        for t in e.tags:
            d.tag_events[t].append(e)
        d.years[e.date.year].append(e)
    for a in corpus.actors:
        for _title, org, _start, _end in a.roles:
            d.members[org].append((a.id, _title))
    return d


class Links:
    """Cross-references as relative links for one output flavour (`.md` for MkDocs, `.html` for Hugo)."""

    def __init__(self, suffix: str) -> None:
        self.suffix = suffix

    def to(self, kind: str, ident: str, depth: int) -> str:
        folder = {"event": "events", "actor": "actors", "tag": "tags", "briefing": "briefings"}[kind]
        return "../" * depth + f"{folder}/{ident}{self.suffix}"

    def markdown(self, text: str, depth: int) -> str:
        for kind in ("event", "actor", "tag", "briefing"):
            marker = f"]({kind}:"
            if marker in text:
                folder = {"event": "events", "actor": "actors", "tag": "tags", "briefing": "briefings"}[kind]
                parts = text.split(marker)
                rebuilt = [parts[0]]
                for part in parts[1:]:
                    ident, _, rest = part.partition(")")
                    rebuilt.append(f"]({'../' * depth}{folder}/{ident}{self.suffix}){rest}")
                text = "".join(rebuilt)
        return text


def _event_item(e: Event, links: Links, depth: int, note: str | None = None) -> str:
    extra = f" — *{note}*" if note else ""
    link = links.to("event", e.id, depth)
    return f"- **{e.date.display}** · [{e.title}]({link}){extra}  \n  {links.markdown(e.summary, depth)}"


def markdown_pages(corpus: Corpus, d: Derived, links: Links) -> dict[str, tuple[str, str]]:
    """{path: (title, markdown body)}: every page of the site, by hand."""
    pages: dict[str, tuple[str, str]] = {}
    n = len(corpus.events)
    latest = "\n".join(_event_item(e, links, 0) for e in reversed(corpus.events[-10:]))
    briefing_list = "\n".join(f"- [{b.title}]({links.to('briefing', b.id, 0)})" for b in corpus.briefings)
    pages["index"] = (
        "Home",
        f"{n} events, {len(corpus.actors)} actors, {len(corpus.tags)} tags, {len(corpus.briefings)} briefings.\n\n"
        f"## Latest events\n\n{latest}\n\n## Briefings\n\n{briefing_list}\n",
    )
    years = sorted(d.years)
    suffix = links.suffix
    pages["timeline"] = (
        "Timeline",
        "\n".join(f"- [{y}](timeline/{y}{suffix}) — {len(d.years[y])} events" for y in years) + "\n",
    )
    for position, y in enumerate(years):
        groups: dict[int, list[Event]] = defaultdict(list)
        for e in d.years[y]:
            groups[e.date.month].append(e)
        parts = [f"{len(d.years[y])} events."]
        if position:
            parts.append(f"[← {years[position - 1]}]({years[position - 1]}{suffix})")
        if position + 1 < len(years):
            parts.append(f"[{years[position + 1]} →]({years[position + 1]}{suffix})")
        for month in sorted(groups):
            label = f"{MONTHS[month - 1]} {y}" if month else f"{y} (month unknown)"
            parts.append(f"## {label}\n\n" + "\n".join(_event_item(e, links, 1) for e in groups[month]))
        pages[f"timeline/{y}"] = (str(y), "\n\n".join(parts) + "\n")
    by_letter: dict[str, list[Event]] = defaultdict(list)
    for e in sorted(corpus.events, key=lambda e: (e.title.casefold(), e.id)):
        first = e.title[:1].upper()
        by_letter[first if "A" <= first <= "Z" else "#"].append(e)
    pages["events"] = (
        "Events",
        "\n\n".join(
            f"## {letter}\n\n" + "\n".join(_event_item(e, links, 0) for e in group)
            for letter, group in sorted(by_letter.items())
        )
        + "\n",
    )
    for e in corpus.events:
        pages[f"events/{e.id}"] = (e.title, _event_markdown(e, d, links))
    kinds = (("person", "People"), ("organization", "Organisations"), ("state", "States"), ("group", "Groups"))
    sorted_actors = sorted(corpus.actors, key=lambda a: (a.name.casefold(), a.id))
    sections = []
    for kind, label in kinds:
        group = [a for a in sorted_actors if a.kind == kind]
        if group:
            items = "\n".join(
                f"- [{a.name}]({links.to('actor', a.id, 0)}) {a.native_name or ''}  \n  {links.markdown(a.summary, 0)}"
                for a in group
            )
            sections.append(f"## {label}\n\n{items}")
    pages["actors"] = ("Actors", "\n\n".join(sections) + "\n")
    for a in corpus.actors:
        pages[f"actors/{a.id}"] = (a.name, _actor_markdown(a, d, links))
    pages["tags"] = (
        "Tags",
        "\n".join(
            f"- [{title}]({links.to('tag', ident, 0)}) — {len(d.tag_events[ident])} events. {desc}"
            for ident, title, desc in corpus.tags
        )
        + "\n",
    )
    for ident, title, desc in corpus.tags:
        items = "\n".join(_event_item(e, links, 1) for e in d.tag_events[ident])
        pages[f"tags/{ident}"] = (title, f"{desc}\n\n{len(d.tag_events[ident])} events.\n\n{items}\n")
    pages["briefings"] = ("Briefings", briefing_list + "\n")
    for b in corpus.briefings:
        chosen = [e for e in corpus.events if set(e.tags) & set(b.tags) and b.start <= e.date.first <= b.end]
        items = "\n".join(_event_item(e, links, 1) for e in chosen)
        pages[f"briefings/{b.id}"] = (
            b.title,
            f"{links.markdown(b.summary, 1)}\n\n{links.markdown(b.body, 1)}\n\n## Events\n\n{items}\n",
        )
    return pages


def _event_markdown(e: Event, d: Derived, links: Links) -> str:
    place, country, _lat, _lon = e.location
    out = [
        f"**Date:** {e.date.display} · **Location:** {place}, {COUNTRIES[country]} · **Confidence:** {e.confidence}",
        links.markdown(e.summary, 1),
        links.markdown(e.body, 1),
    ]
    if e.quotes:
        out.append("## Quotes")
        for text, actor, source, context in e.quotes:
            speaker = d.actor[actor]
            out.append(
                f"> {text}\n>\n> — [{speaker.name}]({links.to('actor', actor, 1)}), {context} "
                f"(cited from [{source}](#{source}))"
            )
    out.append("## Sources")
    out.append(
        "\n".join(
            f"1. [{s.title}]({s.url}) — {s.publisher}, {s.published}. Reliability {s.reliability}, "
            f"credibility {s.credibility}."
            for s in e.sources
        )
    )
    related = [(FORWARD[r], other) for other, r in e.related] + d.back.get(e.id, [])
    if related:
        out.append("## Related events")
        out.append(
            "\n".join(
                f"- {label.capitalize()} [{d.event[o].title}]({links.to('event', o, 1)}) ({d.event[o].date.display})"
                for label, o in related
            )
        )
    out.append("## Actors")
    out.append(
        "\n".join(
            f"- [{d.actor[a].name}]({links.to('actor', a, 1)})" + (f" — {role}" if role else "") for a, role in e.actors
        )
    )
    out.append("## Tags")
    out.append(", ".join(f"[{d.tag_title[t]}]({links.to('tag', t, 1)})" for t in e.tags))
    if e.updated:
        out.append(f"Last updated {e.updated}.")
    return "\n\n".join(out) + "\n"


def _actor_markdown(a: Actor, d: Derived, links: Links) -> str:
    meta = [a.kind.capitalize()]
    if a.country:
        meta.append(COUNTRIES[a.country])
    if a.native_name:
        meta.append(a.native_name)
    out = [" · ".join(meta), links.markdown(a.summary, 1), links.markdown(a.body, 1)]
    if a.aliases:
        out.append("Also known as: " + ", ".join(a.aliases))
    events = d.actor_events.get(a.id, [])
    if events:
        out.append(f"## Events ({len(events)})")
        out.append("\n".join(_event_item(e, links, 1, role) for e, role in events))
    if a.roles:
        out.append("## Roles")
        out.append(
            "\n".join(
                f"- {title}, [{d.actor[org].name}]({links.to('actor', org, 1)}), {start} – {end or 'present'}"
                for title, org, start, end in a.roles
            )
        )
    members = d.members.get(a.id, [])
    if members:
        out.append("## Members")
        out.append("\n".join(f"- [{d.actor[m].name}]({links.to('actor', m, 1)}), {t}" for m, t in members))
    if a.relations:
        out.append("## Relations")
        out.append(
            "\n".join(f"- {r.replace('-', ' ')} [{d.actor[o].name}]({links.to('actor', o, 1)})" for o, r in a.relations)
        )
    counts: Counter[str] = Counter()
    for e, _role in events:
        counts.update(p for p, _ in e.actors if p != a.id)
    top = sorted(counts.items(), key=lambda item: (-item[1], d.actor[item[0]].name, item[0]))[:10]
    if top:
        out.append("## Often with")
        out.append("\n".join(f"- [{d.actor[o].name}]({links.to('actor', o, 1)}) — {c} shared events" for o, c in top))
    if a.links:
        out.append("## Links")
        out.append("\n".join(f"- [{t}]({u})" for t, u in a.links))
    return "\n\n".join(out) + "\n"


NAV = [("Home", "index"), ("Timeline", "timeline"), ("Events", "events"), ("Actors", "actors"), ("Tags", "tags"),
       ("Briefings", "briefings")]  # fmt: skip


def write_material(pages: dict[str, tuple[str, str]], out: Path, n: int) -> None:
    root = out / "material"
    for path, (title, body) in pages.items():
        _write(root / "docs" / f"{path}.md", f"# {title}\n\n{body}")
    nav = "\n".join(f"  - {label}: {path}.md" for label, path in NAV)
    _write(
        root / "mkdocs.yml",
        f"""site_name: Synthetic briefing ({n} events)
site_description: A synthetic corpus for the benchmark, hand-written Markdown.
use_directory_urls: false
theme:
  name: material
nav:
{nav}
plugins:
  - search
validation:
  nav:
    omitted_files: ignore
""",
    )


def write_hugo(pages: dict[str, tuple[str, str]], out: Path, n: int) -> None:
    root = out / "hugo"
    for path, (title, body) in pages.items():
        if path == "index":
            target = root / "content" / "_index.md"
        elif path in ("timeline", "events", "actors", "tags", "briefings"):
            target = root / "content" / path / "_index.md"
        else:
            target = root / "content" / f"{path}.md"
        _write(target, f"---\ntitle: {_q(title)}\n---\n\n{body}")
    _write(
        root / "hugo.toml",
        f"""baseURL = "https://example.org/"
title = "Synthetic briefing ({n} events)"
uglyURLs = true
relativeURLs = true
disableKinds = ["taxonomy", "term", "rss"]
enableRobotsTXT = false
[markup.goldmark.renderer]
unsafe = false
""",
    )
    nav = "".join(
        f'<li><a href="{{{{ "{"" if p == "index" else p}" | relURL }}}}">{label}</a></li>' for label, p in NAV
    )
    _write(
        root / "layouts" / "baseof.html",
        f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{{{ .Title }}}} · {{{{ site.Title }}}}</title></head>
<body>
<header><a href="{{{{ "" | relURL }}}}">{{{{ site.Title }}}}</a><nav><ul>{nav}</ul></nav></header>
<main>{{{{ block "main" . }}}}{{{{ end }}}}</main>
<footer>{{{{ site.Title }}}}</footer>
</body>
</html>
""",
    )
    main = '{{ define "main" }}<article><h1>{{ .Title }}</h1>\n{{ .Content }}</article>{{ end }}\n'
    for name in ("single.html", "list.html"):
        _write(root / "layouts" / name, main)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-baselines", action="store_true", help="only the content tree (for check-only sizes)")
    args = parser.parse_args()
    if args.out.exists():
        shutil.rmtree(args.out)
    corpus = make_corpus(args.events, args.seed)
    write_content(corpus, args.out)
    if not args.no_baselines:
        derived = derive(corpus)
        write_material(markdown_pages(corpus, derived, Links(".md")), args.out, args.events)
        write_hugo(markdown_pages(corpus, derived, Links(".html")), args.out, args.events)
    stamp = {
        "generator": GENERATOR_VERSION,
        "events": args.events,
        "seed": args.seed,
        "baselines": not args.no_baselines,
    }
    _write(args.out / "stamp.json", json.dumps(stamp, sort_keys=True) + "\n")
    print(f"generated {args.out}: {len(corpus.events)} events, {len(corpus.actors)} actors, {len(corpus.tags)} tags")


if __name__ == "__main__":
    main()
