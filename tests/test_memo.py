"""builder/memo.py: every answer the package keeps is in one place and let go in one call."""

from __future__ import annotations

import ast
from pathlib import Path

import builder
from builder import markup
from builder.dates import parse_date
from builder.fragments import date
from builder.memo import MEMOS, Memo
from builder.pipeline import load_site

REPO = Path(__file__).resolve().parent.parent


def test_a_memo_starts_again_past_its_limit() -> None:
    memo: Memo[str, int] = Memo(2)
    memo.keep("a", 1)
    memo.keep("b", 2)
    assert memo.keep("c", 3) == 3
    assert dict(memo) == {"c": 3}


def test_one_clear_lets_go_of_every_answer_kept() -> None:
    load_site(REPO / "content", root=REPO)
    markup.render_markdown("Some *text*.", lambda kind, ident: None)
    date(parse_date("2022-09-19", single=True))
    assert markup._RENDERED and date.cache_info().currsize  # type: ignore[attr-defined]
    MEMOS.clear()
    assert not markup._RENDERED and date.cache_info().currsize == 0  # type: ignore[attr-defined]
    assert all(not memo for memo in MEMOS._memos)


def test_no_module_keeps_answers_outside_the_memos() -> None:
    """A module-level cache made by hand, or by functools, would escape `MEMOS.clear()`."""
    package = Path(builder.__file__).parent
    found = []
    for path in sorted(package.rglob("*.py")):
        if path.name == "memo.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("cache", "lru_cache"):
                found.append(f"{path.relative_to(package)}:{node.lineno}")
    assert found == []
