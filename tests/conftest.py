"""Shared helpers: small content trees written inline, as curators would write them."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from builder.index import Site
from builder.pipeline import load_site

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
    document.setdefault("sources", [{"id": "report", "title": "A report"}])
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
