"""Clean messages (CONTENT-MODEL.md, "What an error looks like"; issue 10).

Escape sequences, bidi controls and line breaks reach messages through file
names, folder names, keys and values; each test writes them as real files in
tmp_path and runs the real `briefing` command, and the output it prints is
pinned in golden files under tests/cases/messages/ (rewrite them with
`pytest --update-golden` after a deliberate change, and read the diff).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import MINIMAL_ACTOR, MINIMAL_EVENT, Golden

from builder.errors import Problem, github_annotation, markdown_table, printable, problems_json

GOLDEN = Path(__file__).resolve().parent / "cases" / "messages"
BRIEFING = Path(sys.executable).parent / "briefing"
LINE = re.compile(r"^content/[^\n]*:\d+:\d+: ")
# What a terminal could act on, or what would break a line: never in our output.
DANGEROUS = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def briefing(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed command, as a curator runs it (no GitHub summary file)."""
    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    return subprocess.run(
        [str(BRIEFING), *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", env=environment, check=False
    )


def dangerous_characters(text: str) -> list[str]:
    return [f"U+{ord(c):04X}" for c in text if c != "\n" and unicodedata.category(c) in DANGEROUS]


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


TITLE_BAR = "\x1b]0;pwned\x07"  # sets a terminal's title
LINK = "\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07"  # a clickable link to another site

HOSTILE_TREE = {
    "actors/nikolai-patrushev.yaml": MINIMAL_ACTOR,
    "events/patrushev-nanping.yaml": MINIMAL_EVENT,
    # A folder name with an escape sequence, and one with a line break: the file itself is fine
    # but for a reference to an actor that does not exist.
    f"events/2022{TITLE_BAR}/a.yaml": MINIMAL_EVENT.replace("actor: nikolai-patrushev", "actor: nikolai-patrushv"),
    "events/one\ntwo\u2028three/b.yaml": MINIMAL_EVENT.replace("actor: nikolai-patrushev", "actor: nobody"),
    # A file name that is not an id, with a link sequence and a bidi override in it.
    f"actors/{LINK}\u202e.yaml": "name: X\nkind: person\n",
    # Keys and values echoed in messages, written as YAML escapes.
    "events/c.yaml": MINIMAL_EVENT
    + '"ti\\x1b[2Jtle": x\n'
    + 'updated: "2022\\e]0;x\\a"\n'
    + '"\\u202eevil\\u2066": x\n',
    "events/d.yaml": MINIMAL_EVENT.replace("credibility: 2", 'credibility: "\\x9b31m"')
    + 'location: {lat: "1\\r\\n2", lon: 3}\n',
}


def test_names_keys_and_values_are_escaped_in_every_output_form(tmp_path: Path, golden: Golden) -> None:
    write(tmp_path, HOSTILE_TREE)

    text = briefing("check", cwd=tmp_path)
    assert text.returncode == 1
    lines = text.stdout.splitlines()
    assert len(lines) == text.stdout.count("\n") == 8
    assert all(LINE.match(line) for line in lines), lines
    assert dangerous_characters(text.stdout) == []
    golden(GOLDEN / "hostile-check.txt", text.stdout)

    github = briefing("check", "--format", "github", cwd=tmp_path)
    assert github.returncode == 1 and len(github.stdout.splitlines()) == 8
    assert dangerous_characters(github.stdout) == []
    golden(GOLDEN / "hostile-check-github.txt", github.stdout)

    as_json = briefing("check", "--format", "json", cwd=tmp_path)
    assert as_json.returncode == 1 and dangerous_characters(as_json.stdout) == []
    document = json.loads(as_json.stdout)
    assert [f"{p['path']}:{p['line']}:{p['column']}: {p['message']}" for p in document["problems"]] == lines


def test_the_step_summary_and_json_of_a_problem_are_escaped_too() -> None:
    problem = Problem(f"content/events/{TITLE_BAR}/x.yaml", 1, 1, "unknown actor 'a\u2028b|c'")
    assert problem.path == "content/events/\\x1b]0;pwned\\x07/x.yaml"
    assert problem.message == "unknown actor 'a\\u2028b|c'"
    assert dangerous_characters(markdown_table([problem])) == []
    assert "a\\u2028b\\|c" in markdown_table([problem])
    assert dangerous_characters(problems_json([problem])) == []
    assert github_annotation(problem) == (
        "::error file=content/events/\\x1b]0;pwned\\x07/x.yaml,line=1,col=1,title=briefing check::"
        "unknown actor 'a\\u2028b|c'"
    )


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain text, – « » 郭声琨", "plain text, – « » 郭声琨"),
        ("\x1b[31m", "\\x1b[31m"),
        ("a\nb\rc\td", "a\\nb\\rc\\td"),
        ("\x00\x07\x7f\x85\x9b", "\\x00\\x07\\x7f\\x85\\x9b"),
        ("\u2028\u2029\x0b\x0c", "\\u2028\\u2029\\x0b\\x0c"),
        ("\u202e\u2066\u200b\u200d\ufeff\xad", "\\u202e\\u2066\\u200b\\u200d\\ufeff\\xad"),
        ("\U000e0001", "\\U000e0001"),
        ("\ud800", "\\ud800"),
        ("\xa0no-break", "\xa0no-break"),
    ],
    ids=["printable", "escape", "c-escapes", "c0-c1", "line-breaks", "format", "astral-format", "surrogate", "nbsp"],
)
def test_printable(raw: str, shown: str) -> None:
    assert printable(raw) == shown
    assert printable(raw).isprintable() or "\xa0" in raw


