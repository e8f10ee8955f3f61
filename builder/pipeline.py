"""The stages in order, as the command line and the MkDocs plugin both run them.

content files → load → validate → index. Keeping this sequence in one
function is what makes `briefing check` and a build agree on every problem.
Loading hands validation one file at a time, so only one file's YAML values
are held at once, whatever the size of the tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.errors import Problem, sort_problems
from builder.index import Site, build_site
from builder.loading import iter_content
from builder.validation import validate


@dataclass
class Result:
    """A site when the content has no errors, and every problem found either way."""

    site: Site | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def load_site(content_dir: Path, *, root: Path | None = None, drafts: bool = False) -> Result:
    """Load, validate and index a content folder; never raises on bad content."""
    if not content_dir.is_dir():
        shown = content_dir.as_posix()
        return Result(None, [Problem(shown, 1, 1, "the content folder does not exist")])
    load_problems: list[Problem] = []
    content, problems = validate(iter_content(content_dir, load_problems, display_root=root))
    problems = load_problems + problems
    if any(p.is_error for p in problems):
        return Result(None, sort_problems(problems))
    site, warnings = build_site(content, drafts=drafts)
    return Result(site, sort_problems(problems + warnings))
