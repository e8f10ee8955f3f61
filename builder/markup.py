"""Curator Markdown to safe HTML.

Markdown fields are written by curators and reviewed by people, not by a
browser, so they are treated as untrusted. `render_markdown` turns Markdown
into HTML that is safe whatever the input: raw HTML is cut down to a few
inline elements, links are judged again on the parsed tree by
`links.check_link` (drafts and previews may skip validation), and the whole
result goes through nh3 (ammonia) with an allowlist of what Markdown itself
produces. A text over one of `limits.markdown_limits` is shown as escaped
plain paragraphs instead: the renderer never sees a shape it is slow on.
"""

from __future__ import annotations

import bisect
import hashlib
import html
import re
import threading
from collections.abc import Callable
from xml.etree import ElementTree as etree

import markdown
import nh3
from markdown import util as markdown_util
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from builder.ids import heading_anchor
from builder.limits import BLANK_LINE, markdown_limits
from builder.links import FoundLink, check_link, cross_reference, is_http_url, relative_page_link
from builder.memo import MEMOS, Memo
from builder.typography import typographic_html

__all__ = ["RAW_INLINE_TAGS", "render_markdown"]

# --------------------------------------------------------------------------
# render_markdown
# --------------------------------------------------------------------------

RAW_INLINE_TAGS = frozenset({"abbr", "br", "cite", "del", "ins", "kbd", "mark", "q", "s", "small", "sub", "sup"})
"""The only elements kept from raw HTML written by a curator (CONTENT-MODEL.md)."""

_RAW_ATTRIBUTES = {"abbr": {"title"}}
_REMOVED_WITH_CONTENT = {"script", "style"}

# No "img": a remote image is shown as a link to it (see _rewrite_image).
_MARKDOWN_INLINE_TAGS = RAW_INLINE_TAGS | {"a", "em", "strong", "code"}
_MARKDOWN_BLOCK_TAGS = frozenset(
    {"p", "pre", "blockquote", "ul", "ol", "li", "hr", "h2", "h3", "h4", "h5", "h6",
     "table", "thead", "tbody", "tr", "th", "td", "div"}
)  # fmt: skip
_MARKDOWN_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"style"},
    "td": {"style"},
    "sup": {"id"},  # footnote reference
    **{heading: {"id"} for heading in ("h2", "h3", "h4", "h5", "h6")},  # a prose page's anchors
    "li": {"id"},  # footnote
}
_MARKDOWN_CLASSES = {"div": {"footnote"}, "a": {"footnote-ref", "footnote-backref"}}
_MARKDOWN_ATTRIBUTE_VALUES = {"a": {"rel": {"noopener"}}}
_URL_SCHEMES = {"http", "https", "mailto"}

_LONE_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:[\s/][^<>]*)?>")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def render_markdown(
    text: str,
    resolve: Callable[[str, str], str | None],
    *,
    heading_level: int = 2,
    inline: bool = False,
    page_folder: str | None = None,
) -> Markup:
    """Curator Markdown as sanitised HTML, ready to put in a template.

    `resolve(kind, id)` gives the relative URL of a cross-referenced page, or
    None when it is not published: that link becomes its text. The highest
    heading written (`#` or `##`) becomes `<h{heading_level}>` (2 to 6) and the
    rest follow it, so the page outline stays in order.
    `inline=True`, for one-paragraph summaries, keeps only phrasing content:
    the `<p>` wrapper (and any other block element) goes, its text stays.
    `page_folder`, for a prose page's text (its folder inside the content): its
    headings get anchors (`ids.heading_anchor`) and its relative `.md` links
    become the `page:` cross-references they mean.

    The result is a function of the text, the options and what `resolve`
    answers, so it is kept (see `_RENDERED`): an event's summary is shown on
    a dozen list pages, and the live preview rebuilds every page on each
    save. A kept result is used only when `resolve`, asked the same
    questions in the same order, gives the same answers; `resolve` must
    therefore be a pure lookup.
    """
    if not 2 <= heading_level <= 6:
        raise ValueError(f"heading_level must be 2 to 6, not {heading_level}")
    key = (text, heading_level, inline, page_folder)
    kept = _RENDERED.get(key)
    if kept is not None:
        html_text, answers = kept
        if all(resolve(kind, ident) == url for kind, ident, url in answers):
            return Markup(html_text)
    if inline:
        # The block rendering cut down to phrasing content: sanitising only ever
        # removes, so this is what converting again and sanitising inline gives,
        # for one nh3 pass instead of a Markdown conversion.
        block = render_markdown(text, resolve, heading_level=heading_level, page_folder=page_folder)
        html_text = _sanitise_output(block, inline=True)
        answers = _RENDERED[(text, heading_level, False, page_folder)][1]
    elif markdown_limits(text):
        # Only a draft (validation reports these) gets here: shown as written,
        # never handed to Python-Markdown, so no text can stall a build.
        html_text, answers = _as_plain_paragraphs(text), ()
    else:
        html_text, answers = _converted(text, resolve, heading_level, page_folder)
    _RENDERED.keep(key, (html_text, answers))
    return Markup(html_text)


