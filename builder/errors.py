"""Problems found in content, kept as values so that one run reports all of them.

Validators append `Problem`s and never raise on bad content; only the command
line and the MkDocs plugin turn a list of problems into an exit code or an
aborted build.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from difflib import get_close_matches
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, at the place a curator must edit."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.column}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class ContentError(Exception):
    """Raised at a boundary (build, pack) when the content has errors.

    Carries every problem so the caller can print them all before stopping.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        errors = sum(1 for p in problems if p.is_error)
        super().__init__(f"{errors} content error{'s' if errors != 1 else ''}")


def nearest(value: str, options: Iterable[str]) -> str | None:
    """The valid name a typo most likely meant, for every "did you mean" we print.

    Options are sorted first so that ties always resolve the same way; a
    difference of case alone counts as a match (`Tags` for `tags`).
    """
    ordered = sorted(options)
    close = get_close_matches(value, ordered, n=1, cutoff=0.6)
    if close:
        return close[0]
    return next((option for option in ordered if option.lower() == value.lower()), None)


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
            ("title", "briefing check"),
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
        "problems": [asdict(p) for p in problems],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
