"""Tests for builder.markup: safe Markdown rendering."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from builder.links import FoundLink, check_link
from builder.markup import render_markdown
from builder.typography import typographic_html

PUBLISHED = {("event", "putin-xi-samarkand"), ("actor", "xi"), ("event", "x")}


def resolve(kind: str, identifier: str) -> str | None:
    """Published pages live two folders up from the page being rendered; drafts are not published."""
    if (kind, identifier) in PUBLISHED:
        return f"../../{kind}s/{identifier}/"
    return None


def render(text: str, **options: object) -> str:
    return str(render_markdown(text, resolve, **options))  # type: ignore[arg-type]


# --------------------------------------------------------------------------
# Hostile content: nothing dangerous reaches the output, whatever the spelling
# --------------------------------------------------------------------------

ALLOWED_TAGS = {
    "p", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "img", "br", "div",
    "abbr", "cite", "del", "ins", "kbd", "mark", "q", "s", "small", "sub", "sup",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel", "class"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "th": {"style"},
    "td": {"style"},
    "sup": {"id"},
    "li": {"id"},
    "div": {"class"},
}


class _TagCollector(HTMLParser):
    """Every start tag with its attributes, entities decoded as a browser would."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def assert_harmless(output: str) -> None:
    """Only allowlisted elements and attributes, and every URL one the link rules allow."""
    collector = _TagCollector()
    collector.feed(output)
    collector.close()
    for tag, attributes in collector.tags:
        assert tag in ALLOWED_TAGS, f"<{tag}> in {output!r}"
        for name, value in attributes:
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()), f"{tag}[{name}] in {output!r}"
            if name in ("href", "src"):
                assert value is not None
                relative = value.startswith("../")
                assert relative or check_link(FoundLink(value, name == "src", 0, 0)) is None, output
    lowered = output.lower()
    for dangerous in ("<script", "<iframe", "<style", "<svg", "<math", "<object", "<embed", "<form", "<base"):
        assert dangerous not in lowered, output
    for scheme in ("javascript:", "vbscript:", "data:"):
        assert f'="{scheme}' not in lowered and f"='{scheme}" not in lowered, output


