"""Quality warnings (CONTENT-MODEL.md, "Quality warnings"): content that is valid but that a
reviewer must look at, at the value concerned. They fail a run only under `--strict`.

Each warning names its rule (`Problem.rule`), so the job summary counts them per rule
and docs/curators.md ("Quality warnings") gives each rule's fix. The judgement rule
lives with the judgements' other checks (`references.check_judgements`).
"""

from __future__ import annotations

from typing import Any

from builder.dates import DateValue
from builder.errors import Problem
from builder.model import Event, Source
from builder.validation.core import Context, Pass
from builder.yamltree import Mapping, Node

UNGRADED_SOURCE = "ungraded-source"
UNSUPPORTED_CONFIDENCE = "unsupported-confidence"
RELATION_DATES = "relation-dates"
UPDATED_BEFORE_DATE = "updated-before-date"
JUDGEMENT_CONFIDENCE = "judgement-confidence"
RULES = (UNGRADED_SOURCE, UNSUPPORTED_CONFIDENCE, RELATION_DATES, UPDATED_BEFORE_DATE, JUDGEMENT_CONFIDENCE)
"""Every rule, in the order docs/curators.md describes them."""

STRONG_RELIABILITY = ("A", "B")
STRONG_CREDIBILITY = (1, 2)


def warn(ctx: Context, node: Node, rule: str, message: str) -> None:
    ctx.problems.append(Problem(ctx.path, node.line, node.column, message, "warning", rule))


def check_event_quality(root: Mapping, values: dict[str, Any], source_nodes: list[Node], ctx: Context) -> None:
    """The rules one event file can be judged by alone, on whichever fields are valid."""
    sources: tuple[Source, ...] = values.get("sources", ())
    for node, source in zip(source_nodes, sources, strict=False):
        if source.reliability is None and source.credibility is None:
            warn(
                ctx,
                node,
                UNGRADED_SOURCE,
                f"source '{source.id}' has neither 'reliability' nor 'credibility'; grade it (F and 6 say "
                "it cannot be judged)",
            )
    if values.get("confidence") == "high" and sources and not any(map(_strong, sources)):
        warn(
            ctx,
            root.items["confidence"][1],
            UNSUPPORTED_CONFIDENCE,
            "'confidence' is 'high', but no source is graded A or B with credibility 1 or 2; lower it to "
            "'moderate', or add the source that corroborates the account",
        )
    date, updated = values.get("date"), values.get("updated")
    if isinstance(date, DateValue) and isinstance(updated, DateValue):
        starts, last_update = date.first_day(), updated.last_day()
        if starts is not None and last_update is not None and last_update < starts:
            warn(
                ctx,
                root.items["updated"][1],
                UPDATED_BEFORE_DATE,
                f"'updated' ({updated.display()}) is before the event's date ({date.display()}); an update "
                "comes after what it updates: correct one of them",
            )


def _strong(source: Source) -> bool:
    return source.reliability in STRONG_RELIABILITY and source.credibility in STRONG_CREDIBILITY


def check_relation_dates(state: Pass) -> None:
    """A relation whose two events' dates contradict it, at the relation as written."""
    events = state.content.events
    for event in events.values():
        written = dict(state.related_nodes.get(event.id, []))
        for relation in event.related:
            other = events.get(relation.event)
            node = written.get(relation.event)
            if other is None or node is None:
                continue
            contradiction = _contradiction(event, relation.relation, other)
            if contradiction is not None:
                state.problems.append(
                    Problem(event.path, node.line, node.column, contradiction, "warning", RELATION_DATES)
                )


def _contradiction(event: Event, relation: str, other: Event) -> str | None:
    """Why the dates say `event <relation> other` cannot hold, or None. Only what no reading
    of the dates allows counts: an open or uncertain end never contradicts."""
    this, that = event.date, other.date
    if relation == "precedes" and _after(this, that):
        return (
            f"this event 'precedes' '{other.id}', but it starts ({this.display()}) after that event ends "
            f"({that.display()}); check the dates, or write 'follows'"
        )
    if relation == "follows" and _after(that, this):
        return (
            f"this event 'follows' '{other.id}', but that event starts ({that.display()}) after this one "
            f"ends ({this.display()}); check the dates, or write 'precedes'"
        )
    if relation == "response-to" and _after(that, this):
        return (
            f"this event is a 'response-to' '{other.id}', but it ends ({this.display()}) before that event "
            f"starts ({that.display()}); check the dates, or choose another relation"
        )
    return None


def _after(first: DateValue, second: DateValue) -> bool:
    """Whether `first` surely starts after `second` has ended."""
    starts, ends = first.first_day(), second.last_day()
    return starts is not None and ends is not None and starts > ends
