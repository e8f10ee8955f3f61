"""Quality warnings (CONTENT-MODEL.md, "Quality warnings"): each rule on content that
triggers it and on content that does not, at the value concerned, failing only --strict."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CheckTree, event_document

from builder.cli import main

GRADED = [{"id": "report", "title": "A report", "reliability": "B", "credibility": 2}]
WEAK = [{"id": "report", "title": "A report", "reliability": "F", "credibility": 2}]


def event(date: str = "2022-09-19", **fields: object) -> str:
    fields.setdefault("sources", GRADED)
    return event_document("Talks", date, **fields)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"events/a.yaml": event(sources=[{"id": "report", "title": "A report"}])},
            "content/events/a.yaml:5:3: warning: source 'report' has neither 'reliability' nor 'credibility'",
        ),
        (
            {"events/a.yaml": event(sources=WEAK, confidence="high")},
            "content/events/a.yaml:9:13: warning: 'confidence' is 'high', but no source is graded A or B",
        ),
        (
            {"events/a.yaml": event(updated="2022-09-01")},
            "content/events/a.yaml:4:10: warning: 'updated' (1 September 2022) is before the event's date",
        ),
        (
            {
                "events/a.yaml": event("2022-09-19", related=[{"event": "b", "relation": "precedes"}]),
                "events/b.yaml": event("2022-09-01"),
            },
            "content/events/a.yaml:5:10: warning: this event 'precedes' 'b', but it starts (19 September 2022) "
            "after that event ends (1 September 2022)",
        ),
        (
            {
                "events/a.yaml": event("2022-09-01", related=[{"event": "b", "relation": "follows"}]),
                "events/b.yaml": event("2022-09-19"),
            },
            "content/events/a.yaml:5:10: warning: this event 'follows' 'b', but that event starts",
        ),
        (
            {
                "events/a.yaml": event("2022-09-01", related=[{"event": "b", "relation": "response-to"}]),
                "events/b.yaml": event("2022-09-19"),
            },
            "content/events/a.yaml:5:10: warning: this event is a 'response-to' 'b', but it ends",
        ),
    ],
)
def test_each_rule_warns_at_the_value(check_tree: CheckTree, files: dict[str, str], expected: str) -> None:
    problems = [p for p in check_tree(files) if "nikolai" not in p and "patrushev" not in p]
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected), problems[0]


@pytest.mark.parametrize(
    "files",
    [
        {"events/a.yaml": event(sources=[{"id": "report", "title": "A report", "credibility": 6}])},
        {"events/a.yaml": event(confidence="high")},
        {"events/a.yaml": event(sources=WEAK, confidence="moderate")},
        {"events/a.yaml": event(updated="2022-09")},  # may be the same month, later
        {
            "events/a.yaml": event("2022-09", related=[{"event": "b", "relation": "precedes"}]),
            "events/b.yaml": event("2022-09-01"),  # the same month: it may come first
        },
        {
            "events/a.yaml": event("2022-09-19", related=[{"event": "b", "relation": "response-to"}]),
            "events/b.yaml": event("2022-09-01/.."),  # still going on
        },
        {
            "events/a.yaml": event("2022-09-01", related=[{"event": "b", "relation": "precedes"}]),
            "events/b.yaml": event("2022-09-19"),
        },
    ],
)
def test_content_that_follows_the_rules_has_no_warning(check_tree: CheckTree, files: dict[str, str]) -> None:
    assert [p for p in check_tree(files) if "warning" in p] == []


def test_warnings_fail_only_under_strict_and_are_counted_per_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content/events"
    content.mkdir(parents=True)
    (content / "a.yaml").write_text(event(sources=[{"id": "r", "title": "A report"}], updated="2022-01-01"))
    (content / "b.yaml").write_text(event(sources=WEAK, confidence="high"))
    summary = tmp_path / "summary.md"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    runner = CliRunner()
    assert runner.invoke(main, ["check"]).exit_code == 0
    strict = runner.invoke(main, ["check", "--strict", "--format", "github"])
    assert strict.exit_code == 1
    assert (
        "::warning file=content/events/a.yaml,line=5,col=3,title=briefing check%3A ungraded-source::" in strict.stdout
    )
    table = summary.read_text(encoding="utf-8")
    assert "| `ungraded-source` | 1 |" in table
    assert "| `unsupported-confidence` | 1 |" in table
    assert "| `updated-before-date` | 1 |" in table


def test_the_sample_content_is_clean_under_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    from browser import REPO

    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["check", "--strict"])
    assert (result.exit_code, result.stdout) == (0, "content OK: 5 events, 11 actors, 7 tags, 1 briefing, 2 pages\n")
