"""The field tables: the one place a field of a content file is declared.

Each entry says whether the field is required, how its value is checked,
the help an editor shows, and the model attribute it fills
(`Field.attribute`). CONTENT-MODEL.md and docs/curators.md are checked
against these tables by tests/test_docs.py, and the JSON Schemas are
written from them. The builders turn a valid nested mapping (a location,
a source) into its model object.
"""

from __future__ import annotations

from typing import Any

from builder.dates import DateValue, end_before_start
from builder.kinds import ACTOR
from builder.model import (
    ACTOR_KINDS,
    CONFIDENCE_LEVELS,
    LIKELIHOODS,
    RELATIONS,
    TIMELINE_LANES,
    ActorRelation,
    Judgement,
    Link,
    Location,
    Participant,
    Quote,
    Related,
    Role,
    Selection,
    Source,
)
from builder.validation.core import INVALID, Context, Field, Invalid, accepts
from builder.validation.structure import id_or_mapping, list_of, mapping_of, one_or_list
from builder.validation.text import markdown, paragraph, text, title
from builder.validation.values import (
    choice,
    coordinate,
    country,
    credibility,
    date_field,
    identifier,
    language,
    own_id,
    reference,
    reliability,
    url,
)
from builder.yamltree import Mapping, Node, Sequence

# --- builders of nested values -------------------------------------------------


@accepts({"dependencies": {"lat": ["lon"], "lon": ["lat"]}})
def _location(node: Node, ctx: Context, **values: Any) -> Location | Invalid:
    if ("lat" in values) != ("lon" in values):
        missing = "lon" if "lat" in values else "lat"
        ctx.problem(node, f"'lat' and 'lon' go together; add '{missing}' or remove the other")
        return INVALID
    return Location(**values)


def _participant(node: Node, ctx: Context, actor: str, role: str | None = None) -> Participant:
    return Participant(actor, role)


def _related(node: Node, ctx: Context, event: str, relation: str = "related") -> Related:
    return Related(event, relation)


def _source(node: Node, ctx: Context, **values: Any) -> Source:
    return Source(**values)


def _quote(
    node: Node, ctx: Context, text: str, actor: str | tuple[str, ...], source: str, context: str | None = None
) -> Quote:
    return Quote(text, actor if isinstance(actor, tuple) else (actor,), source, context)


def _role(node: Node, ctx: Context, **values: Any) -> Role | Invalid:
    if not _ordered(node, ctx, values, "start", "end"):
        return INVALID
    return Role(**values)


def _actor_relation(node: Node, ctx: Context, **values: Any) -> ActorRelation | Invalid:
    if values["actor"] == ctx.document.stem:
        assert isinstance(node, Mapping)
        ctx.problem(node.items["actor"][1], f"'{values['actor']}' is this actor itself; a relation names another actor")
        return INVALID
    if not _ordered(node, ctx, values, "start", "end"):
        return INVALID
    return ActorRelation(**values)


def _ordered(node: Node, ctx: Context, values: dict[str, Any], first: str, last: str) -> bool:
    """A period's `last` end not before its `first`, reported at the `last` value."""
    start: DateValue | None = values.get(first)
    end: DateValue | None = values.get(last)
    if start is not None and end is not None and end_before_start(start, end):
        assert isinstance(node, Mapping)
        ctx.problem(node.items[last][1], f"'{last}' ({end}) is before '{first}' ({start}); correct one of them")
        return False
    return True


def _link(node: Node, ctx: Context, title: str, url: str) -> Link:
    return Link(title, url)


