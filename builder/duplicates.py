"""Events a new one may repeat, for `briefing new event` to name before a curator writes it twice.

The rules (docs/curators.md, "Starting a new event with briefing new", says them
to curators):

- **Same date and a common actor.** The two dates may be the same day (they
  overlap, as a briefing's period does), and each is known to within a month:
  both ends known, at most 31 days from its first to its last possible day. A
  year, a long interval or an ongoing war overlaps too much of the timeline for
  a shared date to say anything, and a common state would then flag most of it;
  such an event can still be found by its title. A common actor is an
  `--actor` among the event's `actors`.
- **A very similar title.** The same words, whatever their case, accents,
  punctuation and order, leaving out small words (`in`, `the`, `and`…); a word
  spelt a little differently (`meet`/`meets`, `Samarkand`/`Samarqand`) counts
  as the same, a number only as itself (`2022` is not `2023`). One title may
  have a word more for every two of the other's. A word in
  each that the other lacks is a different event (`in Moscow`, `in Beijing`),
  and so is a short title inside a long one (`SCO summit in Samarkand` inside
  `Putin and Xi meet at the SCO summit in Samarkand`): those are near misses,
  where a warning would teach curators to ignore the next.

These are warnings, never refusals: two meetings of the same pair on one day
exist, and only the curator can tell them apart.

The facts are read from the documents as loaded, not from the validated model:
`new` does not validate, and a file with a problem elsewhere still has its
title, date and actors. Each event costs a few set operations; two words are
compared by `difflib` once per pair, so the cost is linear in the events and
bounded by the vocabulary.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from builder.dates import DateError, DateValue, parse_date
from builder.errors import printable
from builder.ids import unaccented
from builder.kinds import EVENT
from builder.loading import Document
from builder.yamltree import Mapping, Scalar
from builder.yamltree import Sequence as YamlSequence

MAX_DAYS = 31
"""The longest date, first to last possible day, that "the same date" can be said of."""
CLOSE_SPELLING = 0.8
"""difflib's ratio from which two words are one spelt twice: `meets`/`meet` 0.89,
`samarqand`/`samarkand` 0.89; one letter changed in a word of four is 0.75."""
EXTRA_WORDS_PER = 2
"""One title may have a word more for every this many words of the other: "Putin meets Xi in
Samarkand" and "Vladimir Putin meets Xi Jinping in Samarkand" are one meeting, "Talks" and
"Talks in Nanping" perhaps not."""
SHOWN = 5
"""The possible duplicates named; a curator reads that many, and more would bury the likeliest."""
SMALL_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with"]
)

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Duplicate:
    """An event that may be the new one, and why."""

    path: str
    title: str
    date: DateValue | None
    actors: tuple[str, ...]
    """The new event's actors it has too, when the dates are the same; else none."""
    similar_title: bool

    def warning(self) -> str:
        when = f" ({self.date.display()})" if self.date is not None else ""
        reasons = []
        if self.actors:
            reasons.append(f"same date and actor{'s' * (len(self.actors) > 1)} {', '.join(self.actors)}")
        if self.similar_title:
            reasons.append("a very similar title")
        return (
            f"warning: {printable(self.path)} may be the same event: '{printable(self.title)}'{when}, "
            f"{', and '.join(reasons)}"
        )


def possible_duplicates(
    documents: Iterable[Document], title: str, date: DateValue, actors: Sequence[str]
) -> list[Duplicate]:
    """The events the new one may repeat, likeliest first: both reasons, then the most actors in common."""
    words = _Words(title)
    span = _span(date)
    found = []
    for document in documents:
        if document.kind != EVENT.name:
            continue
        existing = _text(document.root, "title")
        if existing is None:
            continue
        similar = words.similar(existing)
        common = _common_actors(document.root, actors) if span is not None else ()
        if not (common or similar):
            continue
        when = _date(document.root)  # parsed for these few only
        if when is None or not _same_date(when, span):
            common = ()
        if common or similar:
            found.append(Duplicate(document.path, existing, when, common, similar))
    found.sort(key=lambda d: (-(bool(d.actors) + d.similar_title), -len(d.actors), d.path))
    return found


