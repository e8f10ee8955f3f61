"""Shared helpers: small content trees written inline, as curators would write them."""

from __future__ import annotations

import functools
import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest
import yaml

from builder.errors import Problem
from builder.index import Site
from builder.kinds import PAGE
from builder.loading import content_files
from builder.pipeline import load_site
from builder.rendering.renderer import make_environment

MINIMAL_EVENT = """\
title: Patrushev meets Guo Shengkun in Nanping
date: 2022-09-19
summary: Nikolai Patrushev met Guo Shengkun in Nanping.
actors:
  - actor: nikolai-patrushev
    role: visiting
sources:
  - id: report
    title: News report, 19 September 2022
    reliability: C
    credibility: 2
"""
MINIMAL_ACTOR = """\
name: Nikolai Patrushev
kind: person
native_name: Николай Патрушев
"""

WriteTree = Callable[[dict[str, str | bytes]], Path]


def content_kinds(content: Path) -> dict[Path, str]:
    """Each YAML file of a content folder and its kind (`event`, `actor`, `briefing`, `tags`:
    the names of the schemas), told apart as `briefing check` does; pages have no schema."""
    problems: list[Problem] = []
    found = {path: kind for path, kind, _, _ in content_files(content, content, problems) if kind != PAGE}
    assert problems == [], problems
    return found


@functools.cache
def jinja_environment() -> jinja2.Environment:
    """The page templates' environment, made once for the whole session: compiling the
    templates is most of what rendering a small test site costs."""
    return make_environment()


Golden = Callable[[Path, str], None]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected output under tests/cases/ and tests/golden/ with what the code gives now",
    )


@pytest.fixture(name="golden")
def fixture_golden(request: pytest.FixtureRequest) -> Golden:
    """Compare output with a golden file, or rewrite the file under --update-golden (or
    BRIEFING_UPDATE_GOLDEN=1): a change of output then shows in review as a diff of files."""
    rewrite = bool(request.config.getoption("--update-golden") or os.environ.get("BRIEFING_UPDATE_GOLDEN"))

    def compare(path: Path, text: str) -> None:
        if rewrite:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        assert text == path.read_text(encoding="utf-8"), f"{path} differs; run pytest --update-golden to accept"

    return compare


@pytest.fixture(name="write_tree")
def fixture_write_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WriteTree:
    """Write {relative path: text} under tmp_path/content and work from tmp_path.

    Text is dedented, so trees can be written as indented literals in tests;
    paths in problems are then relative to tmp_path, e.g. content/events/x.yaml.
    """
    monkeypatch.chdir(tmp_path)

    def write(files: dict[str, str | bytes]) -> Path:
        content = tmp_path / "content"
        content.mkdir(exist_ok=True)
        for relative, text in files.items():
            path = content / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(textwrap.dedent(text), encoding="utf-8")
        return content

    return write


@pytest.fixture(name="minimal_tree")
def fixture_minimal_tree(write_tree: WriteTree) -> Callable[..., Path]:
    """A valid one-event, one-actor tree; `files` adds or replaces files in it."""

    def make(files: dict[str, str | bytes] | None = None) -> Path:
        tree: dict[str, str | bytes] = {
            "events/patrushev-nanping.yaml": MINIMAL_EVENT,
            "actors/nikolai-patrushev.yaml": MINIMAL_ACTOR,
        }
        tree.update(files or {})
        return write_tree(tree)

    return make


def event_document(
    title: str,
    date: str,
    *,
    actors: list[str | dict[str, str]] | None = None,
    tags: list[str] | None = None,
    related: list[str | dict[str, str]] | None = None,
    **fields: object,
) -> str:
    """An event file's text: the required fields plus whatever a test adds."""
    document: dict[str, object] = {"title": title, "date": date, "summary": f"{title}."}
    for key, value in (("actors", actors), ("tags", tags), ("related", related)):
        if value:
            document[key] = value
    document.update(fields)
    document.setdefault("sources", [{"id": "report", "title": "A report", "reliability": "C", "credibility": 2}])
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def actor_document(name: str, kind: str = "person", **fields: object) -> str:
    return yaml.safe_dump({"name": name, "kind": kind, **fields}, allow_unicode=True, sort_keys=False)


LoadTree = Callable[..., Site]


@pytest.fixture(name="load_tree")
def fixture_load_tree(write_tree: WriteTree, tmp_path: Path) -> LoadTree:
    """Write a tree, run load → validate → index, and return the Site; fails on any content error."""

    def load(files: dict[str, str | bytes], *, drafts: bool = False) -> Site:
        content = write_tree(files)
        result = load_site(content, root=tmp_path, drafts=drafts)
        assert result.errors == [], "\n".join(map(str, result.errors))
        assert result.site is not None
        return result.site

    return load


CheckTree = Callable[..., list[str]]


@pytest.fixture(name="check_tree")
def fixture_check_tree(tmp_path: Path, minimal_tree: Callable[..., Path]) -> CheckTree:
    """The problems, as printed, of the minimal tree plus `files` (each `str(problem)`)."""
    from builder.pipeline import load_site

    def check(files: dict[str, str | bytes] | None = None) -> list[str]:
        result = load_site(minimal_tree(files), root=tmp_path)
        return [str(problem) for problem in result.problems]

    return check
