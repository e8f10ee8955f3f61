"""Problems found in content, kept as values so that one run reports all of them.

Validators append `Problem`s and never raise on bad content; only the command
line and the MkDocs plugin turn a list of problems into an exit code or an
aborted build.
"""

from __future__ import annotations

import heapq
import json
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher, get_close_matches
from typing import Literal

from builder.memo import Memo

Severity = Literal["error", "warning"]

# Unicode categories shown escaped in a message: controls (Cc, which holds
# C0, DEL, C1 and NEL), format characters (Cf: bidi controls, zero-width
# joiners, soft hyphen, tags), surrogates (Cs: a file name that is not
# UTF-8, which a UTF-8 terminal cannot even print), and the line and
# paragraph separators (Zl, Zp).
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def printable(text: str) -> str:
    """`text` with every control, format and line-break character written as an escape.

    Messages echo what curators wrote (values, keys, file and folder names);
    an escape sequence there could retitle a terminal or print a link to
    another site, and a line break would split `path:line:column: message`
    in two. `\x1b`, `\u2028` and `\U000e0001` are what Python would write,
    so the escape names the character exactly. The usual message is
    printable already and is returned as it is, decided in C (`isprintable`).
    """
    if text.isprintable():
        return text
    return "".join(_escaped(char) for char in text)


def _escaped(char: str) -> str:
    if char.isprintable() or unicodedata.category(char) not in _ESCAPED_CATEGORIES:
        return char  # printable, or a space other than ' ' (no-break space), private or unassigned
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, at the place a curator must edit.

    Its path and message are made printable (`printable`) when it is made,
    so that every form it is shown in (the terminal, GitHub annotations, the
    step summary, JSON, the MkDocs log, `briefing diff`) is one line that
    drives no terminal.
    """

    path: str
    line: int
    column: int
    message: str
    severity: Severity = "error"
    rule: str = ""
    """For a quality warning: the rule it follows (`validation.quality.RULES`), counted per rule
    in a job summary."""

    def __post_init__(self) -> None:
        if not (self.path.isprintable() and self.message.isprintable()):
            object.__setattr__(self, "path", printable(self.path))
            object.__setattr__(self, "message", printable(self.message))

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.column}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def nearest(value: str, options: Iterable[str]) -> str | None:
    """The valid name a typo most likely meant, for every "did you mean" we print.

    Options are sorted first so that ties always resolve the same way; a
    difference of case alone counts as a match (`Tags` for `tags`). Each call
    compares `value` with every option: for a handful of field names or
    enumeration values. For all the ids of a kind, use a `NameIndex`.
    """
    ordered = sorted(options)
    close = get_close_matches(value, ordered, n=1, cutoff=0.6)
    if close:
        return close[0]
    return next((option for option in ordered if option.lower() == value.lower()), None)


class NameIndex:
    """`nearest` over many names (every actor id) at a bounded cost per lookup.

    `nearest` runs difflib against every option, so its cost grows with the
    number of names, and ten thousand unknown references would cost ten thousand
    times that: CONTENT-MODEL.md asks for error reporting linear in the number
    of errors. Here each name is
    filed under its trigrams (of the name between two boundary marks, so a
    short name has some); a lookup counts the names that share trigrams with
    the value, walking the rarest trigrams first and stopping after
    `BUDGET` postings, and compares with difflib only the `CANDIDATES` names
    that share the most, most sharing first, skipping any whose quick upper
    bounds cannot beat the best so far. A trigram shared by thousands of ids
    (`-20`) thus costs no more than one shared by a few. A name that difflib
    would rank best but that shares almost nothing with the value may be
    missed: this is a suggestion, not a proof. Answers are remembered by
    value, so ten thousand references to one deleted actor cost one lookup.
    """

    BUDGET = 1024
    CANDIDATES = 16
    CUTOFF = 0.6  # get_close_matches' default, as `nearest` uses

    def __init__(self, options: Iterable[str]) -> None:
        self.names = sorted(set(options))
        self.postings: dict[str, list[int]] = {}
        for number, name in enumerate(self.names):
            for gram in _trigrams(name):
                self.postings.setdefault(gram, []).append(number)
        self.lowered: dict[str, str] = {}
        for name in self.names:
            self.lowered.setdefault(name.lower(), name)
        self.answers: Memo[str, str | None] = Memo(50_000)

    def nearest(self, value: str) -> str | None:
        """What `nearest(value, names)` would most likely answer."""
        if value in self.answers:
            return self.answers[value]
        postings = self.postings
        shared: Counter[int] = Counter()
        spent = 0
        for size, gram in sorted((len(postings.get(gram, ())), gram) for gram in _trigrams(value)):
            if size == 0:
                continue
            spent += size
            if spent > self.BUDGET:
                break
            shared.update(postings[gram])  # counted in C
        candidates = heapq.nsmallest(self.CANDIDATES, shared.items(), key=lambda item: (-item[1], item[0]))
        answer = self._closest(value, [self.names[number] for number, _ in candidates])
        if answer is None:
            answer = self.lowered.get(value.lower())
        return self.answers.keep(value, answer)

    def _closest(self, value: str, candidates: list[str]) -> str | None:
        """`get_close_matches(value, candidates, n=1)`: the highest ratio, ties to the greater name.

        The full ratio is computed only for a candidate whose cheap upper
        bounds reach the best ratio so far.
        """
        matcher = SequenceMatcher()
        matcher.set_seq2(value)
        best: tuple[float, str] | None = None
        for name in candidates:
            matcher.set_seq1(name)
            floor = self.CUTOFF if best is None else best[0]
            if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                continue
            ratio = matcher.ratio()
            if ratio >= floor and (best is None or (ratio, name) > best):
                best = (ratio, name)
        return best[1] if best is not None else None


def _trigrams(name: str) -> set[str]:
    marked = f"\x02{name}\x03"
    return {marked[i : i + 3] for i in range(len(marked) - 2)}


def did_you_mean(value: str, options: Iterable[str]) -> str:
    """`; did you mean 'x'?` to end a message, or nothing when no name is close."""
    meant = nearest(value, options)
    return f"; did you mean '{meant}'?" if meant is not None else ""


class UsageError(Exception):
    """The command was asked for something impossible (a missing config file); exit code 2."""


class BuildFailed(Exception):
    """MkDocs stopped the build; the problems were already logged; exit code 1."""


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Order problems as a curator reads them: by file, then from top to bottom."""
    return sorted(problems)