HOSTILE = [
    ("script-block", "<script>alert(1)</script>", ""),
    ("script-upper", "<SCRIPT>alert(1)</SCRIPT>", ""),
    ("script-inline", "a <script>alert(1)</script> b", "<p>a  b</p>"),
    ("script-inline-mixed-case", "a <ScRiPt >alert(1)</sCrIpT> b", "<p>a  b</p>"),
    ("script-split", "x <scr<script>ipt>alert(1)</script>", "<p>x &lt;scr</p>"),
    ("script-nested-angle", "<<script>script>alert(1)<</script>/script>", "<p>&lt;/script&gt;</p>"),
    ("script-src", '<script src="https://evil.example/x.js"></script>', ""),
    ("iframe", '<iframe src="https://evil.example"></iframe>', ""),
    ("iframe-inline", 'see <iframe src="javascript:alert(1)">t</iframe>', "<p>see t</p>"),
    ("style-block", "<style>body{display:none}</style>", ""),
    ("style-inline", "text <style>p{color:red}</style> more", "<p>text  more</p>"),
    ("img-onerror", "a <img src=x onerror=alert(1)> b", "<p>a  b</p>"),
    ("img-raw-https", '<img src="https://x.org/a.png">', ""),
    ("a-javascript-raw", '<a href="javascript:alert(1)">hi</a>', "<p>hi</p>"),
    ("a-https-raw", '<a href="https://ok.example">raw</a>', "<p>raw</p>"),
    ("link-javascript", "[x](javascript:alert(1))", "<p>x</p>"),
    ("link-javascript-mixed-case", "[x](JaVaScRiPt:alert(1))", "<p>x</p>"),
    ("link-javascript-entity-inside", "[x](java&#115;cript:alert(1))", "<p>x</p>"),
    ("link-javascript-entity-first", "[x](&#106;avascript:alert(1))", "<p>x</p>"),
    ("link-javascript-entity-no-semicolon", "[x](&#0000106&#0000097vascript:alert(1))", "<p>x</p>"),
    ("link-javascript-entity-tab", "[x](javas&#x09;cript:alert(1))", "<p>x</p>"),
    ("link-javascript-tab", "[x](java\tscript:alert(1))", "<p>x</p>"),
    ("link-javascript-newline", "[x](java\nscript:alert(1))", "<p>x</p>"),
    ("link-javascript-leading-space", "[x](  javascript:alert(1)  )", "<p>x</p>"),
    ("link-javascript-angle", "[x](<javascript:alert(1)>)", "<p>x</p>"),
    ("link-javascript-title", '[x](javascript:alert(1) "t")', "<p>x</p>"),
    ("link-javascript-reference", "[x][r]\n\n[r]: javascript:alert(1)", "<p>x</p>"),
    ("link-data", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "<p>x</p>"),
    ("link-vbscript", "[x](vbscript:msgbox(1))", "<p>x</p>"),
    ("link-protocol-relative", "[x](//evil.example/)", "<p>x</p>"),
    ("link-attribute-breakout", '[x](https://x.org/"onmouseover="alert(1))', "<p>x)</p>"),
    ("link-crossref-breakout", '[x](event:x" onclick="alert(1))', "<p>x)</p>"),
    ("autolink-breakout", '<https://x.org/" onmouseover="alert(1)>', '<p>https://x.org/" onmouseover="alert(1)</p>'),
    ("image-data", "![x](data:image/png;base64,iVBORw0KGgo=)", "<p>x</p>"),
    ("image-javascript", "![x](javascript:alert(1))", "<p>x</p>"),
    ("image-crossref", "![x](event:x)", "<p>x</p>"),
    ("svg-onload", "<svg onload=alert(1)>s</svg>", "<p>s</p>"),
    ("svg-style-img", "<svg><style><img src=x onerror=alert(1)></style></svg>", "<p></p>"),
    ("math", "<math><mi>x</mi></math>", ""),
    ("noscript-mutation", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', '<p>&lt;p title=""&gt;</p>'),
    ("abbr-onclick", '<abbr title="x" onclick="alert(1)">NATO</abbr>', '<p><abbr title="x">NATO</abbr></p>'),
    ("q-style", '<q style="background:url(javascript:alert(1))">q</q>', "<p><q>q</q></p>"),
    ("q-cite", '<q cite="javascript:alert(1)">q</q>', "<p><q>q</q></p>"),
    ("sup-id-clobbering", '<sup id="fn:1" class="footnote-ref">x</sup>', "<p><sup>x</sup></p>"),
    ("div-footnote-class", '<div class="footnote">x</div>', "<p>x</p>"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', ""),
    ("base-href", '<base href="https://evil.example/">', ""),
    ("form", '<form action="https://evil.example"><input name=x></form>', ""),
    ("object-embed", '<object data="x.swf"></object><embed src=x>', ""),
    ("comment", "<!-- <script>alert(1)</script> -->\n\ntext", "<p>text</p>"),
    ("escaped-text", "&lt;script&gt;alert(1)&lt;/script&gt;", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ("jinja", "{{ config }} {% include 'x' %}", "<p>{{ config }} {% include 'x' %}</p>"),
    (
        "snippet-include",
        '--8<-- "file"\n\n--8<--\nfile.md\n--8<--',
        '<p>--8&lt;-- "file"</p>\n<p>--8&lt;--\nfile.md\n--8&lt;--</p>',
    ),
]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in HOSTILE], ids=[case[0] for case in HOSTILE])
def test_hostile_content_is_neutralised(text: str, expected: str) -> None:
    output = render(text)
    assert_harmless(output)
    assert output == typographic_html(expected)  # what is left is text, with typographic quotes


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in HOSTILE], ids=[case[0] for case in HOSTILE])
def test_hostile_content_is_neutralised_inline(text: str, expected: str) -> None:
    assert_harmless(render(text, inline=True))


# --------------------------------------------------------------------------
# Normal content: exact output
# --------------------------------------------------------------------------

