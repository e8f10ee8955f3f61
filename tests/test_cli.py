"""The `briefing` command: exit codes 0 / 1 / 2, one line per problem, the summary (builder/cli.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from browser import REPO, build
from click.testing import CliRunner
from conftest import WriteTree

from builder.cli import main
from builder.rendering.feeds import NO_SITE_URL


@pytest.fixture(name="runner")
def fixture_runner() -> CliRunner:
    return CliRunner()


def test_check_sample_content(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = runner.invoke(main, ["check"])

    assert result.exit_code == 0, result.output
    assert result.output == "content OK: 5 events, 11 actors, 7 tags, 1 briefing, 2 pages\n"


def test_check_sample_content_strict(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = runner.invoke(main, ["check", "--strict", "--content", "content"])

    assert (result.exit_code, result.output) == (0, "content OK: 5 events, 11 actors, 7 tags, 1 briefing, 2 pages\n")


PROBLEMS: dict[str, str | bytes] = {
    "events/a.yaml": """\
        title: A
        date: 2022-02-30
        summary: S.
        sources: []
        """,
    "actors/x.yaml": """\
        name: X
        kind: persn
        """,
    "events/b.yaml": """\
        title: B
        date: 2022-01-01
        summary: S.
        actors: [nobody]
        sources:
          - id: s
            title: T
            reliability: C
        """,
    "notes.txt": "not content",
}


def test_check_reports_every_problem(runner: CliRunner, write_tree: WriteTree) -> None:
    write_tree(PROBLEMS)
    result = runner.invoke(main, ["check"])

    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [re.match(r"\S+:\d+:\d+: (?:warning: )?", line).group(0) for line in lines] == [  # type: ignore[union-attr]
        "content/actors/x.yaml:2:7: ",
        "content/events/a.yaml:2:7: ",
        "content/events/a.yaml:4:10: ",
        "content/events/b.yaml:4:10: ",
        "content/notes.txt:1:1: warning: ",
    ]
    assert "did you mean 'person'?" in lines[0]
    assert "2022-02-30" in lines[1]
    assert "'sources'" in lines[2]
    assert "nobody" in lines[3]
    assert result.stderr == "4 errors, 1 warning\n"
    assert "Traceback" not in result.output


def test_check_warning_fails_only_under_strict(runner: CliRunner, minimal_tree: Callable[..., Path]) -> None:
    minimal_tree({"README.txt": "notes"})

    relaxed = runner.invoke(main, ["check"])
    strict = runner.invoke(main, ["check", "--strict"])

    warning = (
        "content/README.txt:1:1: warning: ignored: only .yaml files in events/, actors/ and briefings/, "
        "tags.yaml and .md pages are content"
    )
    assert relaxed.exit_code == 0
    assert relaxed.stdout == f"{warning}\ncontent OK: 1 event, 1 actor, 0 tags, 0 briefings, 1 warning\n"
    assert strict.exit_code == 1
    assert strict.stdout == f"{warning}\n"
    assert strict.stderr == "0 errors, 1 warning\n"


def test_check_empty_briefing_warning_under_strict(runner: CliRunner, minimal_tree: Callable[..., Path]) -> None:
    minimal_tree({"briefings/later.yaml": "title: Later\nsummary: S.\nselect:\n  from: 2030\n"})

    result = runner.invoke(main, ["check", "--strict"])

    assert result.exit_code == 1
    assert result.stdout == (
        "content/briefings/later.yaml:4:3: warning: this briefing selects no published event; check its 'select'\n"
    )


def test_check_missing_content_folder(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["check", "--content", "nowhere"])

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "Error: no such content folder: nowhere (--content)\n"


@pytest.mark.parametrize(
    "arguments",
    [
        ["check", "--no-such-option"],
        ["build", "--no-such-option"],
        ["frobnicate"],
        ["build", "-f", "missing.yml"],
        ["serve", "-f", "missing.yml"],
        ["check", "--content"],
    ],
    ids=[
        "check-unknown-option",
        "build-unknown-option",
        "unknown-command",
        "build-missing-config",
        "serve-missing-config",
        "option-without-value",
    ],
)
def test_usage_errors_exit_2(
    runner: CliRunner, arguments: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, arguments)

    assert result.exit_code == 2, result.output
    assert result.output.splitlines()[-1].startswith("Error: ")
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_missing_config_file_is_named(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["build", "-f", "missing.yml"])

    assert result.stderr.splitlines()[-1] == "Error: no such configuration file: missing.yml"


def test_check_content_outside_the_repository(
    runner: CliRunner, minimal_tree: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = minimal_tree()
    monkeypatch.chdir(REPO)
    result = runner.invoke(main, ["check", "--content", str(content)])

    assert (result.exit_code, result.output) == (0, "content OK: 1 event, 1 actor, 0 tags, 0 briefings\n")


def test_build_content_outside_the_repository(minimal_tree: Callable[..., Path], tmp_path: Path) -> None:
    content = minimal_tree()
    site = tmp_path / "out" / "site"
    result = build(site, "--content", content)

    assert result.returncode == 0, result.stdout
    assert result.stdout == f"built {site}\nnote: {NO_SITE_URL}\n"  # the sample's SITE_URL is unset here
    page = (site / "events/patrushev-nanping.html").read_text(encoding="utf-8")
    assert "<h1>Patrushev meets Guo Shengkun in Nanping</h1>" in page
    assert '<a href="../actors/nikolai-patrushev.html">Nikolai Patrushev</a>' in page
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["site"]
    assert not (REPO / "content" / "events" / "patrushev-nanping.yaml").exists()


def test_build_content_outside_the_repository_reports_problems(write_tree: WriteTree, tmp_path: Path) -> None:
    content = write_tree({"events/a.yaml": "title: A\ndate: 2022-13\nsummary: S.\nsources: [{id: s, title: T}]\n"})
    result = build(tmp_path / "site", "--content", content)

    assert result.returncode == 1
    assert re.search(r"^\S*content/events/a\.yaml:2:7: ", result.stdout, re.MULTILINE), result.stdout
    assert "Traceback" not in result.stdout
    assert not (tmp_path / "site").exists()


def test_build_strict_fails_on_a_warning(minimal_tree: Callable[..., Path], tmp_path: Path) -> None:
    content = minimal_tree({"notes.txt": "x"})
    relaxed = build(tmp_path / "relaxed", "--content", content)
    strict = build(tmp_path / "strict", "--content", content, "--strict")

    assert relaxed.returncode == 0
    assert strict.returncode == 1
    assert "warning: ignored" in strict.stdout
    assert "Traceback" not in strict.stdout
    assert not (tmp_path / "strict").exists()


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert (result.exit_code, result.output) == (0, "briefing, version 0.1.0\n")


ONE_PROBLEM: dict[str, str | bytes] = {
    "events/a.yaml": """\
        title: A, with: a colon
        date: 2022-09-19
        summary: S.
        sources: [{id: s, title: T}]
        """,
}
MESSAGE = "a ': ' inside a value starts another field; put the value in quotes: title: \"A, with: a colon\""
ANNOTATION = "::error file=content/events/a.yaml,line=1,col=15,title=briefing check::" + MESSAGE


def test_check_format_github_annotates_and_writes_the_step_summary(
    runner: CliRunner, write_tree: WriteTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(ONE_PROBLEM)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = runner.invoke(main, ["check", "--format", "github"])

    assert (result.exit_code, result.stdout) == (1, ANNOTATION + "\n")
    assert summary.read_text(encoding="utf-8") == (
        "earlier step\n"
        "### briefing check\n\n1 error, 0 warnings\n\n"
        "| file | line | column | severity | message |\n"
        "| --- | ---: | ---: | --- | --- |\n"
        f"| `content/events/a.yaml` | 1 | 15 | error | {MESSAGE} |\n"
    )


def test_github_annotation_escapes_what_github_would_misread() -> None:
    from builder.errors import Problem, github_annotation

    problem = Problem("content/a,b:c.yaml", 2, 3, "100% wrong\nsecond line", "warning")
    assert github_annotation(problem) == (
        "::warning file=content/a%2Cb%3Ac.yaml,line=2,col=3,title=briefing check::100%25 wrong\\nsecond line"
    )


def test_check_format_json(runner: CliRunner, write_tree: WriteTree) -> None:
    write_tree({**ONE_PROBLEM, "notes.txt": "x"})
    result = runner.invoke(main, ["check", "--format", "json"])

    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "errors": 1,
        "warnings": 1,
        "problems": [
            {
                "path": "content/events/a.yaml",
                "line": 1,
                "column": 15,
                "severity": "error",
                "rule": None,
                "message": MESSAGE,
            },
            {
                "path": "content/notes.txt",
                "line": 1,
                "column": 1,
                "severity": "warning",
                "rule": None,
                "message": "ignored: only .yaml files in events/, actors/ and briefings/, tags.yaml and .md pages "
                "are content",
            },
        ],
    }


_LOADED_BY_CHECK = """
import atexit, sys
atexit.register(lambda: print(" ".join(sorted(sys.modules)), file=sys.stderr))
from builder.cli import main
main(["check", "--content", sys.argv[1]])
"""
_CHECK_MODULES = {
    "cli", "countries", "dates", "errors", "ids", "index", "kinds", "limits", "links", "memo",
    "loading", "model", "outputs", "pipeline", "settings", "validation", "yamlerrors", "yamltree",
}  # fmt: skip


def test_check_loads_neither_the_renderer_nor_mkdocs() -> None:
    """`briefing check` runs on every pull request and in editors: it loads the stages up to
    the index, and no Markdown renderer, sanitiser, template engine or MkDocs."""
    ran = subprocess.run(
        [sys.executable, "-c", _LOADED_BY_CHECK, str(REPO / "content")], capture_output=True, text=True, check=True
    )
    loaded = {name.split(".")[0] for name in ran.stderr.split()}
    ours = {name.split(".")[1] for name in ran.stderr.split() if name.startswith("builder.")}
    assert "content OK" in ran.stdout
    assert loaded.isdisjoint({"markdown", "nh3", "jinja2", "markupsafe", "mkdocs"})
    assert ours == _CHECK_MODULES