def github_annotation(problem: Problem) -> str:
    """A GitHub workflow command, so the problem shows on the changed line of a pull request."""
    command = "error" if problem.is_error else "warning"
    properties = ",".join(
        f"{name}={_escape_property(value)}"
        for name, value in (
            ("file", problem.path),
            ("line", str(problem.line)),
            ("col", str(problem.column)),
            ("title", f"briefing check: {problem.rule}" if problem.rule else "briefing check"),
        )
    )
    return f"::{command} {properties}::{_escape_data(problem.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def markdown_table(problems: list[Problem]) -> str:
    """Every problem as a Markdown table, for a job summary: GitHub shows only ten annotations a step."""
    if not problems:
        return "### briefing check\n\nNo problems.\n"
    errors = sum(1 for p in problems if p.is_error)
    lines = [
        "### briefing check",
        "",
        f"{errors} error{'s' if errors != 1 else ''}, {len(problems) - errors} warning"
        f"{'s' if len(problems) - errors != 1 else ''}",
        "",
    ]
    rules = Counter(problem.rule for problem in problems if problem.rule)
    if rules:
        lines += ["| quality rule | warnings |", "| --- | ---: |"]
        lines += [f"| `{rule}` | {count} |" for rule, count in sorted(rules.items())]
        lines.append("")
    lines += [
        "| file | line | column | severity | message |",
        "| --- | ---: | ---: | --- | --- |",
    ]
    for problem in problems:
        cells = [f"`{problem.path}`", str(problem.line), str(problem.column), problem.severity, problem.message]
        lines.append("| " + " | ".join(_table_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _table_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def problems_json(problems: list[Problem]) -> str:
    """The same problems for other tools: a stable, sorted JSON document."""
    document = {
        "errors": sum(1 for p in problems if p.is_error),
        "warnings": sum(1 for p in problems if not p.is_error),
        "problems": [{**asdict(p), "rule": p.rule or None} for p in problems],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