def _as_plain_paragraphs(text: str) -> str:
    """A text over a limit of `markdown_limits`, escaped and cut into paragraphs at blank lines."""
    paragraphs = (part.strip() for part in BLANK_LINE.split(text))
    return "\n".join(f"<p>{html.escape(part, quote=False)}</p>" for part in paragraphs if part)


def _converted(
    text: str, resolve: Callable[[str, str], str | None], heading_level: int, page_folder: str | None
) -> tuple[str, tuple[tuple[str, str, str | None], ...]]:
    """Markdown to sanitised block HTML, with every question put to `resolve` and its answer."""
    asked: list[tuple[str, str, str | None]] = []

    def recording(kind: str, ident: str) -> str | None:
        url = resolve(kind, ident)
        asked.append((kind, ident, url))
        return url

    converter, rewriter = _thread_converter()
    rewriter.resolve = recording
    rewriter.heading_level = heading_level
    rewriter.page_folder = page_folder
    try:
        sanitised = _sanitise_output(converter.convert(text), inline=False)
        html_text = _unique_footnote_ids(typographic_html(sanitised), text)
    except BaseException:
        # A conversion that raised part-way (a RecursionError deep in the block parser)
        # leaves the instance's state half-changed, and `reset()` does not restore all
        # of it: the next texts came out wrong (raw HTML escaped). Start a new one.
        _THREAD.converter = None
        raise
    finally:
        converter.reset()
        rewriter.resolve = _no_resolver
    return html_text, tuple(asked)


_RENDERED: Memo[tuple[str, int, bool, str | None], tuple[str, tuple[tuple[str, str, str | None], ...]]] = MEMOS.memo(
    200_000
)
"""Kept renderings: each text in block form, and each summary in inline form too."""
_THREAD = threading.local()


_FOOTNOTE_ID = re.compile(r'(id="|href="#)fn(ref)?:')


def _unique_footnote_ids(rendered: str, text: str) -> str:
    """Footnote ids named after the text they belong to.

    Python-Markdown numbers every text's footnotes from 1, so two bodies on
    one page (the single-file pack holds every event) would both define
    `fn:1`. A digest of the text keeps the ids the same from build to build.
    """
    if "fn:" not in rendered:
        return rendered
    digest = hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
    return _FOOTNOTE_ID.sub(lambda m: f"{m.group(1)}fn{m.group(2) or ''}-{digest}:", rendered)


def _no_resolver(kind: str, ident: str) -> str | None:  # pragma: no cover - only between calls
    raise RuntimeError("render_markdown's resolver is set for each call")