NORMAL = [
    ("paragraph", "Plain text.", "<p>Plain text.</p>"),
    ("emphasis", "One *two* **three** `four`.", "<p>One <em>two</em> <strong>three</strong> <code>four</code>.</p>"),
    ("special-characters", "a & b < c > d", "<p>a &amp; b &lt; c &gt; d</p>"),
    ("list", "- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
    ("ordered-list", "1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
    ("blockquote-and-rule", "> quoted\n\n---", "<blockquote>\n<p>quoted</p>\n</blockquote>\n<hr>"),
    ("code-block", "    <b>[x](javascript:y)</b>", "<pre><code>&lt;b&gt;[x](javascript:y)&lt;/b&gt;\n</code></pre>"),
    (
        "table",
        "| a | b |\n|:--|--:|\n| 1 | 2 |",
        '<table>\n<thead>\n<tr>\n<th style="text-align:left">a</th>\n<th style="text-align:right">b</th>\n</tr>\n'
        '</thead>\n<tbody>\n<tr>\n<td style="text-align:left">1</td>\n<td style="text-align:right">2</td>\n</tr>\n'
        "</tbody>\n</table>",
    ),
    (
        "footnote",
        "Text[^n].\n\n[^n]: The note.",
        '<p>Text<sup id="fnref-023c54fd:n"><a class="footnote-ref" href="#fn-023c54fd:n">1</a></sup>.</p>\n'
        '<div class="footnote">\n<hr>\n<ol>\n<li id="fn-023c54fd:n">\n<p>The note.&nbsp;'
        '<a class="footnote-backref" href="#fnref-023c54fd:n" '
        'title="Jump back to footnote 1 in the text">\u21a9</a></p>\n'
        "</li>\n</ol>\n</div>",
    ),
    ("external-link", "[c](https://x.org/c)", '<p><a href="https://x.org/c" rel="noopener">c</a></p>'),
    ("external-link-title", '[c](HTTP://x.org "T")', '<p><a href="HTTP://x.org" rel="noopener" title="T">c</a></p>'),
    (
        "autolink",
        "<https://x.org/a?b=1&c=2>",
        '<p><a href="https://x.org/a?b=1&amp;c=2" rel="noopener">https://x.org/a?b=1&amp;c=2</a></p>',
    ),
    ("anchor", "[part](#part-two)", '<p><a href="#part-two">part</a></p>'),
    ("mailto", "[mail](mailto:desk@x.org)", '<p><a href="mailto:desk@x.org">mail</a></p>'),
    ("automail", "<desk@x.org>", '<p><a href="mailto:desk@x.org">desk@x.org</a></p>'),
    ("reference-link", "[a][r]\n\n[r]: https://x.org/r", '<p><a href="https://x.org/r" rel="noopener">a</a></p>'),
    (
        "image-becomes-a-link",
        '![Map](https://x.org/map.png "Map")',
        '<p><a href="https://x.org/map.png" rel="noopener" title="Map">Image: Map</a></p>',
    ),
    ("image-relative-as-alt-text", "![Map](map.png)", "<p>Map</p>"),
    (
        "linked-image",
        "[![i](https://x.org/i.png)](event:x)",
        '<p><a href="../../events/x/">i</a></p>',
    ),
    (
        "cross-reference",
        "[Samarkand](event:putin-xi-samarkand)",
        '<p><a href="../../events/putin-xi-samarkand/">Samarkand</a></p>',
    ),
    ("cross-reference-unpublished", "See [the *draft*](event:draft-x) now.", "<p>See the <em>draft</em> now.</p>"),
    ("cross-reference-invalid-id", "See [bad](event:Bad_Id).", "<p>See bad.</p>"),
    ("root-relative-as-text", "See [x](/events/x/).", "<p>See x.</p>"),
    ("relative-as-text", "See [x](page.html).", "<p>See x.</p>"),
    ("headings-shifted", "# T\n\n## P\n\n##### D\n\n###### E", "<h2>T</h2>\n<h3>P</h3>\n<h6>D</h6>\n<h6>E</h6>"),
    ("setext-heading", "Title\n=====", "<h2>Title</h2>"),
    ("highest-written-heading-is-the-section", "## P\n\n### Q", "<h2>P</h2>\n<h3>Q</h3>"),
    (
        "allowed-inline-raw-html",
        "H<sub>2</sub>O <del>old</del> <ins>new</ins> <mark>m</mark> <s>s</s> <small>s</small> <cite>c</cite> "
        '<q>q</q> <kbd>k</kbd> <sup>2</sup> a<br>b <abbr title="North Atlantic Treaty Organization">NATO</abbr>',
        "<p>H<sub>2</sub>O <del>old</del> <ins>new</ins> <mark>m</mark> <s>s</s> <small>s</small> <cite>c</cite> "
        '<q>q</q> <kbd>k</kbd> <sup>2</sup> a<br>b <abbr title="North Atlantic Treaty Organization">NATO</abbr></p>',
    ),
    (
        "allowed-raw-in-markdown",
        "*<kbd>C</kbd>* [<q>x</q>](event:x)",
        '<p><em><kbd>C</kbd></em> <a href="../../events/x/"><q>x</q></a></p>',
    ),
    (
        "disallowed-inline-raw-text-kept",
        '<span class="x">kept</span> <b>bold</b> <font color=red>f</font>',
        "<p>kept bold f</p>",
    ),
    ("disallowed-block-raw-text-kept", '<div class="a">\nblock <em>text</em> *raw*\n</div>', "<p>block text *raw*</p>"),
    ("raw-heading-text-kept", "<h1>Raw heading</h1>", "<p>Raw heading</p>"),
]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in NORMAL], ids=[case[0] for case in NORMAL])
def test_render_exact_output(text: str, expected: str) -> None:
    output = render(text)
    assert output == expected
    assert_harmless(output)


def test_footnote_ids_differ_between_texts_and_stay_the_same_between_builds() -> None:
    first = render("One.[^1]\n\n[^1]: A.")
    second = render("Two.[^1]\n\n[^1]: B.")
    ids = set(re.findall(r'id="([^"]+)"', first)) | set(re.findall(r'id="([^"]+)"', second))
    assert len(ids) == 4
    assert render("One.[^1]\n\n[^1]: A.") == first