def warnings(duplicates: list[Duplicate], written: str) -> list[str]:
    """The lines to print: the likeliest duplicates, how many more, and what to do."""
    if not duplicates:
        return []
    lines = [duplicate.warning() for duplicate in duplicates[:SHOWN]]
    if len(duplicates) > SHOWN:
        lines.append(f"warning: and {len(duplicates) - SHOWN} more events that may be the same")
    lines.append(
        f"warning: {written} was written all the same; if it is the same event, "
        "delete it and edit the existing file instead"
    )
    return lines


def title_words(title: str) -> frozenset[str]:
    """The words that make a title, in one form: lowercase, unaccented, no small words.

    Apostrophes are dropped inside a word, as ids drop them (`Russia's` → `russias`).
    """
    text = unaccented(title).casefold().replace("'", "").replace("\N{RIGHT SINGLE QUOTATION MARK}", "")
    return frozenset(word for word in _WORD.findall(text) if word not in SMALL_WORDS)


class _Words:
    """The new title's words, and the answers about other words, asked once per pair."""

    def __init__(self, title: str) -> None:
        self.words = title_words(title)
        self._close: dict[tuple[str, str], bool] = {}

    def similar(self, title: str) -> bool:
        """The module's rule for a very similar title (see its docstring)."""
        other = title_words(title)
        shorter, longer = (other, self.words) if len(other) < len(self.words) else (self.words, other)
        if not shorter:
            return False
        if len(longer) - len(shorter) > len(shorter) // EXTRA_WORDS_PER:
            return False  # the words left over once every word of the shorter has its match
        rest = sorted(longer - shorter)
        for word in sorted(shorter - longer):
            partner = next((candidate for candidate in rest if self._spelt_alike(word, candidate)), None)
            if partner is None:
                return False
            rest.remove(partner)
        return True

    def _spelt_alike(self, one: str, two: str) -> bool:
        key = (one, two) if one in self.words else (two, one)
        known = self._close.get(key)
        if known is None:
            known = self._close[key] = _spelt_alike(*key)
        return known


def _spelt_alike(one: str, two: str) -> bool:
    """Whether two different words are one word spelt twice; a number is only ever itself."""
    if any(char.isdigit() for char in one + two):
        return False
    if 2 * min(len(one), len(two)) / (len(one) + len(two)) < CLOSE_SPELLING:
        return False  # what real_quick_ratio would say, without making a matcher
    matcher = difflib.SequenceMatcher(None, one, two, autojunk=False)
    return matcher.quick_ratio() >= CLOSE_SPELLING and matcher.ratio() >= CLOSE_SPELLING


def _span(date: DateValue) -> tuple[datetime.date, datetime.date] | None:
    """The first and last possible day of a date known to within a month; None for a wider one."""
    first, last = date.first_day(), date.last_day()
    if first is None or last is None or (last - first).days >= MAX_DAYS:
        return None
    return first, last


def _same_date(date: DateValue, span: tuple[datetime.date, datetime.date] | None) -> bool:
    """Whether a date known to within a month may be a day of `span`."""
    return span is not None and _span(date) is not None and date.overlaps(*span)


def _date(root: Mapping) -> DateValue | None:
    text = _text(root, "date")
    if text is None:
        return None
    try:
        return parse_date(text)
    except DateError:
        return None


def _common_actors(root: Mapping, actors: Sequence[str]) -> tuple[str, ...]:
    """The new event's actors this event lists, in the order they were given."""
    entry = root.items.get("actors")
    if not actors or entry is None or not isinstance(entry[1], YamlSequence):
        return ()
    listed = set()
    for node in entry[1].items:
        ident = node.items.get("actor", (None, None))[1] if isinstance(node, Mapping) else node
        if isinstance(ident, Scalar):
            listed.add(ident.text)
    return tuple(actor for actor in actors if actor in listed)


def _text(root: Mapping, key: str) -> str | None:
    entry = root.items.get(key)
    return entry[1].text if entry is not None and isinstance(entry[1], Scalar) and entry[1].text else None