def _thread_converter() -> tuple[markdown.Markdown, _LinkAndHeadingRewriter]:
    """One Python-Markdown instance per thread, reset after every text.

    Building an instance (its extensions and pattern registries) costs more
    than converting a summary; `reset()` clears everything a text leaves
    behind (stashed HTML, references, footnotes).
    """
    made: tuple[markdown.Markdown, _LinkAndHeadingRewriter] | None = getattr(_THREAD, "converter", None)
    if made is None:
        made = _markdown_converter(_no_resolver, 2)
        _THREAD.converter = made
    return made


def _markdown_converter(
    resolve: Callable[[str, str], str | None], heading_level: int
) -> tuple[markdown.Markdown, _LinkAndHeadingRewriter]:
    """A Python-Markdown instance with our link rewriter and raw-HTML sanitiser.

    The raw-HTML sanitiser runs before the built-in `raw_html` postprocessor
    (priority 30) puts stashed HTML back; the link rewriter runs last among
    treeprocessors, after backslash escapes are undone, so it checks the
    destination exactly as it will be written out.
    """
    converter = markdown.Markdown(extensions=["tables", "footnotes"], output_format="html")
    rewriter = _LinkAndHeadingRewriter(converter, resolve, heading_level)
    converter.treeprocessors.register(rewriter, "briefing-links", -10)
    converter.postprocessors.register(_RawHtmlSanitiser(converter), "briefing-raw-html", 40)
    return converter, rewriter


def _sanitise_output(rendered: str, *, inline: bool) -> str:
    """Pass the whole output through nh3 with an allowlist of what Markdown produces.

    This is the backstop: whatever slipped through earlier steps, only these
    elements, attributes and URL schemes can reach a page.
    """
    tags = set(_MARKDOWN_INLINE_TAGS) if inline else set(_MARKDOWN_INLINE_TAGS | _MARKDOWN_BLOCK_TAGS)
    cleaned = nh3.clean(
        rendered,
        tags=tags,
        clean_content_tags=_REMOVED_WITH_CONTENT,
        attributes=_MARKDOWN_ATTRIBUTES,
        link_rel=None,
        url_schemes=_URL_SCHEMES,
        allowed_classes=_MARKDOWN_CLASSES,
        tag_attribute_values=_MARKDOWN_ATTRIBUTE_VALUES,
        filter_style_properties={"text-align"},
    )
    return cleaned.strip()


class _RawHtmlSanitiser(Postprocessor):
    """Postprocessor: cut raw HTML down to the inline allowlist before it is put back.

    Python-Markdown keeps raw HTML aside (`htmlStash.rawHtmlBlocks`) and
    substitutes it into the output at the end. Sanitising it there, apart
    from the HTML that Markdown made, is what lets a Markdown link survive
    while a hand-written `<a href>` does not.
    """

    def __init__(self, converter: markdown.Markdown) -> None:
        super().__init__(converter)
        self.converter = converter

    def run(self, text: str) -> str:
        stash = self.converter.htmlStash
        fragments = [self._as_text(fragment) for fragment in stash.rawHtmlBlocks]
        text = _drop_inline_script_content(text, fragments)
        sanitised = [_sanitise_raw_html(fragment) for fragment in fragments]
        stash.rawHtmlBlocks[:] = sanitised
        return _unwrap_emptied_blocks(text, sanitised)

    def _as_text(self, fragment: str | etree.Element) -> str:
        if isinstance(fragment, str):
            return fragment
        return str(self.converter.serializer(fragment))


_PARAGRAPH_OF_PLACEHOLDER = re.compile("<p>" + markdown_util.HTML_PLACEHOLDER % r"([0-9]+)" + "</p>")


def _unwrap_emptied_blocks(text: str, sanitised: list[str]) -> str:
    """Drop the `<p>` that `raw_html` would wrap around a block that sanitising emptied.

    A block such as `<script>…</script>` or `<iframe></iframe>` leaves
    nothing, and should leave no empty paragraph either. One pass over the
    text, however many blocks (a replace per block would be quadratic).
    """
    if all(fragment.strip() for fragment in sanitised):
        return text

    def unwrap(paragraph: re.Match[str]) -> str:
        index = int(paragraph.group(1))
        if index < len(sanitised) and not sanitised[index].strip():
            return ""
        return paragraph.group()

    return _PARAGRAPH_OF_PLACEHOLDER.sub(unwrap, text)


