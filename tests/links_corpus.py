"""What the differential link test compares: Python-Markdown's own links, and the texts to compare on.

`rendered_links` runs the pinned Python-Markdown, configured as the builder
configures it (tables, footnotes), and collects every destination it parses:
the `href` of each link and the `src` of each image in its tree, and each
reference definition it records (used or not: validation checks them all).
`links.link_targets` must find exactly these, in the same form.

The corpora: every string constant in the test suite, the Markdown fields of
the sample content, a generated briefing corpus (bench/generate.py), and a
seeded random corpus of link-shaped fragments (`fuzz_texts`).
"""

from __future__ import annotations

import ast
import random
import sys
from collections import Counter
from pathlib import Path

import yaml

from builder import linkparse, links

REPO = Path(__file__).resolve().parent.parent


def rendered_links(text: str) -> Counter[tuple[str, str]]:
    """Every destination Python-Markdown parses in `text`, as (kind, target) with multiplicity."""
    return Counter(("image" if is_image else "link", target) for is_image, target in linkparse.parsed_links(text))


def escaped_characters() -> set[str]:
    return set(linkparse.escaped_characters())


def scanned_links(text: str) -> Counter[tuple[str, str]]:
    """What validation finds: the scan where it is sure, Python-Markdown's parse elsewhere."""
    return Counter(("image" if is_image else "link", target) for _o, _l, is_image, target in links.link_targets(text))


def scan_alone(text: str) -> Counter[tuple[str, str]]:
    """What the linear scan finds by itself, without the parse."""
    if "[" not in text and "<" not in text:
        return Counter()
    found = links._scanned_targets(text)
    return Counter(("image" if is_image else "link", target) for _o, _l, is_image, target in found)


# --------------------------------------------------------------------------
# Corpora
# --------------------------------------------------------------------------


def suite_texts() -> list[str]:
    """Every string constant in tests/*.py that could hold a link, as written."""
    texts = []
    for path in sorted((REPO / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and ("[" in node.value or "<" in node.value)
            ):
                texts.append(node.value)
    return texts


def content_texts() -> list[str]:
    texts = []
    for path in sorted((REPO / "content").rglob("*.yaml")):
        _strings(yaml.safe_load(path.read_text(encoding="utf-8")), texts)
    return texts


def _strings(value: object, into: list[str]) -> None:
    if isinstance(value, str):
        into.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, into)
    elif isinstance(value, list):
        for item in value:
            _strings(item, into)


def generated_texts(events: int = 60) -> list[str]:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import generate  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    corpus = generate.make_corpus(events, 1)
    texts = []
    for item in [*corpus.events, *corpus.actors]:
        texts += [item.summary or "", item.body or ""]
    return texts


_PIECES = [
    "[", "]", "(", ")", "![", "](", "<", ">", "\\", "`", "``", '"', "'", " ", "  ", "\n", "\n\n", "\t",
    "> ", "- ", "1. ", "    ", "[r]: ", "[^1]: ", "[^1]", "[r]", "[x][r]", "*", "_", "&amp;", "&#106;", "|",
    "javascript:x", "https://a.example/p", "mailto:a@b.c", "a@b.c", "<https://a.example>", "<vbscript://x>",
    "<div>", "</div>", "<p>", "</p>", "<!-- ", " -->", "<b>", "</b>", "event:x", "/events/x/", "#top",
    "[a](javascript:x)", "[a](https://a.example \"t\")", "[a](<x y>)", "![i](javascript:y)", "word", "text",
    "---", "| a | b |\n| --- | --- |\n", "    [c](javascript:z)", "> [q]: javascript:q", "\\[", "\\]", "\\(",
]  # fmt: skip


def fuzz_texts(count: int = 3000, seed: int = 10) -> list[str]:
    """Random link-shaped texts: the pieces above, 3 to 40 at a time, reproducibly."""
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(3, 40))) for _ in range(count)]
