"""Every link destination Python-Markdown itself parses in a text, for the texts whose links
the linear scan of `links` could read differently.

`links.link_targets` finds links with its own scan, which equals Python-Markdown's parse
on every text of the test suite, the sample and generated corpora, and on random
link-shaped texts wherever the scan is sure (`links.scan_is_sure`). Where a text mixes
link syntax with other link syntax, code spans, raw HTML or a table on one paragraph, the
order in which Python-Markdown applies its inline patterns decides what is a link; for
those texts, this module runs the same Python-Markdown, configured as the renderer is
(tables, footnotes), and collects what it makes: the `href` of each link, the `src` of
each image, and each reference definition, used or not. It is imported only then, so
`briefing check` on ordinary content never loads Python-Markdown.
"""

from __future__ import annotations

import html
import threading
from xml.etree import ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor

_REFERENCE_PROCESSORS = ("reference", "image_reference", "short_reference", "short_image_ref")
_FROM_REFERENCE = "data-from-reference"


class _Collector(Treeprocessor):
    """Runs after the inline patterns and the unescaping, as the renderer's link rewriter does."""

    def __init__(self, converter: markdown.Markdown) -> None:
        super().__init__(converter)
        self.found: list[tuple[bool, str]] = []

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.get(_FROM_REFERENCE) is not None:
                continue  # counted once, as its definition
            if element.tag == "a" and "footnote" not in element.get("class", ""):
                self.found.append((False, _as_read(element.get("href", ""))))
            elif element.tag == "img":
                self.found.append((True, _as_read(element.get("src", ""))))


def _as_read(value: str) -> str:
    """A destination as the browser will read it: Python-Markdown's escaped `&` restored and
    entities decoded."""
    return html.unescape(value.replace(markdown.util.AMP_SUBSTITUTE, "&"))


def _converter() -> tuple[markdown.Markdown, _Collector]:
    converter = markdown.Markdown(extensions=["tables", "footnotes"], output_format="html")
    collector = _Collector(converter)
    converter.treeprocessors.register(collector, "links-collector", -20)
    for name in _REFERENCE_PROCESSORS:
        _mark_references(converter.inlinePatterns[name])
    return converter, collector


def _mark_references(processor: object) -> None:
    """A link made from a reference definition is marked, so that it is counted once, as its
    definition (which validation judges where it is written)."""
    make_tag = processor.makeTag  # type: ignore[attr-defined]

    def marked(href: str, title: str, text: str) -> etree.Element:
        element: etree.Element = make_tag(href, title, text)
        element.set(_FROM_REFERENCE, "")
        return element

    processor.makeTag = marked  # type: ignore[attr-defined]


_THREAD = threading.local()


def parsed_links(text: str) -> list[tuple[bool, str]]:
    """(is_image, destination as read) of every link and image Python-Markdown makes of
    `text`, and of every reference definition, in document order, with repeats."""
    made = getattr(_THREAD, "converter", None)
    if made is None:
        made = _THREAD.converter = _converter()
    converter, collector = made
    collector.found = []
    try:
        converter.convert(text)
        definitions = [(False, _as_read(href)) for href, _title in converter.references.values()]
        return collector.found + definitions
    finally:
        converter.reset()


def escaped_characters() -> frozenset[str]:
    """The characters a backslash escapes, as this configuration of Python-Markdown has them."""
    return frozenset(_converter()[0].ESCAPED_CHARS)