def _drop_inline_script_content(text: str, fragments: list[str]) -> str:
    """Remove what lies between an inline `<script>`/`<style>` and its end tag.

    Inline raw HTML is stashed tag by tag, so the script's text sits in the
    document between two placeholders. A script or style element is removed
    whole, as for block HTML; an unclosed one loses only its tag. Openers are
    paired with end tags in one pass, and the text is cut in one more.
    """
    openers: list[tuple[int, str]] = []
    closers: dict[str, list[int]] = {name: [] for name in _REMOVED_WITH_CONTENT}
    for index, fragment in enumerate(fragments):
        tag = _LONE_TAG.fullmatch(fragment)
        if tag is not None and tag.group(2).lower() in _REMOVED_WITH_CONTENT:
            if tag.group(1):
                closers[tag.group(2).lower()].append(index)
            else:
                openers.append((index, tag.group(2).lower()))
    pairs: dict[int, int] = {}
    covered = -1  # openers up to here are inside an element already removed
    for index, name in openers:
        if index <= covered:
            continue
        found = bisect.bisect_right(closers[name], index)
        if found < len(closers[name]):
            pairs[index] = covered = closers[name][found]
    if not pairs:
        return text
    kept: list[str] = []
    position = 0
    until: int | None = None  # inside a removed element: the placeholder index that ends it
    for placeholder in markdown_util.HTML_PLACEHOLDER_RE.finditer(text):
        index = int(placeholder.group(1))
        if until is None:
            if index in pairs:
                kept.append(text[position : placeholder.start()])
                until = pairs[index]
        elif index == until:
            until = None
            position = placeholder.end()
    if until is None:
        kept.append(text[position:])
    else:  # pragma: no cover - a pair's end placeholder is always in the text
        kept.append(text[position:])
    return "".join(kept)


def _placeholder(index: int) -> str:
    return str(markdown_util.HTML_PLACEHOLDER % index)


def _sanitise_raw_html(fragment: str) -> str:
    """One stashed piece of raw HTML, sanitised with the narrow inline allowlist.

    A lone tag (inline HTML is stashed one tag at a time) is sanitised on
    its own so the element's content, which is Markdown between the tags,
    is not lost; the final nh3 pass re-balances start and end tags.
    """
    tag = _LONE_TAG.fullmatch(fragment)
    if tag is None:
        # A block keeps its text; the newline Markdown stashed after it would
        # end up inside the paragraph that replaces it.
        cleaned = _clean_raw(fragment)
        return cleaned.strip() if fragment.startswith("<") else cleaned
    name = tag.group(2).lower()
    if name not in RAW_INLINE_TAGS:
        return ""
    if tag.group(1):
        return f"</{name}>"
    return _clean_raw(fragment).removesuffix(f"</{name}>")


def _clean_raw(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=set(RAW_INLINE_TAGS),
        clean_content_tags=_REMOVED_WITH_CONTENT,
        attributes=_RAW_ATTRIBUTES,
        link_rel=None,
    )