@accepts({"anyOf": [{"required": [key]} for key in ("events", "actors", "tags", "from", "to")]})
def _selection(node: Node, ctx: Context, **values: Any) -> Selection | Invalid:
    if not any(key in values for key in ("events", "actors", "tags", "from", "to")):
        ctx.problem(
            node,
            "'select' chooses no event without one of 'events', 'actors', 'tags', 'from' or 'to'; add at least one",
        )
        return INVALID
    if not _ordered(node, ctx, values, "from", "to"):
        return INVALID
    return Selection(
        events=values.get("events", ()),
        actors=values.get("actors", ()),
        tags=values.get("tags", ()),
        start=values.get("from"),
        end=values.get("to"),
        exclude=values.get("exclude", ()),
        line=node.line,
        column=node.column,
    )


def _judgement(
    node: Node, ctx: Context, text: str, confidence: str, based_on: tuple[str, ...], likelihood: str | None = None
) -> Judgement:
    return Judgement(text, confidence, based_on, likelihood, node.line, node.column, _based_on_places(node))


def _based_on_places(node: Node) -> tuple[tuple[int, int], ...]:
    """Where each event of a valid `based_on` is written, for the second pass's messages."""
    assert isinstance(node, Mapping)
    listed = node.items["based_on"][1]
    assert isinstance(listed, Sequence)
    return tuple((item.line, item.column) for item in listed.items)


_SPEAKER = reference("actor")
_SPEAKERS = list_of(_SPEAKER, unique=True)


@accepts({"anyOf": [_SPEAKER, _SPEAKERS]})
def _speakers(node: Node, name: str, ctx: Context) -> str | tuple[str, ...] | Invalid:
    if isinstance(node, Sequence):
        return _SPEAKERS(node, name, ctx)  # type: ignore[no-any-return]
    return _SPEAKER(node, name, ctx)  # type: ignore[no-any-return]


# --- field tables: the schema --------------------------------------------------

_ID_HELP = "Optional; if given, equal to the file name without .yaml."
_REDIRECT_HELP = "Former ids, so that their old pages lead here."
_COUNTRY_HELP = 'ISO 3166-1 alpha-2 code in capitals, e.g. RU (XK for Kosovo); write Norway as "NO".'
_TITLE_HELP = "One line of plain text, at most 200 characters."

