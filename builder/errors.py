"""Problems found in content, kept as values so that one run reports all of them.

Validators append `Problem`s and never raise on bad content; only the command
line and the MkDocs plugin turn a list of problems into an exit code or an
aborted build.
"""

from __future__ import annotations

from dataclasses import dataclass
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


class UsageError(Exception):
    """The command was asked for something impossible (a missing config file); exit code 2."""


class BuildFailed(Exception):
    """MkDocs stopped the build; the problems were already logged; exit code 1."""


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Order problems as a curator reads them: by file, then from top to bottom."""
    return sorted(problems)