class _LinkAndHeadingRewriter(Treeprocessor):
    """Treeprocessor: enforce the link rules on Markdown-made links and shift headings.

    Links and images are judged by `check_link` on their destination as a
    browser would read it (entities decoded); one that is not allowed, or a
    cross-reference to an unpublished page, is replaced by its text.
    """

    def __init__(
        self, converter: markdown.Markdown, resolve: Callable[[str, str], str | None], heading_level: int
    ) -> None:
        super().__init__(converter)
        self.resolve = resolve
        self.heading_level = heading_level
        self.page_folder: str | None = None

    def run(self, root: etree.Element) -> None:
        # Document order, so `resolve` is asked in reading order. Unwrapping a
        # link moves its children up, so their parent is looked up afresh.
        self.parents = {child: parent for parent in root.iter() for child in parent}
        shift = self._heading_shift()
        anchors: set[str] = set()
        for element in list(self.parents):
            if element.tag == "a":
                self._rewrite_link(element)
            elif element.tag == "img":
                self._rewrite_image(element)
            elif element.tag in _HEADINGS:
                element.tag = f"h{min(6, int(element.tag[1]) + shift)}"
                if self.page_folder is not None:
                    element.set("id", heading_anchor(self._shown_text(element), anchors))

    def _shown_text(self, heading: etree.Element) -> str:
        """A heading's text as the reader sees it, raw HTML in it reduced to its text."""
        stash = self.md.htmlStash.rawHtmlBlocks

        def raw_text(match: re.Match[str]) -> str:
            index = int(match.group(1))
            return re.sub(r"<[^>]*>", "", str(stash[index])) if index < len(stash) else ""

        text = markdown_util.HTML_PLACEHOLDER_RE.sub(raw_text, "".join(heading.itertext()))
        return " ".join(html.unescape(text).split())

    def _heading_shift(self) -> int:
        """How far to move headings so the highest one a curator wrote, `#` or `##`,
        lands at `heading_level`: the page outline stays in order either way."""
        levels = [int(element.tag[1]) for element in self.parents if element.tag in _HEADINGS]
        return self.heading_level - min(levels) if levels else 0

    def _rewrite_link(self, link: etree.Element) -> None:
        target = _as_browser_reads_it(link.get("href", ""))
        if self.page_folder is not None:
            target = relative_page_link(target, self.page_folder) or target
        if check_link(FoundLink(target, is_image=False, line=0, column=0)) is not None:
            self._replace_with_content(link)
            return
        reference = cross_reference(target)
        if reference is not None:
            url = self.resolve(*reference)
            if url is None:
                self._replace_with_content(link)
            else:
                link.set("href", url)
        elif is_http_url(target):
            link.set("rel", "noopener")

    def _rewrite_image(self, image: etree.Element) -> None:
        """A remote image becomes a link to it: pages load nothing from another host,
        so they work offline and tell no third party who reads them."""
        source = _as_browser_reads_it(image.get("src", ""))
        alt = image.get("alt", "")
        if check_link(FoundLink(source, is_image=True, line=0, column=0)) is not None or self._inside_link(image):
            image.text = alt
            self._replace_with_content(image)
            return
        title = image.get("title")
        image.attrib.clear()
        image.tag = "a"
        image.set("href", source)
        image.set("rel", "noopener")
        if title:
            image.set("title", title)
        image.text = f"Image: {alt}" if alt else "Image"

    def _inside_link(self, element: etree.Element) -> bool:
        parent = self.parents.get(element)
        while parent is not None:
            if parent.tag == "a":
                return True
            parent = self.parents.get(parent)
        return False

    def _replace_with_content(self, element: etree.Element) -> None:
        parent = self.parents[element]
        for child in _replace_with_content(parent, element):
            self.parents[child] = parent


def _as_browser_reads_it(attribute: str) -> str:
    """An attribute value with entities decoded, as a browser would see it.

    The serializer keeps `&#106;`-style entities as written, and automatic
    e-mail links are entity-encoded, so the check must see the decoded text.
    """
    return html.unescape(attribute.replace(markdown_util.AMP_SUBSTITUTE, "&"))


def _replace_with_content(parent: etree.Element, element: etree.Element) -> list[etree.Element]:
    """Replace `element` by its text and children, keeping its tail; return the moved children."""
    index = list(parent).index(element)
    children = list(element)
    leading = element.text or ""
    trailing = element.tail or ""
    parent.remove(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    if not children:
        leading, trailing = leading + trailing, ""
    else:
        children[-1].tail = (children[-1].tail or "") + trailing
    if index == 0:
        parent.text = (parent.text or "") + leading
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + leading
    return children
