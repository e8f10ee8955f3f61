"""The plugin across live-preview rebuilds (builder/plugin.py), in process.

`briefing serve` keeps one plugin object and runs MkDocs' dirty builds into
one folder; these tests do the same with real MkDocs builds, so they can see
which files a rebuild wrote. Whatever it leaves out, the folder must end up
as a clean build of the same content makes it.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from pathlib import Path

import pytest
from browser import (
    BRIEFING,
    MKDOCS,
    REPOSITORY_SETTINGS,
    copy_project,
    parse_page,
    project_with_content,
    run,
    tree_hashes,
)
from browser import build as briefing_build
from conftest import event_document
from mkdocs.commands.build import build
from mkdocs.config import load_config

from builder.plugin import BriefingPlugin
from builder.project import Project

EVENT = "content/events/2022/russia-invades-ukraine.yaml"
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")
"""A dirty build's sitemap lists only the pages it built; nothing reads it in a preview."""


class Preview:
    """One project served: the plugin and the folder outlive each build, as under `serve`."""

    def __init__(self, project: Path, folder: Path) -> None:
        self.project = Project(project / "mkdocs.yml", content_dir=None, drafts=True)
        self.project.config.site_dir = str(folder)
        self.folder = folder
        plugin = self.project.config.plugins["briefing"]
        assert isinstance(plugin, BriefingPlugin)
        plugin.on_startup(command="serve", dirty=True)

    def rebuild(self) -> set[str]:
        """Build again; the files this build wrote, by relative path."""
        for path in self.folder.rglob("*"):
            if path.is_file():
                os.utime(path, ns=(0, 0))
        build(self.project.config, dirty=True)
        return {
            path.relative_to(self.folder).as_posix()
            for path in self.folder.rglob("*")
            if path.is_file() and path.stat().st_mtime_ns != 0
        }


def clean_build(project: Path, folder: Path) -> dict[str, str]:
    """A clean build's files, but the data exports and feeds, which the live preview does not write."""
    fresh = Project(project / "mkdocs.yml", content_dir=None, drafts=True)
    fresh.build_into(folder)
    hashes = without_sitemaps(tree_hashes(folder))
    return {path: digest for path, digest in hashes.items() if path.split("/")[0] not in ("data", "feeds")}


def without_sitemaps(hashes: dict[str, str]) -> dict[str, str]:
    return {path: digest for path, digest in hashes.items() if path not in SITEMAPS}


@pytest.fixture(name="preview")
def fixture_preview(tmp_path: Path) -> Preview:
    preview = Preview(copy_project(tmp_path / "project"), tmp_path / "served")
    preview.rebuild()
    return preview


