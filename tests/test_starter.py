"""`briefing new site`: a new site that checks, builds and publishes at once, written only
into a new or empty folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from browser import BRIEFING, MKDOCS, run
from test_publish import actionlint, needs_actionlint


def new_site(folder: Path, *options: str) -> Path:
    result = run([BRIEFING, "new", "site", str(folder), *options], cwd=folder.parent)
    assert result.returncode == 0, result.stdout
    return folder


def test_a_new_site_checks_and_builds_at_once(tmp_path: Path) -> None:
    site = new_site(tmp_path / "ours", "--title", "Sahel: security #1")
    assert sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()) == [
        ".github/workflows/publish.yml",
        ".github/workflows/pull-request.yml",
        ".gitignore",
        "README.md",
        "content/about.md",
        "content/actors/nikolai-patrushev.yaml",
        "content/briefings/example-briefing.yaml",
        "content/events/2022/patrushev-meets-guo-shengkun-nanping.yaml",
        "content/tags.yaml",
        "mkdocs.yml",
        "requirements.txt",
    ]
    checked = run([BRIEFING, "check", "--strict"], cwd=site)
    assert checked.stdout == "content OK: 1 event, 1 actor, 1 tag, 1 briefing, 1 page\n"
    assert run([BRIEFING, "build"], cwd=site).returncode == 0
    assert run([MKDOCS, "build", "--strict", "-d", str(tmp_path / "strict")], cwd=site).returncode == 0
    home = (site / "site/index.html").read_text(encoding="utf-8")
    assert "<title>Sahel: security #1</title>" in home
    assert 'href="about.html"' in home
    assert "github.com" not in home  # no repository link until the team names theirs


def test_the_settings_a_team_changes_are_marked_and_the_readme_has_the_two_commands(tmp_path: Path) -> None:
    site = new_site(tmp_path / "ours")
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    assert config.count("# CHANGE:") == 2
    assert "# repo_url:" in config
    settings = yaml.load(config, Loader=yaml.BaseLoader)  # MkDocs' !ENV tag read as text
    assert (settings["site_name"], settings["docs_dir"], settings["theme"]) == (
        "Briefing",
        "content",
        {"name": "briefing"},
    )
    readme = (site / "README.md").read_text(encoding="utf-8")
    assert "pip install -r requirements.txt && .venv/bin/briefing build" in readme
    assert ".venv/bin/briefing serve" in readme
    assert '"Source" to "GitHub Actions"' in readme


@needs_actionlint
def test_the_new_sites_workflows_are_valid(tmp_path: Path) -> None:
    site = new_site(tmp_path / "ours")
    checked = actionlint(*(site / ".github/workflows").iterdir())
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize("existing", ["a file", "a folder with a file"])
def test_an_existing_file_or_a_folder_that_is_not_empty_is_refused(tmp_path: Path, existing: str) -> None:
    target = tmp_path / "ours"
    if existing == "a file":
        target.write_text("notes\n", encoding="utf-8")
    else:
        target.mkdir()
        (target / "notes.txt").write_text("notes\n", encoding="utf-8")
    before = sorted(os.walk(tmp_path))
    result = run([BRIEFING, "new", "site", str(target)], cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stdout.splitlines()) == 1
    assert result.stdout.startswith("Error: ")
    assert sorted(os.walk(tmp_path)) == before


def test_an_empty_folder_is_filled(tmp_path: Path) -> None:
    (tmp_path / "ours").mkdir()
    site = new_site(tmp_path / "ours")
    assert (site / "mkdocs.yml").is_file()
