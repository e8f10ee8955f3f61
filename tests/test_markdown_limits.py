"""Bounded time and depth on any Markdown: `limits.markdown_limits`, validation and the renderer.

Python-Markdown takes super-linear time over some shapes (runs of `[`,
unclosed `](`, `<tag` openers, deep nesting, ...). Each is either within the
limits (and then renders in linear time) or reported by `check` at its
position with a hint, and never handed to Python-Markdown.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from conftest import MINIMAL_EVENT, CheckTree, Golden

from builder import markup
from builder.limits import MAX_NESTING, markdown_limits
from builder.links import link_targets
from builder.markup import render_markdown

GOLDEN = Path(__file__).parent / "cases" / "messages" / "markdown_limits.txt"


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: unit * (size // len(unit))


SHAPES: dict[str, Callable[[int], str]] = {
    "open-brackets": _repeat("["),
    "unclosed-parentheses": _repeat("[a]("),
    "image-openers": _repeat("!["),
    "tag-openers": _repeat("<a "),
    "tag-openers-quoted": _repeat("<a b='"),
    "nested-brackets": lambda size: "[" * (size // 2) + "]" * (size // 2),
    "self-referencing-footnotes": lambda size: "x [^1]\n\n[^1]: " + "[^1] " * (size // 5),
    "long-summary": _repeat("word *em* [l](https://x.org) `c` **b** _i_ &amp; \\* <b>x</b> "),
    "deep-list": lambda size: "".join("    " * (i % 40) + "- x\n" for i in range(size // 80)),
    "deep-quote": _repeat("> " * 30 + "x\n"),
    "backtick-runs": lambda size: "".join("`" * (k % 60 + 1) + "a" for k in range(size // 32)),
    "setext-headings": _repeat("a\n=\n"),
    "hash-headings": _repeat("# a\n"),
    "rules": _repeat("a\n***\n"),
    "unclosed-elements": _repeat("<div>a\n\n"),
    "hard-breaks": _repeat("a  \n"),
}


def _in_paragraphs(shape: Callable[[int], str], paragraph: int) -> Callable[[int], str]:
    """The shape cut into paragraphs of `paragraph` characters: each may be within the limits."""
    return lambda size: "\n\n".join([shape(paragraph)] * (size // paragraph))


def _build_work(text: str) -> None:
    """What a build does with a text: validate it, and render it when valid."""
    markup._RENDERED.clear()
    if not markdown_limits(text):
        link_targets(text)
        render_markdown(text, lambda kind, ident: None)


def _best_times(small: str, large: str) -> tuple[float, float]:
    """Best of five for each text, measured in turn so that a busy moment slows both alike;
    each measurement repeats the work until it is long enough to be above the clock's noise."""
    start = time.perf_counter()
    _build_work(small)
    repeat = max(1, int(0.02 / max(time.perf_counter() - start, 1e-6)))
    best = [float("inf"), float("inf")]
    for _ in range(5):
        for index, text in enumerate((small, large)):
            start = time.perf_counter()
            for _ in range(repeat):
                _build_work(text)
            best[index] = min(best[index], (time.perf_counter() - start) / repeat)
    return best[0], best[1]


CASES = list(SHAPES.items()) + [
    (f"{name}, in paragraphs of {size}", _in_paragraphs(shape, size))
    for name, shape in SHAPES.items()
    for size in (100, 1000)
]


NOISE = 0.001
"""A millisecond: below it, a text twice as long can cost more than twice as much for reasons
of memory caches, not of the algorithm (only texts refused by the limits are that quick)."""


def test_every_shape_builds_in_time_linear_in_its_length() -> None:
    """100 KB of each shape against 200 KB: twice the text, at most 2.5 times the work.

    On a busy machine a measurement can only come out slower than the work is, so a
    shape over the bound is measured again (up to three times): a quadratic one
    (ratio near 4) stays over it every time.
    """
    slow = {}
    for name, shape in CASES:
        small_text, large_text = shape(100_000), shape(200_000)
        for _attempt in range(3):
            small, large = _best_times(small_text, large_text)
            if large <= 2.5 * small + NOISE:
                slow.pop(name, None)
                break
            slow[name] = round(large / small, 2)
    assert not slow, f"work grows faster than the text: {slow}"