def edit(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_rebuild_without_changes_writes_no_item_page(preview: Preview) -> None:
    written = preview.rebuild()

    assert {"index.html", "timeline.html", "events.html", "actors.html", "tags.html"} <= written
    assert not {path for path in written if path.startswith(("events/", "actors/", "tags/", "briefings/"))}


def test_an_edit_rewrites_the_pages_that_show_it_and_leaves_the_rest(preview: Preview, tmp_path: Path) -> None:
    project = preview.project.root
    edit(project, EVENT, "title: Russia invades Ukraine", "title: Edited while serving")

    written = preview.rebuild()

    assert {
        "events/russia-invades-ukraine.html",
        "actors/ukraine.html",
        "actors/vladimir-putin.html",
        "timeline/2022.html",
        "tags/war-in-ukraine.html",
        "assets/search-index.js",
    } <= written
    assert "actors/guo-shengkun.html" not in written
    assert len([path for path in written if path.startswith(("events/", "actors/"))]) < 12
    assert without_sitemaps(tree_hashes(preview.folder)) == clean_build(project, tmp_path / "clean")


def test_a_deleted_event_is_removed_and_the_folder_matches_a_clean_build(preview: Preview, tmp_path: Path) -> None:
    project = preview.project.root
    draft = project / "content/events/2022/a-draft.yaml"
    draft.write_text(
        "title: A draft\ndate: 2022-09-20\nstatus: draft\nsummary: Not yet.\n"
        "actors: [ukraine]\nsources:\n  - id: note\n    title: Curator's note\n",
        encoding="utf-8",
    )
    assert "events/a-draft.html" in preview.rebuild()

    draft.unlink()
    written = preview.rebuild()

    assert "actors/ukraine.html" in written
    assert not (preview.folder / "events/a-draft.html").exists()
    assert without_sitemaps(tree_hashes(preview.folder)) == clean_build(project, tmp_path / "clean")


def test_a_template_override_rewrites_every_page(preview: Preview) -> None:
    project = preview.project.root
    edit(project, "mkdocs.yml", "  name: briefing\n", "  name: briefing\n  custom_dir: overrides\n")
    (project / "overrides").mkdir()
    (project / "overrides/main.html").write_text(
        '{% extends "base.html" %}{% block footer %}<footer>Built with an override</footer>{% endblock %}',
        encoding="utf-8",
    )
    preview.project.config = load_config(str(project / "mkdocs.yml"), site_dir=str(preview.folder))
    written = preview.rebuild()
    assert "actors/guo-shengkun.html" in written
    assert "Built with an override" in (preview.folder / "actors/guo-shengkun.html").read_text(encoding="utf-8")

    edit(project, "overrides/main.html", "Built with an override", "Built with edits")

    written = preview.rebuild()

    assert "actors/guo-shengkun.html" in written
    assert "Built with edits" in (preview.folder / "actors/guo-shengkun.html").read_text(encoding="utf-8")


def test_after_a_content_error_the_next_rebuild_still_writes_only_what_changed(
    preview: Preview, tmp_path: Path
) -> None:
    project = preview.project.root
    edit(project, EVENT, "date: 2022-02-24", "date: 2022-02-31")
    written = preview.rebuild()  # (the theme's assets count as written: `rebuild` dated every file 1970)
    assert {path for path in written if not path.startswith("assets/")} == {"_preview/problems.html"}

    edit(project, EVENT, "date: 2022-02-31", "date: 2022-02-24")
    edit(project, EVENT, "title: Russia invades Ukraine", "title: Fixed")
    written = preview.rebuild()

    assert "events/russia-invades-ukraine.html" in written
    assert "actors/guo-shengkun.html" not in written
    assert without_sitemaps(tree_hashes(preview.folder)) == clean_build(project, tmp_path / "clean")


def test_a_change_to_mkdocs_yml_rewrites_every_page(preview: Preview) -> None:
    project = preview.project.root
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as settings:
        settings.write("copyright: An edited copyright line\n")
    # MkDocs' server loads the configuration again before each rebuild; so does this.
    preview.project.config = load_config(str(project / "mkdocs.yml"), site_dir=str(preview.folder))

    written = preview.rebuild()

    assert "actors/guo-shengkun.html" in written
    assert "An edited copyright line" in (preview.folder / "actors/guo-shengkun.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("folder", ["Q1 2022", "issue #7", "100% sure", "why?", "Überblick", "a b#c%d?e/é f"])
def test_edit_links_percent_encode_each_folder_name(tmp_path: Path, folder: str) -> None:
    source = f"events/{folder}/talks.yaml"
    content = {source: event_document("Talks", "2022-01-01")}
    project = project_with_content(tmp_path / "project", content, REPOSITORY_SETTINGS)
    result = briefing_build(tmp_path / "site", cwd=project)
    assert result.returncode == 0, result.stdout

    (href,) = [
        ref.value
        for ref in parse_page(tmp_path / "site/events/talks.html").references
        if ref.tag == "a" and ref.value.startswith("https://github.com/example/briefing/edit/")
    ]
    parts = urllib.parse.urlsplit(href)
    assert (parts.query, parts.fragment) == ("", "")
    assert href.isascii() and " " not in href
    assert urllib.parse.unquote(parts.path) == f"/example/briefing/edit/main/content/{source}"
    assert href.endswith("/" + "/".join(urllib.parse.quote(part, safe="") for part in source.split("/")))


DEEP_LIST = "\n".join("    " * level + "- x" for level in range(250))
"""Python-Markdown recurses once a level of this list and raises RecursionError."""


def write_deep_event(project: Path) -> None:
    """An event whose body crashes the Markdown renderer (unless a check rejects it first)."""
    (project / "content/events/2022/deep-nesting.yaml").write_text(
        event_document("Deep nesting", "2022-03-01", body=DEEP_LIST), encoding="utf-8"
    )


@pytest.mark.parametrize("command", [[BRIEFING, "build"], [MKDOCS, "build"]], ids=["briefing", "mkdocs"])
def test_markdown_that_crashes_the_renderer_fails_the_build_as_a_content_error(
    tmp_path: Path, command: list[Path | str]
) -> None:
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    assert briefing_build(site, cwd=project).returncode == 0
    before = tree_hashes(site)
    write_deep_event(project)

    result = run([*command, "-d", site], cwd=project)

    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stdout and "RecursionError" not in result.stdout, result.stdout
    assert re.search(r"^(ERROR +- +)?content/events/2022/deep-nesting\.yaml:\d+:\d+: \S", result.stdout, re.M), (
        result.stdout
    )
    assert tree_hashes(site) == before  # nothing written


def test_a_prose_pages_new_title_reaches_every_header(preview: Preview) -> None:
    project = preview.project.root
    edit(project, "content/about.md", "# About this briefing", "# About us")

    written = preview.rebuild()

    assert "actors/guo-shengkun.html" in written  # its header names the page
    assert ">About us</a></li>" in (preview.folder / "actors/guo-shengkun.html").read_text(encoding="utf-8")


def test_an_edit_to_a_prose_page_rewrites_the_pages_it_mentions(preview: Preview) -> None:
    project = preview.project.root
    edit(
        project, "content/about.md", "Sources\n\nThe sample", "Sources\n\nSee [Putin](actor:vladimir-putin). The sample"
    )

    written = preview.rebuild()

    assert {"about.html", "actors/vladimir-putin.html"} <= set(written)
    assert "actors/uzbekistan.html" not in written  # the page does not mention it
    assert "Mentioned in" in (preview.folder / "actors/vladimir-putin.html").read_text(encoding="utf-8")
