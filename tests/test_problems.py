"""The live preview's problems page body (builder/rendering/problems.py, templates/pages/problems.html):
the list `briefing check` prints, each place linked to its line on the forge. The whole page as a
reader sees it is pinned in tests/cases/pages/problems.html; tests/test_serve.py shows it served."""

from __future__ import annotations

from conftest import Golden
from test_cases import CASES

from builder.errors import Problem
from builder.rendering.pages import Options
from builder.rendering.problems import LAST_GOOD_LINK, problems_page, render_problems_page

OPTIONS = Options(edit_base="https://github.com/org/repo/edit/main/content/", content_prefix="content/")
PROBLEMS = [
    Problem("content/events/2022/talks.yaml", 12, 3, "high confidence needs a source graded A-B 1-2", "warning"),
    Problem("content/events/2022/talks.yaml", 2, 8, 'this value opens a quote (") that is never closed'),
    Problem("mkdocs.yml", 4, 1, "the nav entry 'x.md' names no page of the site"),
]


def test_the_problems_page_lists_what_check_prints_each_linked_to_its_line(golden: Golden) -> None:
    page = problems_page(PROBLEMS, OPTIONS, strict=True, built_before=True)
    assert page.title == "Preview paused: 2 errors and 1 warning"
    html = render_problems_page(page, OPTIONS)
    golden(CASES / "pages" / "problems.html", html + "\n")
    assert html.count("<li") == 3 and LAST_GOOD_LINK in html


def test_a_preview_that_never_built_says_there_is_no_earlier_version() -> None:
    page = problems_page(PROBLEMS[1:2], Options(), strict=False, built_before=False)
    html = render_problems_page(page, Options())
    assert page.title == "Preview paused: 1 error"
    assert "no earlier version to show" in html and LAST_GOOD_LINK not in html
    assert "<a href" not in html  # no edit_uri: places are text
