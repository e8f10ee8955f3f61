"""The Markdown of a diff, as posted on a pull request: every change in the words of events
and actors, content text escaped so it can neither format nor ping anyone."""

from __future__ import annotations

import re
from collections import Counter

from builder.diff.result import KINDS, STATUSES, Diff, FieldChange, ItemChange, plural

CONTEXT_WORDS = 4
"""Words of unchanged text shown around each change in a word-level diff."""
MAX_LISTED_PROBLEMS = 20
"""Problems listed one by one before "… and N more"."""


_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&])")
_AUTOLINKED = re.compile(r"(?<=[@#])(?=\w)|(?<=\bGH)(?=-\d)", re.IGNORECASE)
ZERO_WIDTH_SPACE = "&#8203;"


def _md(text: str) -> str:
    """Content text shown as written: Markdown and HTML in it are escaped, lines joined,
    and nothing in it pings anyone or links an issue.

    The report is posted as a pull-request comment, where GitHub turns `@name` and
    `@org/team` into mentions that notify people, and `#123` and `GH-123` into links
    to issues (which also cross-reference the comment there). A Markdown escape does
    not stop that, since GitHub finds them in the rendered text. A zero-width space
    after the `@` or `#` (and between `GH` and `-`), written as the entity `&#8203;`
    so that the raw Markdown shows it, breaks the pattern while the comment still
    reads `@org/team` and `#123`. Code spans (`_code`) are never autolinked and need
    nothing."""
    escaped = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _AUTOLINKED.sub(ZERO_WIDTH_SPACE, escaped)


def _code(text: str) -> str:
    """A code span that holds `text` whatever backticks it contains."""
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}".replace("|", "\\|")


def _or_none(value: str | None) -> str:
    return _code(value) if value is not None else "(none)"


def markdown(diff: Diff) -> str:
    head = "working tree" if diff.head.revision is None else _code(diff.head.label)
    lines = [f"## Content changes: {_code(diff.base.label)} → {head}", "", f"**{diff.summary()}**", ""]
    lines += _problems_markdown(diff)
    lines += _quality_markdown(diff)
    for kind in KINDS:
        lines += _kind_markdown(diff, kind)
    lines += _timeline_markdown(diff)
    lines += _sources_markdown(diff)
    lines += _references_markdown(diff)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def _problems_markdown(diff: Diff) -> list[str]:
    lines: list[str] = []
    for side in (diff.head, diff.base):
        errors = side.errors
        if not errors:
            continue
        count = plural(len(errors), "error")
        lead = f"`briefing check` fails with {count}:" if side is diff.head else f"Already {side.where}, {count}:"
        lines += [f"### Problems {side.where}", "", lead, ""]
        lines += [f"- {_code(str(problem))}" for problem in errors[:MAX_LISTED_PROBLEMS]]
        if len(errors) > MAX_LISTED_PROBLEMS:
            lines.append(f"- … and {len(errors) - MAX_LISTED_PROBLEMS} more")
        lines.append("")
    return lines


def _quality_markdown(diff: Diff) -> list[str]:
    """The quality warnings per rule on both sides, and the ones this change brings, so a
    reviewer sees what `check --strict` would say about it (docs/curators.md, "Quality warnings")."""
    base = Counter(problem.rule for problem in diff.base.problems if problem.rule)
    head = Counter(problem.rule for problem in diff.head.problems if problem.rule)
    if not base and not head:
        return []
    lines = [
        "### Quality warnings",
        "",
        f"| rule | {_code(diff.base.label)} | {diff.head.label} |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| `{rule}` | {base[rule]} | {head[rule]} |" for rule in sorted(base.keys() | head.keys())]
    known = {(problem.path, problem.message) for problem in diff.base.problems if problem.rule}
    brought = [
        problem for problem in diff.head.problems if problem.rule and (problem.path, problem.message) not in known
    ]
    if brought:
        lines += ["", "New with this change:", ""]
        lines += [f"- {_code(str(problem))}" for problem in brought[:MAX_LISTED_PROBLEMS]]
        if len(brought) > MAX_LISTED_PROBLEMS:
            lines.append(f"- … and {len(brought) - MAX_LISTED_PROBLEMS} more")
    return [*lines, ""]