LOCATION_FIELDS = {
    "name": Field(text, help="The place's name, e.g. Nanping, Fujian."),
    "country": Field(country, help=_COUNTRY_HELP),
    "lat": Field(coordinate(90), help="Latitude in decimal degrees (WGS 84), -90 to 90; given with lon."),
    "lon": Field(coordinate(180), help="Longitude in decimal degrees (WGS 84), -180 to 180; given with lat."),
}
PARTICIPANT_FIELDS = {
    "actor": Field(reference("actor"), required=True, help=f"The actor's id (content/{ACTOR.folder}/<id>.yaml)."),
    "role": Field(text, help="The actor's part, e.g. host or visiting; several in one text: host, co-chair."),
}
RELATED_FIELDS = {
    "event": Field(reference("event"), required=True, help="The other event's id."),
    "relation": Field(
        choice(RELATIONS), help="This event precedes, follows, is part-of, is a response-to or is related (default)."
    ),
}
SOURCE_FIELDS = {
    "id": Field(
        identifier, required=True, help="Unique within the event; quotes cite it, e.g. news-report-2022-09-19."
    ),
    "title": Field(title, required=True, help="The headline, or a description: News report, 19 September 2022."),
    "publisher": Field(text, help="Who published it; only when known."),
    "url": Field(url, help="http(s) address of the source; only when sure it exists and is this source."),
    "archive_url": Field(url, help="http(s) address of a preserved copy, e.g. in a web archive."),
    "published": Field(date_field(single=True), help="One date: a day, month or year, e.g. 2022-09-19."),
    "reliability": Field(
        reliability, help="Source reliability (Admiralty scale), A reliable to E unreliable; F unknown."
    ),
    "credibility": Field(credibility, help="Information credibility, 1 confirmed to 5 improbable; 6 cannot be judged."),
}
QUOTE_FIELDS = {
    "text": Field(text, required=True, help="The source's words exactly, without the quotation marks."),
    "actor": Field(
        _speakers, required=True, help="Who said it: an actor id in this event's actors, or a list for a joint text."
    ),
    "source": Field(identifier, required=True, help="The id of the source of this event that gives the words."),
    "context": Field(text, help="When, to whom, or how the source framed it."),
}
EVENT_FIELDS = {
    "id": Field(own_id, help=_ID_HELP, attribute=None),
    "title": Field(title, required=True, help=_TITLE_HELP),
    "date": Field(
        date_field(single=False),
        required=True,
        help="2022-09-19, 2022-09 or 2022, each maybe with ~ (about) or ? (uncertain); "
        "an interval 2022-09-15/2022-09-16, 2022-05/.. (ongoing) or ../2022-05.",
    ),
    "summary": Field(
        paragraph, required=True, help="Markdown, one paragraph: what happened, who, where, why it matters."
    ),
    "body": Field(markdown, help="Markdown: the full account, keeping the sources' hedges."),
    "location": Field(
        one_or_list(mapping_of(LOCATION_FIELDS, _location, "this location")),
        help="Where: {name, country, lat, lon}, or a list of them.",
        attribute="locations",
    ),
    "actors": Field(
        list_of(id_or_mapping("actor", "actor", PARTICIPANT_FIELDS, _participant, "this actor entry")),
        help="Who took part: actor ids, or {actor: <id>, role: <text>}; each actor once.",
        attribute="participants",
    ),
    "tags": Field(list_of(reference("tag"), unique=True), help="Tag ids from content/tags.yaml."),
    "quotes": Field(
        list_of(mapping_of(QUOTE_FIELDS, _quote, "this quote")), help="Words a source gives: {text, actor, source}."
    ),
    "sources": Field(
        list_of(mapping_of(SOURCE_FIELDS, _source, "this source")),
        required=True,
        help="At least one: {id, title, publisher, url, published, reliability, credibility}.",
    ),
    "related": Field(
        list_of(id_or_mapping("event", "event", RELATED_FIELDS, _related, "this related entry")),
        help="Other events: an id, or {event: <id>, relation: <relation>}.",
    ),
    "confidence": Field(
        choice(tuple(CONFIDENCE_LEVELS)), help="How sure the curators are of the account: low, moderate, high."
    ),
    "confidence_note": Field(
        paragraph, help="Markdown, one paragraph: why that confidence, shown beside it (e.g. a single hedged report)."
    ),
    "status": Field(choice(("published", "draft")), help="published (the default) or draft (shown only in previews)."),
    "updated": Field(date_field(single=True), help="One date: when the account last changed in substance."),
    "redirect_from": Field(list_of(identifier, unique=True), help=_REDIRECT_HELP),
}
ROLE_FIELDS = {
    "title": Field(title, required=True, help="The post, e.g. Secretary of the Security Council of Russia."),
    "organization": Field(reference("organization"), help="The id of the organization, state or group it is held in."),
    "start": Field(date_field(single=True), help="One date: when the role began."),
    "end": Field(date_field(single=True), help="One date: when it ended; leave out while current."),
}
ACTOR_RELATION_FIELDS = {
    "actor": Field(reference("actor"), required=True, help="The other actor's id."),
    "relation": Field(text, required=True, help="Read as: this actor <relation> the other, e.g. member-of, leads."),
    "start": Field(date_field(single=True), help="One date: when the relation began."),
    "end": Field(date_field(single=True), help="One date: when it ended."),
}
LINK_FIELDS = {
    "title": Field(title, required=True, help="What the link is, e.g. Official website."),
    "url": Field(url, required=True, help="http(s) address."),
}
ACTOR_FIELDS = {
    "id": Field(own_id, help=_ID_HELP, attribute=None),
    "name": Field(text, required=True, help="The name used in English text."),
    "kind": Field(choice(ACTOR_KINDS), required=True, help="person, organization, state or group."),
    "native_name": Field(text, help="The name in the actor's own script, e.g. Николай Патрушев, 郭声琨."),
    "native_name_lang": Field(
        language, help="The language of native_name, e.g. ru, zh-Hans: screen readers and fonts follow it."
    ),
    "aliases": Field(list_of(text, unique=True), help="Other spellings, scripts and abbreviations; search finds them."),
    "country": Field(country, help=_COUNTRY_HELP),
    "summary": Field(paragraph, help="Markdown, one paragraph."),
    "body": Field(markdown, help="Markdown."),
    "roles": Field(
        list_of(mapping_of(ROLE_FIELDS, _role, "this role")), help="Posts held: {title, organization, start, end}."
    ),
    "relations": Field(
        list_of(mapping_of(ACTOR_RELATION_FIELDS, _actor_relation, "this relation")),
        help="Ties to other actors: {actor, relation, start, end}; shown on both.",
    ),
    "links": Field(
        list_of(mapping_of(LINK_FIELDS, _link, "this link")), help="Official pages, profiles: {title, url}."
    ),
    "redirect_from": Field(list_of(identifier, unique=True), help=_REDIRECT_HELP),
}
PAGE_FIELDS = {
    "title": Field(title, help="The page's title; without it, the text of its first '#' heading.", attribute=None),
}
"""A prose page's front matter; its Markdown follows it (CONTENT-MODEL.md, "Pages")."""

