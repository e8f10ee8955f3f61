"""The second pass's relations between events: each pair's relation read from both
sides must agree, and `follows`/`precedes` chains must not loop."""

from __future__ import annotations

from builder.errors import Problem
from builder.model import (
    Event,
)
from builder.validation.core import Pass
from builder.yamltree import Node

_AFTER = {"follows": True, "response-to": True, "precedes": False}
_COMPATIBLE = {("follows", "precedes"), ("precedes", "follows"), ("related", "related")}
_VERBS = {
    "precedes": "precedes",
    "follows": "follows",
    "part-of": "is part of",
    "response-to": "is a response to",
    "related": "is related to",
}


def check_relations(state: Pass) -> None:
    """Self-relations, contradictions between the two sides, and cycles.

    Each edge of the "comes after" and "part of" graphs remembers the event
    that wrote it, so a cycle is reported where one of its relations is written.
    """
    events = state.content.events
    written: dict[frozenset[str], tuple[Event, str]] = {}
    later: dict[str, set[str]] = {ident: set() for ident in events}
    inside: dict[str, set[str]] = {ident: set() for ident in events}
    writers: dict[tuple[str, str], tuple[Event, str]] = {}
    for event in events.values():
        for relation in event.related:
            other = relation.event
            if other == event.id:
                _relation_problem(
                    state,
                    event,
                    other,
                    f"'{other}' is this event itself; an event cannot be related to itself: remove it",
                )
                continue
            pair = frozenset((event.id, other))
            first = written.get(pair)
            if first is not None and first[0].id != event.id and (first[1], relation.relation) not in _COMPATIBLE:
                _relation_problem(
                    state,
                    event,
                    other,
                    f"contradicts {first[0].path}: it says '{other} {_VERBS[first[1]]} {event.id}', "
                    f"this says '{event.id} {_VERBS[relation.relation]} {other}'; keep one (a "
                    "relation is shown on both events)",
                )
                continue
            written.setdefault(pair, (event, relation.relation))
            if other not in events:
                continue
            if relation.relation in _AFTER:
                after, before = (event.id, other) if _AFTER[relation.relation] else (other, event.id)
                later[after].add(before)
                writers.setdefault((after, before), (event, other))
            elif relation.relation == "part-of":
                inside[event.id].add(other)
                writers.setdefault((event.id, other), (event, other))
    _report_cycles(state, later, writers, "comes after")
    _report_cycles(state, inside, writers, "is part of")


def _relation_problem(state: Pass, event: Event, other: str, message: str) -> None:
    node = _find_related_node(state, event, other)
    line, column = (node.line, node.column) if node else (1, 1)
    state.problems.append(Problem(event.path, line, column, message))


def _find_related_node(state: Pass, event: Event, other: str) -> Node | None:
    return next((node for name, node in state.related_nodes.get(event.id, []) if name == other), None)


def _report_cycles(
    state: Pass, graph: dict[str, set[str]], writers: dict[tuple[str, str], tuple[Event, str]], verb: str
) -> None:
    """Each cycle once, named from its smallest id, so the message is stable."""
    reported: set[frozenset[str]] = set()
    for cycle in _cycles(graph):
        key = frozenset(cycle)
        if key in reported:
            continue
        reported.add(key)
        chain = f" {verb} ".join([*cycle, cycle[0]])
        event, other = writers[(cycle[0], cycle[1 % len(cycle)])]
        _relation_problem(state, event, other, f"relations form a cycle: {chain}; remove or correct one of them")


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected knot, found by an iterative depth-first search."""
    colour: dict[str, int] = {}
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in colour:
            continue
        stack: list[tuple[str, list[str]]] = [(root, sorted(graph[root]))]
        path = [root]
        colour[root] = 1
        while stack:
            node, pending = stack[-1]
            if not pending:
                colour[node] = 2
                stack.pop()
                path.pop()
                continue
            nxt = pending.pop(0)
            if colour.get(nxt) == 1:
                cycle = path[path.index(nxt) :]
                smallest = cycle.index(min(cycle))
                found.append(cycle[smallest:] + cycle[:smallest])
            elif nxt not in colour and nxt in graph:
                colour[nxt] = 1
                path.append(nxt)
                stack.append((nxt, sorted(graph[nxt])))
    return found