def _kind_markdown(diff: Diff, kind: str) -> list[str]:
    if not any(item.kind == kind for item in diff.items):
        return []
    lines = [f"### {kind.capitalize()}s", ""]
    for status in STATUSES:
        items = diff.of(kind, status)
        if not items:
            continue
        lines += [f"**{status.capitalize()}**", ""]
        for item in items:
            lines.append(f"- {_item_line(item)}")
            lines += [f"  - {_field_markdown(change)}" for change in item.changes]
            lines += [f"  - ⚠ {_md(note)}" for note in item.notes]
        lines.append("")
    return lines


def _item_line(item: ItemChange) -> str:
    name = f"{_code(item.old_id or '')} → {_code(item.id)}" if item.status == "renamed" else _code(item.id)
    title = f" — {_md(item.title)}" if item.title else ""
    draft = " (draft)" if item.draft else ""
    return f"{name}{title}{draft}"


def _field_markdown(change: FieldChange) -> str:
    name = _code(change.field)
    if change.kind == "value":
        return f"{name}: {_or_none(change.old)} → {_or_none(change.new)}"
    if change.kind == "list":
        parts = []
        if change.added:
            parts.append("added " + ", ".join(_code(value) for value in change.added))
        if change.removed:
            parts.append("removed " + ", ".join(_code(value) for value in change.removed))
        return f"{name}: {'; '.join(parts)}"
    if change.old is None:
        return f"{name}: added ({plural(len((change.new or '').split()), 'word')})"
    if change.new is None:
        return f"{name}: removed ({plural(len(change.old.split()), 'word')})"
    return f"{name}: {_words_markdown(change.words)}"


def _words_markdown(runs: tuple[tuple[str, str], ...]) -> str:
    """Changed words with a few words of context: kept … ~~removed~~ **added** kept …"""
    shown = []
    for index, (op, text) in enumerate(runs):
        if op == "-":
            shown.append(f"~~{_md(text)}~~")
        elif op == "+":
            shown.append(f"**{_md(text)}**")
        else:
            words = text.split()
            first, last = index == 0, index == len(runs) - 1
            keep_head = [] if first else words[:CONTEXT_WORDS]
            keep_tail = [] if last else words[-CONTEXT_WORDS:]
            if len(words) <= len(keep_head) + len(keep_tail) or (first and last):
                shown.append(_md(text))
                continue
            pieces = []
            if keep_head:
                pieces.append(_md(" ".join(keep_head)))
            pieces.append("…")
            if keep_tail:
                pieces.append(_md(" ".join(keep_tail)))
            shown.append(" ".join(pieces))
    return " ".join(shown)


def _timeline_markdown(diff: Diff) -> list[str]:
    if not diff.timeline:
        return []
    lines = ["### Timeline", "", "| event | date | moves |", "| --- | --- | --- |"]
    for move in diff.timeline:
        where = []
        if move.old_period != move.new_period:
            where.append(f"{_md(move.old_period)} → {_md(move.new_period)}")
        where.append(f"now after {_code(move.after)}" if move.after else "now first")
        dates = f"{_md(move.old_shown)} → {_md(move.new_shown)}"
        lines.append(f"| {_code(move.event)} | {dates} | {'; '.join(where)} |")
    return [*lines, ""]


def _sources_markdown(diff: Diff) -> list[str]:
    if not diff.sources:
        return []
    lines = ["### Sources and grades", "", "| event | source | change |", "| --- | --- | --- |"]
    for change in diff.sources:
        if change.change == "grade":
            what = f"grade {_or_none(change.old_grade)} → {_or_none(change.new_grade)}"
        else:
            grade = change.new_grade if change.change == "added" else change.old_grade
            what = f"{change.change}, {_code(grade) if grade else 'ungraded'}"
        lines.append(f"| {_code(change.event)} | {_code(change.source)} {_md(change.title)} | {what} |")
    return [*lines, ""]


def _references_markdown(diff: Diff) -> list[str]:
    lines: list[str] = []
    if diff.broken:
        lines += ["### References broken", ""]
        for ref in diff.broken:
            lines.append(
                f"- {ref.from_kind} {_code(ref.from_id)} → {ref.to_kind} {_code(ref.to_id)} "
                f"({_md(ref.field)}): {_md(ref.reason)}"
            )
        lines.append("")
    if diff.created:
        lines += ["### References created", ""]
        grouped: dict[tuple[str, str], list[str]] = {}
        for ref in diff.created:
            grouped.setdefault((ref.from_kind, ref.from_id), []).append(f"{ref.to_kind} {_code(ref.to_id)}")
        for (kind, ident), targets in grouped.items():
            lines.append(f"- {kind} {_code(ident)} → {', '.join(dict.fromkeys(targets))}")
        lines.append("")
    return lines