def test_nesting_beyond_the_limit_is_reported_where_it_starts() -> None:
    within = "".join("    " * level + "- x\n" for level in range(MAX_NESTING))
    assert markdown_limits(within) == []
    deeper = within + "    " * MAX_NESTING + "- x\n"
    [limit] = markdown_limits(deeper)
    assert limit.offset == len(within) + 4 * MAX_NESTING
    assert markdown_limits("> " * MAX_NESTING + "x") == []
    assert [limit.offset for limit in markdown_limits("> " * (MAX_NESTING + 1) + "x")] == [0]


def test_deep_nesting_never_reaches_python_markdown() -> None:
    """A draft is not validated: the renderer shows it as written instead of recursing."""
    text = "".join("    " * level + "- x\n" for level in range(250))
    html = str(render_markdown(text, lambda kind, ident: None))
    assert html.startswith("<p>- x") and "<li>" not in html


def test_ordinary_texts_are_within_the_limits() -> None:
    ordinary = [
        "A [link](https://x.org) and ![an image](https://x.org/i.png), *em*, `code [x`.",
        "Three unclosed [ brackets [ in [ a paragraph.",
        "> quoted\n>\n> - item\n>     - nested item [a](event:x)",
        "Note[^1] and again[^1].\n\n[^1]: The note.",
        '<abbr title="North Atlantic">NATO</abbr> ' * 50,
        "| a | b |\n| --- | --- |\n" + "| [x](https://x.org) | y |\n" * 2000,
        "- item\n" * 5000,
        "# Heading\nA paragraph right under it.\n## Another\nText.\n***\nMore text.",
        "<abbr>a</abbr> <br> <q>b</q> <br/> " * 400,
    ]
    for text in ordinary:
        assert markdown_limits(text) == [], text[:60]


def test_messages_are_pinned(golden: Golden) -> None:
    texts = {
        "open brackets": "Text " + "[" * 500,
        "nested brackets": "[" * 300 + "x" + "]" * 300,
        "unclosed destinations": "[a](" * 300,
        "tag openers": "<a " * 500,
        "footnote references": "x [^n]\n\n[^n]: " + "[^n] " * 30,
        "long paragraph": "word *em* " * 2500,
        "long plain paragraph": "word " * 50_000,
        "deep quote": "> " * 25 + "x",
        "backtick runs": " ".join("`" * length for length in range(1, 80)),
        "many paragraphs": "\n\n".join(["[" * 300] * 12),
        "headings in one paragraph": "Intro\n" + "Part\n----\n" * 100,
        "unclosed elements": "Text <ul>" + "<li>a</li><ul>" * 120,
    }
    lines = []
    for name, text in texts.items():
        for limit in markdown_limits(text):
            lines.append(f"{name} @{limit.offset}: {limit.message}")
    golden(GOLDEN, "".join(line + "\n" for line in lines))


def test_check_reports_a_limit_at_its_line_and_column(check_tree: CheckTree) -> None:
    """The first line of the body is line 12 of the minimal event; its text starts in column 3."""
    deep = "".join("  " + "    " * level + "- x\n" for level in range(MAX_NESTING + 1))
    body = "body: |\n  Fine [link](https://x.org).\n\n  " + "[" * 3000 + "\n\n" + deep
    assert check_tree({"events/patrushev-nanping.yaml": MINIMAL_EVENT + body}) == [
        "content/events/patrushev-nanping.yaml:15:3: 3000 unclosed '[' in one paragraph make it too slow to render; "
        "escape them as \\[ or close them",
        f"content/events/patrushev-nanping.yaml:{17 + MAX_NESTING}:{3 + 4 * MAX_NESTING}: lists and quotes are "
        f"nested {MAX_NESTING + 1} levels deep here, over the limit of {MAX_NESTING}; flatten the structure",
    ]
