"""`briefing diff`: the content at two git revisions, compared as a reviewer reads it (builder/diff.py).

Every test builds a real git repository in tmp_path, commits with fixed
names and dates, and compares revisions or the working tree.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import typing
from pathlib import Path
from typing import Any

import pytest
from browser import REPO
from click.testing import CliRunner

from builder.cli import main
from builder.dates import DateValue, parse_date
from builder.diff import diff_revisions, markdown, word_diff
from builder.diff.fields import NOT_COMPARED, field_changes
from builder.model import ActorRelation, Heading, Judgement, Link, Location, Quote, Related, Role, Selection
from builder.pipeline import load_site


class Repo:
    """A git repository in a temporary folder, with the content folder at content/."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = {
            **os.environ,
            "HOME": str(root.parent),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Curator",
            "GIT_AUTHOR_EMAIL": "curator@example.org",
            "GIT_AUTHOR_DATE": "2022-10-01T12:00:00+00:00",
            "GIT_COMMITTER_NAME": "Curator",
            "GIT_COMMITTER_EMAIL": "curator@example.org",
            "GIT_COMMITTER_DATE": "2022-10-01T12:00:00+00:00",
        }
        root.mkdir()
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def write(self, files: dict[str, str | bytes]) -> None:
        for relative, text in files.items():
            path = self.root / "content" / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(textwrap.dedent(text), encoding="utf-8")

    def remove(self, *relative: str) -> None:
        for name in relative:
            (self.root / "content" / name).unlink()

    def move(self, old: str, new: str) -> None:
        (self.root / "content" / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", f"content/{old}", f"content/{new}")

    def commit(self, message: str = "change") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()

    def diff(self, base: str, head: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = diff_revisions(self.root / "content", base, head).to_dict()
        return result


@pytest.fixture(name="repo")
def fixture_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    repo = Repo(tmp_path / "repo")
    monkeypatch.chdir(repo.root)
    return repo


def event(title: str, date: str, *, extra: str = "", summary: str | None = None, sources: str | None = None) -> str:
    # JSON strings are YAML strings: a summary may start with '[' or hold ': '.
    text = f"title: {json.dumps(title)}\ndate: {date}\nsummary: {json.dumps(summary or title + '.')}\n"
    text += sources or "sources:\n  - id: report\n    title: A news report\n    reliability: C\n    credibility: 2\n"
    return text + textwrap.dedent(extra)


def actor(name: str, extra: str = "") -> str:
    return f"name: {name}\nkind: person\n" + textwrap.dedent(extra)


TAGS = """\
security-cooperation:
  title: Security cooperation
russia-china-relations:
  title: Russia–China relations
"""

NANPING_SUMMARY = (
    "[Nikolai Patrushev](actor:nikolai-patrushev) met Chinese official Guo Shengkun in Nanping "
    "and called partnership with Beijing an unconditional priority."
)


def base_tree() -> dict[str, str | bytes]:
    return {
        "tags.yaml": TAGS,
        "actors/nikolai-patrushev.yaml": actor("Nikolai Patrushev"),
        "actors/guo-shengkun.yaml": actor("Guo Shengkun"),
        "actors/sergei-shoigu.yaml": actor("Sergei Shoigu"),
        "events/2022/patrushev-nanping.yaml": event(
            "Patrushev meets Guo Shengkun in Nanping",
            "2022-09-19",
            summary=NANPING_SUMMARY,
            extra="""\
                actors: [nikolai-patrushev, guo-shengkun]
                tags: [russia-china-relations]
                """,
        ),
        "events/2022/shoigu-visits-beijing.yaml": event(
            "Shoigu visits Beijing", "2022-04-27", extra="actors: [sergei-shoigu]\n"
        ),
        "events/2021/moscow-talks.yaml": event("Security talks in Moscow", "2021-11-30"),
        "events/2022/sco-summit.yaml": event("SCO summit in Samarkand", "2022-09-15/2022-09-16"),
    }


def feature_branch(repo: Repo) -> None:
    """The pull request: one of each kind of change a reviewer meets, and a broken reference."""
    repo.write(base_tree())
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    repo.remove("actors/sergei-shoigu.yaml")  # shoigu-visits-beijing still cites it
    repo.write(
        {
            "events/2022/patrushev-nanping.yaml": event(
                "Patrushev meets Guo Shengkun in Nanping",
                "2022-09-19",
                summary=NANPING_SUMMARY.replace("Chinese official", "senior Chinese Communist Party official"),
                sources="""\
sources:
  - id: report
    title: A news report
    reliability: B
    credibility: 2
  - id: tass
    title: TASS, 19 September 2022
    reliability: C
    credibility: 3
""",
                extra="""\
                    actors: [nikolai-patrushev, guo-shengkun]
                    tags: [russia-china-relations, security-cooperation]
                    related:
                      - event: samarkand-summit-2022
                        relation: follows
                    """,
            ),
        }
    )
    repo.move("events/2021/moscow-talks.yaml", "events/2022/moscow-talks.yaml")
    repo.write({"events/2022/moscow-talks.yaml": event("Security talks in Moscow", "2022-10-03")})
    repo.move("events/2022/sco-summit.yaml", "events/2022/samarkand-summit-2022.yaml")
    repo.write(
        {
            "events/2022/samarkand-summit-2022.yaml": event(
                "SCO summit in Samarkand", "2022-09-15/2022-09-16", extra="redirect_from: [sco-summit]\n"
            ),
            "events/2022/xi-putin-video-call.yaml": event(
                "Xi and Putin hold a video call",
                "2022-12-30",
                extra="""\
                    status: draft
                    tags: [russia-china-relations]
                    """,
            ),
        }
    )
    repo.commit("feature")


GOLDEN_MARKDOWN = """\
## Content changes: `main` → `feature`

**1 event added, 1 renamed, 2 changed; 1 actor removed; 1 reference broken; content at feature has 1 error**

### Problems at feature

`briefing check` fails with 1 error:

- `content/events/2022/shoigu-visits-beijing.yaml:9:10: unknown actor 'sergei-shoigu'; \
add content/actors/sergei-shoigu.yaml`

### Events

**Added**

- `xi-putin-video-call` — Xi and Putin hold a video call (draft)

**Renamed**

- `sco-summit` → `samarkand-summit-2022` — SCO summit in Samarkand
  - `file`: `content/events/2022/sco-summit.yaml` → `content/events/2022/samarkand-summit-2022.yaml`

**Changed**

- `moscow-talks` — Security talks in Moscow
  - `date`: `2021-11-30` → `2022-10-03`
  - `file`: `content/events/2021/moscow-talks.yaml` → `content/events/2022/moscow-talks.yaml`
- `patrushev-nanping` — Patrushev meets Guo Shengkun in Nanping
  - `summary`: \\[Nikolai Patrushev\\](actor:nikolai-patrushev) met **senior** Chinese \
**Communist Party** official Guo Shengkun in …
  - `tags`: added `security-cooperation`
  - `sources`: added `tass [C3]: TASS, 19 September 2022`
  - `sources[report].grade`: `C2` → `B2`
  - `related`: added `samarkand-summit-2022 (follows)`

### Actors

**Removed**

- `sergei-shoigu` — Sergei Shoigu
  - ⚠ still referred to by event 'shoigu-visits-beijing'

### Timeline

| event | date | moves |
| --- | --- | --- |
| `moscow-talks` | 30 November 2021 → 3 October 2022 | November 2021 → October 2022; now after `patrushev-nanping` |

### Sources and grades

| event | source | change |
| --- | --- | --- |
| `patrushev-nanping` | `report` A news report | grade `C2` → `B2` |
| `patrushev-nanping` | `tass` TASS, 19 September 2022 | added, `C3` |
| `xi-putin-video-call` | `report` A news report | added, `C2` |

### References broken

- event `shoigu-visits-beijing` → actor `sergei-shoigu` (actors): removed

### References created

- event `patrushev-nanping` → event `samarkand-summit-2022`, tag `security-cooperation`
- event `xi-putin-video-call` → tag `russia-china-relations`
"""


def test_pull_request_reads_as_a_reviewer_expects(repo: Repo) -> None:
    feature_branch(repo)
    result = CliRunner().invoke(main, ["diff", "main", "feature"])

    assert result.exit_code == 0, result.output
    assert result.output == GOLDEN_MARKDOWN


def test_pull_request_as_json(repo: Repo) -> None:
    feature_branch(repo)
    output = CliRunner().invoke(main, ["diff", "main", "feature", "--format", "json"])
    data = json.loads(output.output)

    assert output.exit_code == 0
    assert list(data) == [
        "base", "head", "summary", "events", "actors", "tags", "briefings", "pages", "timeline", "sources",
        "references",
    ]  # fmt: skip
    assert (data["base"]["valid"], data["head"]["valid"]) == (True, False)
    assert data["head"]["errors"] == [
        "content/events/2022/shoigu-visits-beijing.yaml:9:10: unknown actor 'sergei-shoigu'; "
        "add content/actors/sergei-shoigu.yaml"
    ]
    assert data["events"]["renamed"] == [
        {
            "id": "samarkand-summit-2022",
            "old_id": "sco-summit",
            "title": "SCO summit in Samarkand",
            "path": "content/events/2022/samarkand-summit-2022.yaml",
            "old_path": "content/events/2022/sco-summit.yaml",
            "changes": [
                {
                    "field": "file",
                    "kind": "value",
                    "old": "content/events/2022/sco-summit.yaml",
                    "new": "content/events/2022/samarkand-summit-2022.yaml",
                }
            ],
            "notes": [],
        }
    ]
    assert [item["id"] for item in data["events"]["changed"]] == ["moscow-talks", "patrushev-nanping"]
    assert data["events"]["added"][0]["draft"] is True
    assert data["events"]["removed"] == []
    assert data["timeline"] == [
        {
            "event": "moscow-talks",
            "title": "Security talks in Moscow",
            "old_date": "2021-11-30",
            "new_date": "2022-10-03",
            "old_period": "November 2021",
            "new_period": "October 2022",
            "after": "patrushev-nanping",
            "before": "xi-putin-video-call",
        }
    ]
    assert data["references"]["broken"] == [
        {
            "from": {"kind": "event", "id": "shoigu-visits-beijing"},
            "to": {"kind": "actor", "id": "sergei-shoigu"},
            "field": "actors",
            "reason": "removed",
        }
    ]
    summary = data["events"]["changed"][1]["changes"][0]
    assert summary["words"] == [
        ["=", "[Nikolai Patrushev](actor:nikolai-patrushev) met"],
        ["+", "senior"],
        ["=", "Chinese"],
        ["+", "Communist Party"],
        ["=", "official Guo Shengkun in Nanping and called partnership with Beijing an unconditional priority."],
    ]
    # Deterministic: the same comparison gives the same bytes.
    again = CliRunner().invoke(main, ["diff", "main", "feature", "--format", "json"])
    assert again.output == output.output


def test_the_check_command_rejects_what_diff_reports_broken(repo: Repo) -> None:
    feature_branch(repo)
    result = CliRunner().invoke(main, ["check"])

    assert result.exit_code == 1
    assert "unknown actor 'sergei-shoigu'" in result.output


def test_added_and_removed(repo: Repo) -> None:
    repo.write(base_tree())
    repo.commit()
    repo.remove("events/2022/sco-summit.yaml")
    repo.write({"actors/xi-jinping.yaml": actor("Xi Jinping")})
    repo.commit()

    data = repo.diff("HEAD~1", "HEAD")
    assert data["summary"] == "1 event removed; 1 actor added; content at HEAD is valid"
    assert data["events"]["removed"] == [
        {
            "id": "sco-summit",
            "title": "SCO summit in Samarkand",
            "path": "content/events/2022/sco-summit.yaml",
            "notes": [],
        }
    ]
    assert data["actors"]["added"] == [
        {"id": "xi-jinping", "title": "Xi Jinping", "path": "content/actors/xi-jinping.yaml", "notes": []}
    ]


def test_every_kind_of_event_field_change(repo: Repo) -> None:
    repo.write(base_tree())
    repo.write(
        {
            "events/2022/sco-summit.yaml": event(
                "SCO summit in Samarkand",
                "2022-09-15/2022-09-16",
                extra="""\
                    body: Leaders met in Samarkand.
                    location: {name: Samarkand, country: UZ}
                    actors:
                      - actor: nikolai-patrushev
                        role: delegate
                    quotes:
                      - text: We met.
                        actor: nikolai-patrushev
                        source: report
                    confidence: moderate
                    """,
            )
        }
    )
    repo.commit()
    repo.write(
        {
            "events/2022/sco-summit.yaml": event(
                "SCO summit, Samarkand",
                "2022-09-15/2022-09-16",
                summary="The SCO summit in Samarkand.",
                sources="""\
sources:
  - id: report
    title: A news report, revised
    url: https://example.org/report
    reliability: C
    credibility: 2
""",
                extra="""\
                    location: {name: Samarkand, country: UZ, lat: 39.65, lon: 66.96}
                    actors:
                      - actor: nikolai-patrushev
                        role: head of delegation
                      - guo-shengkun
                    tags: [security-cooperation]
                    confidence: high
                    status: draft
                    updated: 2022-10-01
                    """,
            )
        }
    )
    repo.commit()

    [changed] = repo.diff("HEAD~1", "HEAD")["events"]["changed"]
    assert changed["changes"] == [
        {"field": "title", "kind": "value", "old": "SCO summit in Samarkand", "new": "SCO summit, Samarkand"},
        {
            "field": "summary",
            "kind": "text",
            "old": "SCO summit in Samarkand.",
            "new": "The SCO summit in Samarkand.",
            "words": [["+", "The"], ["=", "SCO summit in Samarkand."]],
        },
        {
            "field": "body",
            "kind": "text",
            "old": "Leaders met in Samarkand.",
            "new": None,
            "words": [["-", "Leaders met in Samarkand."]],
        },
        {"field": "location", "kind": "list", "added": ["Samarkand, UZ, 39.65, 66.96"], "removed": ["Samarkand, UZ"]},
        {"field": "actors", "kind": "list", "added": ["guo-shengkun"], "removed": []},
        {"field": "actors[nikolai-patrushev].role", "kind": "value", "old": "delegate", "new": "head of delegation"},
        {"field": "tags", "kind": "list", "added": ["security-cooperation"], "removed": []},
        {"field": "quotes", "kind": "list", "added": [], "removed": ["“We met.” (nikolai-patrushev, report)"]},
        {"field": "sources[report].title", "kind": "value", "old": "A news report", "new": "A news report, revised"},
        {"field": "sources[report].url", "kind": "value", "old": None, "new": "https://example.org/report"},
        {"field": "confidence", "kind": "value", "old": "moderate", "new": "high"},
        {"field": "status", "kind": "value", "old": "published", "new": "draft"},
        {"field": "updated", "kind": "value", "old": None, "new": "2022-10-01"},
    ]


def test_actor_tag_and_briefing_changes(repo: Repo) -> None:
    briefing = """\
        title: Russia and China
        summary: What changed.
        select: {tags: [russia-china-relations]}
        """
    repo.write({**base_tree(), "briefings/russia-china.yaml": briefing})
    repo.commit()
    repo.write(
        {
            "actors/guo-shengkun.yaml": actor(
                "Guo Shengkun",
                """\
                native_name: 郭声琨
                aliases: [Guo Sheng-kun]
                country: CN
                """,
            ),
            "tags.yaml": TAGS.replace("title: Security cooperation", "title: Security co-operation")
            + "cybersecurity:\n  title: Cybersecurity\n",
            "briefings/russia-china.yaml": briefing.replace(
                "{tags: [russia-china-relations]}", "{tags: [security-cooperation], exclude: [moscow-talks]}"
            ),
        }
    )
    repo.commit()

    data = repo.diff("HEAD~1", "HEAD")
    assert data["actors"]["changed"][0]["changes"] == [
        {"field": "native_name", "kind": "value", "old": None, "new": "郭声琨"},
        {"field": "aliases", "kind": "list", "added": ["Guo Sheng-kun"], "removed": []},
        {"field": "country", "kind": "value", "old": None, "new": "CN"},
    ]
    assert [t["id"] for t in data["tags"]["added"]] == ["cybersecurity"]
    assert data["tags"]["changed"][0]["changes"] == [
        {"field": "title", "kind": "value", "old": "Security cooperation", "new": "Security co-operation"}
    ]
    assert data["briefings"]["changed"][0]["changes"] == [
        {
            "field": "select.tags",
            "kind": "list",
            "added": ["security-cooperation"],
            "removed": ["russia-china-relations"],
        },
        {"field": "select.exclude", "kind": "list", "added": ["moscow-talks"], "removed": []},
        {
            "field": "selected events",
            "kind": "list",
            "added": [],
            "removed": ["patrushev-nanping: Patrushev meets Guo Shengkun in Nanping (19 September 2022)"],
        },
    ]


def test_a_file_moved_between_folders_is_the_same_item(repo: Repo) -> None:
    repo.write(base_tree())
    repo.commit()
    repo.move("events/2021/moscow-talks.yaml", "events/2022/moscow-talks.yaml")
    repo.commit()

    data = repo.diff("HEAD~1", "HEAD")
    assert data["summary"] == "1 event changed; content at HEAD is valid"
    assert data["events"]["changed"][0]["changes"] == [
        {
            "field": "file",
            "kind": "value",
            "old": "content/events/2021/moscow-talks.yaml",
            "new": "content/events/2022/moscow-talks.yaml",
        }
    ]
    assert data["timeline"] == []
    assert data["references"] == {"broken": [], "created": []}


def test_rename_with_references_updated_breaks_and_creates_nothing(repo: Repo) -> None:
    repo.write(
        {
            **base_tree(),
            "events/2022/patrushev-nanping.yaml": event(
                "Nanping meeting", "2022-09-19", extra="actors: [sergei-shoigu]\nrelated: [sco-summit]\n"
            ),
        }
    )
    repo.commit()
    repo.move("actors/sergei-shoigu.yaml", "actors/sergey-shoygu.yaml")
    repo.write(
        {
            "actors/sergey-shoygu.yaml": actor("Sergey Shoygu", "redirect_from: [sergei-shoigu]\n"),
            "events/2022/patrushev-nanping.yaml": event(
                "Nanping meeting", "2022-09-19", extra="actors: [sergey-shoygu]\nrelated: [sco-summit]\n"
            ),
            "events/2022/shoigu-visits-beijing.yaml": event(
                "Shoigu visits Beijing", "2022-04-27", extra="actors: [sergey-shoygu]\n"
            ),
        }
    )
    repo.commit()

    data = repo.diff("HEAD~1", "HEAD")
    assert data["summary"] == "2 events changed; 1 actor renamed; content at HEAD is valid"
    [renamed] = data["actors"]["renamed"]
    assert (renamed["old_id"], renamed["id"]) == ("sergei-shoigu", "sergey-shoygu")
    assert renamed["changes"][0] == {"field": "name", "kind": "value", "old": "Sergei Shoigu", "new": "Sergey Shoygu"}
    assert data["events"]["changed"][0]["changes"] == [
        {"field": "actors", "kind": "list", "added": ["sergey-shoygu"], "removed": ["sergei-shoigu"]}
    ]
    assert data["references"] == {"broken": [], "created": []}


def test_a_reference_to_a_renamed_id_is_broken_and_says_so(repo: Repo) -> None:
    repo.write(base_tree())
    repo.commit()
    repo.move("actors/sergei-shoigu.yaml", "actors/sergey-shoygu.yaml")
    repo.write({"actors/sergey-shoygu.yaml": actor("Sergei Shoigu", "redirect_from: [sergei-shoigu]\n")})
    repo.commit()

    data = repo.diff("HEAD~1", "HEAD")
    assert data["references"]["broken"] == [
        {
            "from": {"kind": "event", "id": "shoigu-visits-beijing"},
            "to": {"kind": "actor", "id": "sergei-shoigu"},
            "field": "actors",
            "reason": "renamed to 'sergey-shoygu'",
        }
    ]
    assert data["head"]["errors"] == [
        "content/events/2022/shoigu-visits-beijing.yaml:9:10: actor 'sergei-shoigu' was renamed to "
        "'sergey-shoygu'; write 'sergey-shoygu'"
    ]


def test_delete_and_add_with_the_same_title_hints_at_a_rename(repo: Repo) -> None:
    repo.write(base_tree())
    repo.commit()
    repo.move("events/2022/sco-summit.yaml", "events/2022/sco-summit-2022.yaml")
    repo.commit()

    data = repo.diff("HEAD~1", "HEAD")
    assert data["events"]["added"][0]["notes"] == [
        "same title as the removed event 'sco-summit': if this is a rename, add "
        "'redirect_from: [sco-summit]' so that its old page still leads here"
    ]
    assert [item["id"] for item in data["events"]["removed"]] == ["sco-summit"]


@pytest.mark.parametrize(
    ("old", "new", "moves"),
    [
        ("2022-09-19", "2022-09-20", False),  # same month, no event passed
        ("2022-09-19", "2022-09-19~", False),  # a qualifier moves nothing
        ("2022-09-19", "2022-09-10", True),  # passes the SCO summit on 15 September
        ("2022-09-19", "2022-10", True),  # another month
        ("2022-09-19", "2023", True),  # another year
    ],
)
def test_date_changes_and_the_timeline(repo: Repo, old: str, new: str, moves: bool) -> None:
    tree = base_tree()
    repo.write({**tree, "events/2022/patrushev-nanping.yaml": event("Nanping", old)})
    repo.commit()
    repo.write({"events/2022/patrushev-nanping.yaml": event("Nanping", new)})
    repo.commit()

    data = repo.diff("HEAD~1", "HEAD")
    assert data["events"]["changed"][0]["changes"] == [{"field": "date", "kind": "value", "old": old, "new": new}]
    assert [move["event"] for move in data["timeline"]] == (["patrushev-nanping"] if moves else [])


def test_date_move_in_markdown(repo: Repo) -> None:
    repo.write(base_tree())
    repo.commit()
    repo.write({"events/2022/sco-summit.yaml": event("SCO summit in Samarkand", "2022-10~")})
    repo.commit()

    report = markdown(diff_revisions(Path("content"), "HEAD~1", "HEAD"))
    assert (
        "| `sco-summit` | 15–16 September 2022 → c. October 2022 "
        "| September 2022 → October 2022; now after `patrushev-nanping` |" in report
    )


def test_sources_added_removed_and_regraded(repo: Repo) -> None:
    two = """\
sources:
  - id: report
    title: A news report
    reliability: C
    credibility: 2
  - id: blog
    title: A blog post
"""
    repo.write({**base_tree(), "events/2022/sco-summit.yaml": event("SCO summit", "2022-09-15", sources=two)})
    repo.commit()
    regraded = """\
sources:
  - id: report
    title: A news report
    reliability: B
  - id: tass
    title: TASS
    reliability: C
    credibility: 3
"""
    repo.write({"events/2022/sco-summit.yaml": event("SCO summit", "2022-09-15", sources=regraded)})
    repo.commit()

    data = repo.diff("HEAD~1", "HEAD")
    assert data["sources"] == [
        {
            "event": "sco-summit",
            "source": "report",
            "change": "grade",
            "title": "A news report",
            "old_grade": "C2",
            "new_grade": "B?",
        },
        {
            "event": "sco-summit",
            "source": "tass",
            "change": "added",
            "title": "TASS",
            "old_grade": None,
            "new_grade": "C3",
        },
        {
            "event": "sco-summit",
            "source": "blog",
            "change": "removed",
            "title": "A blog post",
            "old_grade": None,
            "new_grade": None,
        },
    ]
    report = markdown(diff_revisions(Path("content"), "HEAD~1", "HEAD"))
    assert "| `sco-summit` | `blog` A blog post | removed, ungraded |" in report


def test_working_tree_against_head(repo: Repo) -> None:
    repo.write(base_tree())
    repo.commit()
    repo.write(
        {
            "events/2022/sco-summit.yaml": event("SCO summit in Samarkand, Uzbekistan", "2022-09-15/2022-09-16"),
            "actors/xi-jinping.yaml": actor("Xi Jinping"),  # untracked: the working tree includes it
        }
    )

    result = CliRunner().invoke(main, ["diff", "HEAD", "--format", "json"])
    data = json.loads(result.output)
    assert result.exit_code == 0
    assert data["head"]["revision"] is None
    assert data["head"]["commit"] is None
    assert data["summary"] == "1 event changed; 1 actor added; content in the working tree is valid"
    assert repo.git("status", "--porcelain") != ""  # nothing was checked out or reset
    markdown = CliRunner().invoke(main, ["diff", "HEAD"]).output
    assert markdown.startswith("## Content changes: `HEAD` → working tree\n")


def test_a_revision_whose_yaml_does_not_parse(repo: Repo) -> None:
    repo.write(base_tree())
    repo.commit()
    repo.write({"events/2022/sco-summit.yaml": "title: [unclosed\n"})
    repo.commit("broken")
    repo.write({"events/2022/sco-summit.yaml": "title: [still unclosed\n"})
    repo.commit("still broken")

    data = repo.diff("HEAD~2", "HEAD~1")
    assert data["events"]["removed"] == []  # a file that does not parse is not a removal
    assert data["events"]["changed"] == [
        {
            "id": "sco-summit",
            "title": None,
            "path": "content/events/2022/sco-summit.yaml",
            "changes": [],
            "notes": ["does not validate at HEAD~1: fields not compared"],
        }
    ]
    assert data["head"]["valid"] is False
    assert data["head"]["errors"][0].startswith("content/events/2022/sco-summit.yaml:1:8: a value that starts with '['")
    # Broken on both sides, but changed: still reported.
    both = repo.diff("HEAD~1", "HEAD")
    assert both["events"]["changed"][0]["notes"] == ["does not validate at HEAD~1 and at HEAD: fields not compared"]
    # Broken on both sides and unchanged: nothing to report.
    assert repo.diff("HEAD", "HEAD")["summary"] == (
        "no changes to events, actors, tags, briefings or pages; "
        "content at HEAD has 1 error; content at HEAD has 1 error"
    )
    result = CliRunner().invoke(main, ["diff", "HEAD~2", "HEAD~1"])
    assert result.exit_code == 0
    assert "### Problems at HEAD~1\n\n`briefing check` fails with 1 error:" in result.output


def test_an_unreadable_tags_file_removes_no_tags(repo: Repo) -> None:
    repo.write(base_tree())
    repo.commit()
    repo.write({"tags.yaml": "security-cooperation: [\n"})
    repo.commit()

    data = repo.diff("HEAD~1", "HEAD")
    assert data["tags"] == {"added": [], "removed": [], "renamed": [], "changed": []}
    assert data["references"]["broken"] == []
    assert data["head"]["valid"] is False


def test_content_folder_absent_at_base(repo: Repo) -> None:
    (repo.root / "README").write_text("x\n", encoding="utf-8")
    repo.commit("before any content")
    repo.write(base_tree())
    repo.commit()

    data = repo.diff("HEAD~1", "HEAD")
    assert len(data["events"]["added"]) == 4
    assert data["base"]["errors"][0].startswith("content:1:1: the content folder does not exist at commit ")


def test_output_file(repo: Repo) -> None:
    repo.write(base_tree())
    repo.commit()
    result = CliRunner().invoke(main, ["diff", "HEAD", "HEAD", "-o", "summary.md"])

    assert (result.exit_code, result.output) == (0, "")
    assert (repo.root / "summary.md").read_text(encoding="utf-8") == (
        "## Content changes: `HEAD` → `HEAD`\n\n"
        "**no changes to events, actors, tags, briefings or pages; content at HEAD is valid**\n"
    )


def test_content_option_and_subfolder(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.write(base_tree())
    repo.commit()
    repo.remove("actors/guo-shengkun.yaml")
    monkeypatch.chdir(repo.root / "content" / "events")

    result = CliRunner().invoke(main, ["diff", "HEAD", "--content", "..", "--format", "json"])
    data = json.loads(result.output)
    assert [a["id"] for a in data["actors"]["removed"]] == ["guo-shengkun"]


@pytest.mark.parametrize("revision", ["no-such-branch", "HEAD:content", "HEAD~5", ""])
def test_a_bad_revision_is_a_usage_error(repo: Repo, revision: str) -> None:
    repo.write(base_tree())
    repo.commit()
    result = CliRunner().invoke(main, ["diff", revision])

    assert result.exit_code == 2
    assert f"'{revision}' is not a revision of the repository" in result.output
    assert not (repo.root / "x").exists()


def test_a_bad_head_revision_is_a_usage_error(repo: Repo) -> None:
    repo.write(base_tree())
    repo.commit()
    result = CliRunner().invoke(main, ["diff", "HEAD", "nope"])

    assert result.exit_code == 2


def test_not_a_git_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plain" / "content").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "plain")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = CliRunner().invoke(main, ["diff", "HEAD"])

    assert result.exit_code == 2
    assert "'content' is not in a git repository" in result.output


def test_word_diff() -> None:
    assert word_diff("a b c d", "a x c d e") == (("=", "a"), ("-", "b"), ("+", "x"), ("=", "c d"), ("+", "e"))
    assert word_diff("same\n  words", "same words") == (("=", "same words"),)


def test_markdown_neither_mentions_people_nor_links_issues(repo: Repo) -> None:
    repo.write(base_tree())
    repo.commit()
    repo.write(
        {
            "events/2022/shoigu-visits-beijing.yaml": event(
                "Shoigu visits Beijing, cc @org/team",
                "2022-04-27",
                summary="Shoigu met @everyone; see #123, org/repo#45 and GH-7.",
                extra="actors: [sergei-shoigu]\n",
            ),
            "actors/ann.yaml": actor('"@ann-smith and @Bob"'),
            "events/2022/new.yaml": event(
                "Fixes #9 for @octocat", "2022-05-01", sources="sources:\n  - id: s\n    title: 'Post by @alice #1'\n"
            ),
        }
    )
    repo.commit()

    report = markdown(diff_revisions(Path("content"), "HEAD~1", "HEAD"))
    assert "content at HEAD has" not in report
    outside_code = re.sub(r"`[^`\n]*`", "", report).replace("&#8203;", "\u200b")  # as GitHub reads it
    assert re.search(r"@\w|#\d|\bGH-\d", outside_code, re.IGNORECASE) is None, outside_code
    assert "Shoigu visits Beijing, cc @&#8203;org/team" in report
    assert "@&#8203;ann-smith and @&#8203;Bob" in report
    assert "Fixes \\#&#8203;9 for @&#8203;octocat" in report
    assert "Post by @&#8203;alice \\#&#8203;1" in report
    assert "@&#8203;everyone" in report and "\\#&#8203;123" in report and "GH&#8203;-7" in report
    data = repo.diff("HEAD~1", "HEAD")
    assert data["events"]["added"][0]["title"] == "Fixes #9 for @octocat"  # JSON is data: kept as written


_ENTRIES: dict[Any, Any] = {
    str: "x",
    Link: Link("Website", "https://example.org"),
    Related: Related("x"),
    Judgement: Judgement("A claim.", "low", ("x",)),
    Role: Role("Adviser"),
    ActorRelation: ActorRelation("x", "member-of"),
    Quote: Quote("Words.", ("x",), "s"),
    Location: Location("Somewhere"),
    Heading: Heading(2, "Part", "part"),
}
"""An entry for a list the sample content leaves empty everywhere."""


def _other(item: Any, name: str) -> Any:
    """A value of the same kind as the item's field that differs from it."""
    value = getattr(item, name)
    if isinstance(value, str):
        return value + "-x"
    if isinstance(value, tuple):
        entry = typing.get_args(typing.get_type_hints(type(item))[name])[0]
        return value[:-1] if value else (_ENTRIES[entry],)
    if isinstance(value, DateValue):
        return parse_date("1999-01-01", single=False)
    if isinstance(value, Selection):
        return dataclasses.replace(value, events=(*value.events, "x"))
    return "x"  # None, in an optional field


def test_every_model_field_is_compared_unless_it_is_excluded() -> None:
    """The comparison walks the model's own fields: a field added to an event, an actor, a
    tag, a briefing or a prose page shows in the diff without anyone listing it."""
    site = load_site(REPO / "content", root=REPO).site
    assert site is not None
    content = site.content
    items = [
        *content.events.values(),
        *content.actors.values(),
        *content.tags.values(),
        *content.briefings.values(),
        *content.pages.values(),
    ]
    unseen = []
    for item in items:
        for model_field in dataclasses.fields(item):
            if model_field.name in NOT_COMPARED:
                continue
            changed = dataclasses.replace(item, **{model_field.name: _other(item, model_field.name)})
            if not list(field_changes(item, changed, None)):
                unseen.append(f"{type(item).__name__} {item.id}: {model_field.name}")
    assert unseen == []


def test_a_revision_is_read_in_memory_with_the_problems_check_finds(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Links, files over the size limit, hidden and misplaced files at a commit give the
    problems `briefing check` gives on that checkout, and nothing is written anywhere."""
    repo.write(base_tree())
    repo.write({"events/2022/huge.yaml": b"# " + b"x" * (2 * 1024 * 1024) + b"\n", "notes.txt": "a note\n"})
    repo.write({"events/.draft.yaml": "not: content\n", "event/misplaced.yaml": "title: x\n"})
    (repo.root / "content" / "events" / "link.yaml").symlink_to("2022/sco-summit.yaml")
    repo.commit()
    checked = subprocess.run(
        [Path(sys.executable).parent / "briefing", "check"], cwd=repo.root, capture_output=True, text=True, check=False
    )
    spare = tmp_path / "spare-tmp"
    spare.mkdir()
    monkeypatch.setenv("TMPDIR", str(spare))
    tempfile.tempdir = None  # read TMPDIR again
    try:
        data = repo.diff("HEAD", "HEAD")
    finally:
        tempfile.tempdir = None
    assert sorted(data["head"]["errors"] + data["head"]["warnings"]) == sorted(checked.stdout.splitlines())
    assert any("symbolic link" in line for line in data["head"]["errors"])
    assert any("over the limit of 2 MiB" in line for line in data["head"]["errors"])
    assert list(spare.iterdir()) == []


ABOUT = """\
# About this briefing

This site follows how Russia and China described their security partnership.

## Sources

Written from a news report of 19 September 2022.
"""

SOURCING = """\
---
title: Sourcing and confidence
---
Every source carries two grades.

## Grades

Reliability A–F and credibility 1–6.
"""


def page_tree() -> dict[str, str | bytes]:
    return {
        "events/talks.yaml": event(
            "Talks", "2022-01-01", summary="Graded as [the method](page:methods/sourcing) says."
        ),
        "about.md": ABOUT,
        "methods/sourcing.md": SOURCING,
        "notes.md": "# Working notes\n\nTo be removed.\n",
    }


def edit_pages(repo: Repo) -> None:
    """A page retitled, its text and a heading edited; a page removed; a page added linking
    another the MkDocs way."""
    repo.write(page_tree())
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "pages")
    repo.remove("notes.md")
    repo.write(
        {
            "about.md": ABOUT.replace("# About this briefing", "# About")
            .replace("follows how", "follows how and why")
            .replace("## Sources", "## Our sources"),
            "team.md": "# Team\n\nSee [our sources](about.md#our-sources) and [grades](methods/sourcing.md#grades).\n",
        }
    )
    repo.commit("pages")


GOLDEN_PAGES_MARKDOWN = """\
## Content changes: `main` → `pages`

**1 page added, 1 removed, 1 changed; content at pages is valid**

### Pages

**Added**

- `team` — Team

**Removed**

- `notes` — Working notes

**Changed**

- `about` — About
  - `title`: `About this briefing` → `About`
  - `body`: This site follows how **and why** Russia and China described their security partnership. \\#\\# \
~~Sources~~ **Our sources** Written from a news …
  - `headings`: added `## Our sources (#our-sources)`; removed `## Sources (#sources)`

### References created

- page `team` → page `about`, page `methods/sourcing`
"""


def test_pages_added_removed_retitled_and_edited(repo: Repo) -> None:
    edit_pages(repo)
    result = CliRunner().invoke(main, ["diff", "main", "pages"])

    assert result.exit_code == 0, result.output
    assert result.output == GOLDEN_PAGES_MARKDOWN


def test_pages_as_json(repo: Repo) -> None:
    edit_pages(repo)
    data = repo.diff("main", "pages")

    assert data["summary"] == "1 page added, 1 removed, 1 changed; content at pages is valid"
    assert list(data)[3:8] == ["events", "actors", "tags", "briefings", "pages"]
    assert data["pages"]["added"] == [{"id": "team", "title": "Team", "path": "content/team.md", "notes": []}]
    assert data["pages"]["removed"] == [
        {"id": "notes", "title": "Working notes", "path": "content/notes.md", "notes": []}
    ]
    (about,) = data["pages"]["changed"]
    assert (about["id"], about["title"], about["path"]) == ("about", "About", "content/about.md")
    assert about["changes"] == [
        {"field": "title", "kind": "value", "old": "About this briefing", "new": "About"},
        {
            "field": "body",
            "kind": "text",
            "old": ABOUT.split("\n", 1)[1],
            "new": ABOUT.split("\n", 1)[1]
            .replace("follows how", "follows how and why")
            .replace("## Sources", "## Our sources"),
            "words": [
                ["=", "This site follows how"],
                ["+", "and why"],
                ["=", "Russia and China described their security partnership. ##"],
                ["-", "Sources"],
                ["+", "Our sources"],
                ["=", "Written from a news report of 19 September 2022."],
            ],
        },
        {
            "field": "headings",
            "kind": "list",
            "added": ["## Our sources (#our-sources)"],
            "removed": ["## Sources (#sources)"],
        },
    ]
    assert data["references"]["created"] == [
        {"from": {"kind": "page", "id": "team"}, "to": {"kind": "page", "id": "about"}, "field": "link in 'body'"},
        {
            "from": {"kind": "page", "id": "team"},
            "to": {"kind": "page", "id": "methods/sourcing"},
            "field": "link in 'body'",
        },
    ]


def test_a_removed_page_still_linked_is_a_broken_reference(repo: Repo) -> None:
    linking = "See [the methods](page:methods) and [sourcing](page:methods/sourcing#grades)."
    repo.write(
        {
            **page_tree(),
            "events/talks.yaml": event("Talks", "2022-01-01", summary=linking),
            "methods/index.md": "# Methods\n\nSee [sourcing](sourcing.md).\n",
        }
    )
    base = repo.commit()
    repo.remove("methods/sourcing.md", "methods/index.md")

    data = repo.diff(base)
    assert data["pages"]["removed"] == [
        {
            "id": f"methods/{name}",
            "title": title,
            "path": f"content/methods/{name}.md",
            "notes": ["still referred to by event 'talks'"],
        }
        for name, title in (("index", "Methods"), ("sourcing", "Sourcing and confidence"))
    ]
    assert data["references"]["broken"] == [
        {
            "from": {"kind": "event", "id": "talks"},
            "to": {"kind": "page", "id": f"methods/{name}"},
            "field": "link in 'summary'",
            "reason": "removed",
        }
        for name in ("index", "sourcing")
    ]
    assert [error.split(": ", 1)[1] for error in data["head"]["errors"]] == [
        "unknown page 'methods'; add methods.md to the content folder",
        "unknown page 'methods/sourcing'; add methods/sourcing.md to the content folder",
    ]


def test_a_moved_page_is_removed_and_added_with_a_hint(repo: Repo) -> None:
    repo.write(page_tree())
    base = repo.commit()
    repo.move("notes.md", "methods/notes.md")

    data = repo.diff(base)
    assert [page["id"] for page in data["pages"]["removed"]] == ["notes"]
    assert data["pages"]["added"][0]["notes"] == [
        "same title as the removed page 'notes': a page that moves keeps no redirect, so 'notes.html' is gone"
    ]


def test_a_page_that_does_not_validate_is_changed_not_removed(repo: Repo) -> None:
    repo.write(page_tree())
    base = repo.commit()
    repo.write({"about.md": "# About, to be written\n"})  # a title and no text
    unwritten = repo.commit()
    repo.write({"about.md": "---\ntitle: About\nText with no end to the front matter.\n"})
    unreadable = repo.commit()

    data = repo.diff(base, unwritten)
    assert data["pages"] == {
        "added": [],
        "removed": [],
        "renamed": [],
        "changed": [
            {
                "id": "about",
                "title": "About, to be written",
                "path": "content/about.md",
                "changes": [],
                "notes": [f"does not validate at {unwritten}: fields not compared"],
            }
        ],
    }
    assert data["head"]["errors"] == ["content/about.md:1:1: the page has no text; write its Markdown below"]
    both = repo.diff(unwritten, unreadable)["pages"]["changed"]
    assert [(page["id"], page["title"], page["notes"]) for page in both] == [
        ("about", None, [f"does not validate at {unwritten} and at {unreadable}: fields not compared"])
    ]
    assert repo.diff(unreadable, unreadable)["pages"]["changed"] == []  # unchanged: nothing to say
    assert repo.diff(unreadable, base)["references"] == {"broken": [], "created": []}


def test_quality_warnings_are_counted_per_rule_and_the_new_ones_listed(repo: Repo) -> None:
    graded = "sources:\n  - id: report\n    title: A news report\n    reliability: C\n    credibility: 2\n"
    repo.write({"events/talks.yaml": event("Talks", "2022-01-01", sources=graded)})
    base = repo.commit()
    repo.write({"events/talks.yaml": event("Talks", "2022-01-01", sources="sources:\n  - id: report\n    title: R\n")})
    text = markdown(diff_revisions(repo.root / "content", base))
    section = text.split("### Quality warnings\n")[1].split("\n### ")[0]
    assert f"| rule | `{base}` | working tree |" in section
    assert "| `ungraded-source` | 0 | 1 |" in section
    assert "New with this change:" in section
    assert "content/events/talks.yaml:5:5: warning: source 'report' has neither" in section


BRIEFING_OF_A_TAG = """\
title: Security in 2022
summary: What the security talks of 2022 add up to.
select:
  tags: [security-cooperation]
  from: 2022
  to: 2022
"""


def test_a_briefings_selection_changes_with_edits_elsewhere(repo: Repo) -> None:
    """A new event, a retagged event and a date moved out of the period change what a briefing
    includes without a line of the briefing changing; the diff says so, by event."""
    tagged = "tags: [security-cooperation]\n"
    repo.write(
        {
            "tags.yaml": TAGS,
            "briefings/security.yaml": BRIEFING_OF_A_TAG,
            "events/talks.yaml": event("Talks", "2022-03-01", extra=tagged),
            "events/visit.yaml": event("Visit", "2022-05-01", extra=tagged),
            "events/summit.yaml": event("Summit", "2022-06-01"),
        }
    )
    base = repo.commit()
    repo.write(
        {
            "events/talks.yaml": event("Talks", "2021-12-01", extra=tagged),  # out of the period
            "events/summit.yaml": event("Summit", "2022-06-01", extra=tagged),  # retagged in
            "events/drill.yaml": event("Drill", "2022-08-01", extra=tagged),  # new
        }
    )
    changed = repo.diff(base)
    (briefing,) = changed["briefings"]["changed"]
    assert briefing["id"] == "security"
    assert briefing["changes"] == [
        {
            "field": "selected events",
            "kind": "list",
            "added": ["summit: Summit (1 June 2022)", "drill: Drill (1 August 2022)"],
            "removed": ["talks: Talks (1 March 2022)"],
        }
    ]
    text = markdown(diff_revisions(repo.root / "content", base))
    assert "`selected events`: added `summit: Summit (1 June 2022)`, `drill: Drill (1 August 2022)`" in text


def test_a_renamed_event_stays_selected(repo: Repo) -> None:
    tagged = "tags: [security-cooperation]\n"
    repo.write(
        {
            "tags.yaml": TAGS,
            "briefings/security.yaml": BRIEFING_OF_A_TAG,
            "events/talks.yaml": event("Talks", "2022-03-01", extra=tagged),
        }
    )
    base = repo.commit()
    repo.move("events/talks.yaml", "events/security-talks.yaml")
    repo.write({"events/security-talks.yaml": event("Talks", "2022-03-01", extra=tagged + "redirect_from: [talks]\n")})
    assert repo.diff(base)["briefings"]["changed"] == []