TAG_FIELDS = {
    "title": Field(title, required=True, help="The tag's name as shown. " + _TITLE_HELP),
    "description": Field(text, help="What the tag covers."),
}
SELECT_FIELDS = {
    "events": Field(list_of(reference("event"), unique=True), help="Event ids chosen whatever else is given."),
    "actors": Field(list_of(reference("actor"), unique=True), help="Chooses events with any of these actors."),
    "tags": Field(list_of(reference("tag"), unique=True), help="Chooses events with any of these tags."),
    "from": Field(date_field(single=True), help="One date: chooses events that overlap the period from it."),
    "to": Field(date_field(single=True), help="One date: chooses events that overlap the period up to it."),
    "exclude": Field(list_of(reference("event"), unique=True), help="Event ids removed from the selection."),
}
JUDGEMENT_FIELDS = {
    "text": Field(paragraph, required=True, help="Markdown, one paragraph: what the reader should take away."),
    "confidence": Field(
        choice(tuple(CONFIDENCE_LEVELS)),
        required=True,
        help="How sure the analysts are (ICD 203): low, moderate, high.",
    ),
    "likelihood": Field(
        choice(tuple(LIKELIHOODS)),
        help="ICD 203 words: almost no chance, very unlikely, unlikely, roughly even chance, likely, "
        "very likely, almost certain.",
    ),
    "based_on": Field(
        list_of(reference("event"), unique=True),
        required=True,
        help="The ids of the events it rests on, each chosen by this briefing's select.",
    ),
}
BRIEFING_FIELDS = {
    "id": Field(own_id, help=_ID_HELP, attribute=None),
    "title": Field(title, required=True, help=_TITLE_HELP),
    "summary": Field(paragraph, required=True, help="Markdown, one paragraph: the bottom line up front."),
    "select": Field(
        mapping_of(SELECT_FIELDS, _selection, "'select'"),
        required=True,
        help="Which events: any of events, actors, tags, from, to, and exclude.",
    ),
    "body": Field(markdown, help="Markdown: the analysis."),
    "judgements": Field(
        list_of(mapping_of(JUDGEMENT_FIELDS, _judgement, "this judgement")),
        help="Key judgements: {text, confidence, likelihood, based_on}.",
    ),
    "timeline_lanes": Field(
        choice(TIMELINE_LANES), help="tag or actor: the drawn timeline gives each of the most frequent a lane."
    ),
    "redirect_from": Field(list_of(identifier, unique=True), help=_REDIRECT_HELP),
}
FIELDS = {"event": EVENT_FIELDS, "actor": ACTOR_FIELDS, "briefing": BRIEFING_FIELDS}
