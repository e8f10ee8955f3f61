"""Golden cases as data (tests/cases/): what a curator sees, pinned in files a reviewer reads.

- `check/<case>/` is a small site (`mkdocs.yml` and `content/`) and `check/<case>/expected.txt` the
  exact output of `briefing check` on it (exit code, standard output, standard error).
- `pages/*.html` are the main region of five pages of a real build of the repository's
  sample content: an event, an actor, a briefing, a timeline year and a prose page.

`pytest --update-golden` rewrites the expected files from what the code gives now, so
a deliberate change of output shows in review as a diff of these files.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from browser import build
from conftest import Golden

CASES = Path(__file__).resolve().parent / "cases"
BRIEFING = Path(sys.executable).parent / "briefing"
CHECK_CASES = sorted(path.name for path in (CASES / "check").iterdir() if path.is_dir())
PAGES = {
    "event": "events/putin-xi-meeting-samarkand.html",
    "actor": "actors/nikolai-patrushev.html",
    "briefing": "briefings/russia-china-security-partnership-2022.html",
    "timeline-year": "timeline/2022.html",
    "prose-page": "methods/sourcing.html",
}
_MAIN = re.compile(r"<main\b.*?</main>", re.DOTALL)


@pytest.mark.parametrize("case", CHECK_CASES)
def test_check_prints_what_the_case_expects(case: str, golden: Golden) -> None:
    environment = {key: value for key, value in os.environ.items() if key != "GITHUB_STEP_SUMMARY"}
    ran = subprocess.run(
        [str(BRIEFING), "check"],
        cwd=CASES / "check" / case,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    shown = f"exit code {ran.returncode}\n--- standard output\n{ran.stdout}--- standard error\n{ran.stderr}"
    golden(CASES / "check" / case / "expected.txt", shown)


@pytest.fixture(name="sample_site", scope="module")
def fixture_sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("sample") / "site"
    build(site)
    return site


@pytest.mark.parametrize("name", list(PAGES))
def test_sample_pages_show_what_the_case_expects(name: str, sample_site: Path, golden: Golden) -> None:
    page = (sample_site / PAGES[name]).read_text(encoding="utf-8")
    main = _MAIN.search(page)
    assert main is not None
    golden(CASES / "pages" / f"{name}.html", main.group() + "\n")
