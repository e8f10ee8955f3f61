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
import html
import random
import sys
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as etree

import markdown
import yaml
from markdown.treeprocessors import Treeprocessor

REPO = Path(__file__).resolve().parent.parent
_REFERENCE_PROCESSORS = ("reference", "image_reference", "short_reference", "short_image_ref")
_FROM_REFERENCE = "data-from-reference"


class _Collector(Treeprocessor):
    """Runs after the inline patterns and the unescaping, as the builder's link rewriter does."""

    def __init__(self, converter: markdown.Markdown) -> None:
        super().__init__(converter)
        self.found: list[tuple[str, str]] = []

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.get(_FROM_REFERENCE) is not None:
                continue  # counted once, as its definition
            if element.tag == "a" and "footnote" not in element.get("class", ""):
                self.found.append(("link", _as_read(element.get("href", ""))))
            elif element.tag == "img":
                self.found.append(("image", _as_read(element.get("src", ""))))


def _as_read(value: str) -> str:
    return html.unescape(value.replace(markdown.util.AMP_SUBSTITUTE, "&"))


def _converter() -> tuple[markdown.Markdown, _Collector]:
    converter = markdown.Markdown(extensions=["tables", "footnotes"], output_format="html")
    collector = _Collector(converter)
    converter.treeprocessors.register(collector, "links-collector", -20)
    for name in _REFERENCE_PROCESSORS:
        processor = converter.inlinePatterns[name]
        make_tag = processor.makeTag

        def marked(href: str, title: str, text: str, make_tag=make_tag) -> etree.Element:  # type: ignore[no-untyped-def]
            element = make_tag(href, title, text)
            element.set(_FROM_REFERENCE, "")
            return element

        processor.makeTag = marked  # type: ignore[method-assign]
    return converter, collector


_CONVERTER = None


def rendered_links(text: str) -> Counter[tuple[str, str]]:
    """Every destination Python-Markdown parses in `text`, as (kind, target) with multiplicity."""
    global _CONVERTER
    if _CONVERTER is None:
        _CONVERTER = _converter()
    converter, collector = _CONVERTER
    collector.found = []
    try:
        converter.convert(text)
        definitions = [("link", _as_read(href)) for href, _title in converter.references.values()]
    finally:
        converter.reset()
    return Counter(collector.found + definitions)


def escaped_characters() -> set[str]:
    return set(_converter()[0].ESCAPED_CHARS)


def scanned_links(text: str) -> Counter[tuple[str, str]]:
    from builder.links import link_targets

    return Counter(("image" if is_image else "link", target) for _o, _l, is_image, target in link_targets(text))


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
