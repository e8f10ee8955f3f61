"""The live preview's problems page: what every page of the preview shows while the content fails.

A curator who saves a mistake must see it where they look, in the browser,
not only in a terminal they may not have open: the same list `briefing check`
prints, each problem linked to its file on the forge when mkdocs.yml says
where files are edited. It is a page body like any other, drawn by the
theme's chrome, so it looks like the site it stands in for.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder import fragments
from builder.errors import Problem
from builder.rendering.contexts import variables
from builder.rendering.pages import Options, Page, edit_url
from builder.rendering.renderer import make_environment, theme_search_path

PROBLEMS_PAGE = "_preview/problems.md"
"""Its source name: `_preview/` cannot be a content page's folder (ids have no `_`), so the
page never takes the place of one, and the last good build's pages stay as they were."""

LAST_GOOD_LINK = "briefing-last-good-link"
"""Where the page links to the last good build of the page asked for: the server, which
alone knows that page, puts the link's URL in place of this word."""


@dataclass(frozen=True)
class ShownProblem:
    """One problem as `briefing check` prints it: its place (linked when it can be edited
    on the forge, at its line) and the rest of the line."""

    place: str
    rest: str
    severity: str
    edit_url: str | None


@dataclass(frozen=True)
class ProblemsContext:
    """Template pages/problems.html (which also has `count` of builder/fragments.py)."""

    problems: list[ShownProblem]
    errors: int
    warnings: int
    strict: bool
    """Whether warnings stop the build (mkdocs.yml's `strict`, `serve --strict`)."""
    last_good: str | None
    """`LAST_GOOD_LINK` when the preview has built the site since it started; None when it never has."""


def problems_page(problems: list[Problem], options: Options, *, strict: bool, built_before: bool) -> Page:
    """The page listing `problems` in the order `briefing check` prints them."""
    shown = [_shown(problem, options) for problem in sorted(problems)]
    errors = sum(1 for problem in problems if problem.is_error)
    context = ProblemsContext(
        problems=shown,
        errors=errors,
        warnings=len(problems) - errors,
        strict=strict,
        last_good=LAST_GOOD_LINK if built_before else None,
    )
    return Page(PROBLEMS_PAGE, _title(errors, len(problems) - errors), "pages/problems.html", context)


def render_problems_page(page: Page, options: Options) -> str:
    """Its HTML body, from the theme's template (or the site's override of it)."""
    template = make_environment(theme_search_path(options)).get_template(page.template)
    return template.render(count=fragments.count, **variables(page.context))


def _shown(problem: Problem, options: Options) -> ShownProblem:
    place = f"{problem.path}:{problem.line}:{problem.column}"
    rest = str(problem)[len(place) + 2 :]
    url = edit_url(problem.path, options)
    return ShownProblem(place, rest, problem.severity, f"{url}#L{problem.line}" if url else None)


def _title(errors: int, warnings: int) -> str:
    counts = ((errors, "error"), (warnings, "warning"))
    counted = [f"{count} {word}{'' if count == 1 else 's'}" for count, word in counts if count]
    return "Preview paused: " + " and ".join(counted)