@pytest.mark.parametrize(
    ("heading_level", "expected"),
    [
        (2, "<h2>A</h2>\n<h3>B</h3>\n<h4>C</h4>"),
        (3, "<h3>A</h3>\n<h4>B</h4>\n<h5>C</h5>"),
        (5, "<h5>A</h5>\n<h6>B</h6>\n<h6>C</h6>"),
        (6, "<h6>A</h6>\n<h6>B</h6>\n<h6>C</h6>"),
    ],
    ids=["level-2", "level-3", "level-5-capped", "level-6-capped"],
)
def test_heading_level_shifts_and_caps(heading_level: int, expected: str) -> None:
    assert render("# A\n\n## B\n\n### C", heading_level=heading_level) == expected


@pytest.mark.parametrize("heading_level", [0, 1, 7], ids=["zero", "h1-is-the-page-title", "beyond-h6"])
def test_heading_level_out_of_range_is_a_programming_error(heading_level: int) -> None:
    with pytest.raises(ValueError, match="heading_level"):
        render("# A", heading_level=heading_level)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A *summary* with [a link](actor:xi).", 'A <em>summary</em> with <a href="../../actors/xi/">a link</a>.'),
        ("A [draft](actor:draft) link.", "A draft link."),
        ('<abbr title="x">X</abbr> <div>d</div>', '<abbr title="x">X</abbr> d'),
        ("Para one.\n\nPara two.", "Para one.\nPara two."),
        ("# Heading", "Heading"),
        ("", ""),
    ],
    ids=[
        "paragraph-unwrapped",
        "unpublished-link",
        "raw-html",
        "two-paragraphs-flattened",
        "heading-flattened",
        "empty",
    ],
)
def test_inline_mode_returns_phrasing_content(text: str, expected: str) -> None:
    assert render(text, inline=True) == expected


def test_render_returns_markup_so_templates_do_not_escape_it_again() -> None:
    output = render_markdown("*x*", resolve)
    assert output.__html__() == "<p><em>x</em></p>"


def test_resolve_is_asked_for_each_cross_reference() -> None:
    asked: list[tuple[str, str]] = []

    def recording(kind: str, identifier: str) -> str | None:
        asked.append((kind, identifier))
        return f"../{identifier}/"

    output = str(
        render_markdown("[a](event:one) [b](actor:two) [c](tag:t) [d](briefing:b) [e](https://x.org)", recording)
    )
    assert asked == [("event", "one"), ("actor", "two"), ("tag", "t"), ("briefing", "b")]
    assert output == (
        '<p><a href="../one/">a</a> <a href="../two/">b</a> <a href="../t/">c</a> <a href="../b/">d</a> '
        '<a href="https://x.org" rel="noopener">e</a></p>'
    )


def test_rendering_is_deterministic_and_stateless() -> None:
    text = 'A[^1] [x](event:x) <abbr title="t">T</abbr>\n\n[^1]: note\n\n| a |\n|---|\n| b |'
    first = render(text)
    render("[^1]\n\n[^1]: another document's footnote <script>x</script>")
    assert render(text) == first


def test_a_kept_rendering_is_used_only_when_resolve_answers_the_same() -> None:
    text = "See [the summit](event:summit) and [Xi](actor:xi), with a footnote.[^1]\n\n[^1]: Note."

    def here(kind: str, identifier: str) -> str | None:
        return f"{identifier}.html"

    def deeper(kind: str, identifier: str) -> str | None:
        return f"../{kind}s/{identifier}.html"

    def unpublished(kind: str, identifier: str) -> str | None:
        return None if kind == "event" else f"{identifier}.html"

    first = str(render_markdown(text, here))
    assert str(render_markdown(text, here)) == first
    assert 'href="../events/summit.html"' in str(render_markdown(text, deeper))
    assert '<p>See the summit and <a href="xi.html">Xi</a>' in str(render_markdown(text, unpublished))
    assert str(render_markdown(text, here)) == first
    assert str(render_markdown(text, here, heading_level=3)) == first  # no heading: same output
    assert str(render_markdown(text, here, inline=True)) != first


def test_one_converter_is_reused_without_state_leaking_between_texts() -> None:
    with_reference = render_markdown("[a][r]\n\n[r]: https://x.org\n\nText.[^n]\n\n[^n]: A note.", resolve)
    assert 'href="https://x.org"' in str(with_reference)
    # The reference and footnote of the previous text are gone.
    assert str(render_markdown("[a][r] and [^n]", resolve)) == "<p>[a][r] and [^n]</p>"
