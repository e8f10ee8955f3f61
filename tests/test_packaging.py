"""briefing as another team installs it: the wheel, in a fresh virtual environment outside
the repository, makes a new site and builds it with `briefing build` and `mkdocs build`.

The wheel's dependencies come from the package registry, pinned by requirements.lock.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from browser import REPO


def call(command: list[str | Path], cwd: Path) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout
    return done.stdout


@pytest.fixture(name="wheel", scope="module")
def fixture_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    call([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", dist, REPO], dist)
    (wheel,) = dist.glob("briefing-*.whl")
    return wheel


def test_the_wheel_holds_the_package_the_theme_and_the_starter_site(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {path.relative_to(REPO).as_posix() for path in (REPO / "builder").rglob("*.py")}
    theme = {
        "builder/theme/" + path.relative_to(REPO / "templates").as_posix()
        for path in (REPO / "templates").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    starter = {
        path.relative_to(REPO).as_posix() for path in (REPO / "builder/starter_files").rglob("*") if path.is_file()
    }
    assert modules <= names
    assert theme <= names
    assert starter <= names
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode("utf-8")
    assert "[mkdocs.themes]\nbriefing = builder.theme" in text
    assert "[mkdocs.plugins]\nbriefing = builder.plugin:BriefingPlugin" in text


def test_the_installed_wheel_makes_and_builds_a_new_site(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    call([sys.executable, "-m", "venv", venv], tmp_path)
    pip = [venv / "bin/python", "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    call([*pip, "-c", REPO / "requirements.lock", wheel], tmp_path)
    where = call([venv / "bin/python", "-c", "import builder.theme; print(builder.theme.__file__)"], tmp_path)
    assert where.startswith(str(venv)), where  # the installed theme, not the repository's templates/

    call([venv / "bin/briefing", "new", "site", "ours", "--title", "Our briefing"], tmp_path)
    site = tmp_path / "ours"
    assert call([venv / "bin/briefing", "check", "--strict"], site).startswith("content OK")
    call([venv / "bin/briefing", "build"], site)
    call([venv / "bin/mkdocs", "build", "--strict", "-d", tmp_path / "strict"], site)
    page = (site / "site/events/patrushev-meets-guo-shengkun-nanping.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="../assets/briefing.css">' in page
    assert (site / "site/assets/search.js").is_file()
    assert (site / "site/about.html").is_file()