# --- characters that text may not hold -------------------------------------------------------------


def event_with(extra: str, *, title: str = "Patrushev meets Guo Shengkun in Nanping") -> str:
    return MINIMAL_EVENT.replace("Patrushev meets Guo Shengkun in Nanping", title, 1) + extra


CHARACTER_CASES = {
    # Written as YAML escapes: reported at the value.
    "escaped-esc": event_with('body: "a\\x1bb"\n'),
    "escaped-nul": event_with('body: "a\\0b"\n'),
    "escaped-bel": event_with('body: "a\\ab"\n'),
    "escaped-c1": event_with('body: "a\\x9bb"\n'),
    "escaped-nel": event_with('body: "a\\Nb"\n'),
    "escaped-del": event_with('body: "a\\x7f"\n'),
    "escaped-cr": event_with('body: "a\\rb"\n'),
    "escaped-noncharacter": event_with('body: "a\\uffffb"\n'),
    "escaped-astral-noncharacter": event_with('body: "a\\U0010fffeb"\n'),
    "in-a-quote": event_with('quotes:\n  - {text: "a\\x1b", actor: nikolai-patrushev, source: report}\n'),
    # Typed in the file: reported at the character itself.
    "typed-esc": event_with("body: |\n  first line\n  a\x1bb\n"),
    "typed-noncharacter": event_with("body: |\n  first line\n  ab\ufdd0\n"),
    "typed-astral-noncharacter": event_with("body: plain \U0001fffe text\n"),
    "typed-ufffe": event_with("body: x\ufffe\n"),
    # Bidirectional controls must be closed within the value.
    "bidi-unclosed-override": event_with("body: |\n  fine\n  a \u202eevil\n"),
    "bidi-unclosed-isolate": event_with("body: 'a \u2067b'\n"),
    "bidi-pdf-does-not-close-an-isolate": event_with("body: 'a \u2068b\u202c'\n"),
    "bidi-escaped": event_with('body: "\\u202bx"\n'),
    # One-line text: no line break of any kind.
    "title-u2028": event_with("", title='"Patrushev\\Lmeets Guo"'),
    "title-u2029-typed": event_with("", title='"Patrushev\u2029meets Guo"'),
    "title-cr": event_with("", title='"Patrushev\\rmeets Guo"'),
    "title-nel": event_with("", title='"Patrushev\\Nmeets Guo"'),
    "title-vt": event_with("", title='"Patrushev\\vmeets Guo"'),
    "title-ff": event_with("", title='"Patrushev\\fmeets Guo"'),
    "title-lf": event_with("", title='"Patrushev\\nmeets Guo"'),
    "source-title-esc": MINIMAL_EVENT.replace("title: News report, 19 September 2022", 'title: "News\\x1b"'),
}


def test_characters_text_may_not_hold_are_errors_at_their_place(tmp_path: Path, golden: Golden) -> None:
    files = {f"events/{name}.yaml": text for name, text in CHARACTER_CASES.items()}
    files["actors/nikolai-patrushev.yaml"] = MINIMAL_ACTOR + 'aliases: ["N. P.", "\\x1b[8m"]\n'
    write(tmp_path, files)
    result = briefing("check", cwd=tmp_path)
    assert result.returncode == 1
    assert dangerous_characters(result.stdout) == []
    assert all(LINE.match(line) for line in result.stdout.splitlines())
    golden(GOLDEN / "text-characters.txt", result.stdout)


ALLOWED = {
    "tab-and-lines": event_with('body: "a\\tb\\nc"\n'),
    "closed-override": event_with("body: 'a \u202eevil\u202c b'\n"),
    "closed-isolates": event_with("body: 'a \u2067b \u2066c\u2069 d\u2069 e'\n"),
    "isolate-closes-an-embedding-inside": event_with("body: 'a \u2068b \u202bc\u2069'\n"),
    "stray-closers": event_with("body: 'a \u202c b \u2069'\n"),
    "line-separator-in-a-body": event_with('body: "a\\Lb"\n'),
    "zero-width-joiner": event_with("body: 'a\u200db'\n", title="Patrushev\u00a0meets Guo"),
    "folded-title": event_with("", title=">\n  Patrushev meets\n  Guo in Nanping\n"),
}


def test_tabs_line_breaks_and_balanced_bidi_controls_are_fine(tmp_path: Path) -> None:
    write(tmp_path, {"actors/nikolai-patrushev.yaml": MINIMAL_ACTOR})
    write(tmp_path, {f"events/{name}.yaml": text for name, text in ALLOWED.items()})
    result = briefing("check", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "content OK: 8 events, 1 actor, 0 tags, 0 briefings\n")
