"""The first pass over a prose page (CONTENT-MODEL.md, "Pages"): its path, front matter,
title, Markdown and headings, and the `ProsePage` it makes.

A page's Markdown follows the rules of every Markdown field (`text.markdown`), with
one addition: a link to another page may be its relative `.md` path, the MkDocs way,
which is checked as the `page:` cross-reference it means. Its headings are found here
(`headings`), with the anchors the renderer gives them (`ids.heading_anchor`), so that
`page:x#anchor` is checked by `check` without rendering anything.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from builder.errors import Problem
from builder.ids import heading_anchor, is_valid_id, suggest_id
from builder.kinds import GENERATED_FOLDERS, GENERATED_PAGES
from builder.loading import Document
from builder.model import Heading, ProsePage, page_folder
from builder.validation.core import Context, Invalid, Reference
from builder.validation.fields import PAGE_FIELDS
from builder.validation.structure import check_fields
from builder.validation.text import markdown, title
from builder.yamltree import Scalar

INDEX = "index"
"""`methods/index.md` is the page of the folder methods/."""


@dataclass
class CheckedPage:
    """The first pass over one page: its problems, references, and the page when valid."""

    path: str
    id: str
    problems: list[Problem]
    references: list[Reference]
    page: ProsePage | None


def check_page(document: Document, claimed: dict[tuple[str, str], str]) -> CheckedPage:
    problems: list[Problem] = []
    references: list[Reference] = []
    ctx = Context(document.path, document, problems, references, claimed, page_folder=page_folder(document.stem))
    values, ok = check_fields(document.root, PAGE_FIELDS, ctx, where="this page's front matter")
    line, column = document.position(document.body_start)
    body_text = document.text[document.body_start :]
    body = Scalar(body_text, "str", line, column)
    found = headings(body_text)
    page_title = values.get("title")
    if page_title is None and "title" not in document.root.items:
        page_title, body_text, used = _title_from_heading(document, body_text, found, ctx)
        found = [heading for heading in found if heading is not used]
    if not body_text.strip():
        problems.append(Problem(document.path, line, column, "the page has no text; write its Markdown below"))
        ok = False
    elif isinstance(markdown(body, "the page's text", ctx), Invalid):
        ok = False
    page = None
    if ok and isinstance(page_title, str):
        page = ProsePage(document.stem, document.path, page_title, body_text, tuple(anchored(found)))
    return CheckedPage(document.path, document.stem, problems, references, page)


@dataclass(frozen=True)
class _Found:
    level: int
    text: str
    line: int
    """0-based line of the heading's text in the body; for a setext heading, the line above its underline."""
    lines: int
    """How many lines it takes (2 for a setext heading)."""


def _title_from_heading(
    document: Document, body_text: str, found: list[_Found], ctx: Context
) -> tuple[str | Invalid | None, str, _Found | None]:
    """The text of the first `#` heading as the title, the body without that heading (the
    page's `h1` shows it), and the heading."""
    first = next((heading for heading in found if heading.level == 1), None)
    if first is None:
        line, column = document.position(document.body_start)
        ctx.problems.append(
            Problem(
                document.path,
                line,
                column,
                "the page has no title: start it with a '# Title' line, or give 'title:' in front matter",
            )
        )
        return None, body_text, None
    body_line, _ = document.position(document.body_start)
    lines = body_text.splitlines(keepends=True)
    heading = Scalar(first.text, "str", body_line + first.line, 1)
    page_title = title(heading, "title", ctx)
    rest = "".join(lines[: first.line] + lines[first.line + first.lines :])
    return page_title, rest, first


_ATX = re.compile(r"(#{1,6})(.*?)#*[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"(=+|-+)[ \t]*$")


def headings(text: str) -> list[_Found]:
    """The headings of a page's Markdown as Python-Markdown reads them: `#` lines
    (no space needed after the hashes) anywhere in a block, and a block's first line
    underlined with `===` or `---`; none inside an indented code block."""
    found: list[_Found] = []
    lines = text.splitlines()
    block_start = True
    in_code = False
    for number, line in enumerate(lines):
        if not line.strip():
            block_start = True
            continue
        starts_block, block_start = block_start, False
        if starts_block:
            in_code = line.startswith(("    ", "\t"))
        if in_code:
            continue
        atx = _ATX.match(line)
        if atx is not None:
            found.append(_Found(len(atx.group(1)), atx.group(2).strip(), number, 1))
        elif (
            starts_block
            and number + 1 < len(lines)
            and _SETEXT_UNDERLINE.match(lines[number + 1])
            and not _ATX.match(line)
        ):
            level = 1 if lines[number + 1].startswith("=") else 2
            found.append(_Found(level, line.strip(), number, 2))
    return found


def anchored(found: list[_Found]) -> list[Heading]:
    """Each heading with the anchor the renderer gives it: unique in the page, in order."""
    seen: set[str] = set()
    anchored = []
    for heading in found:
        text = shown_text(heading.text)
        anchored.append(Heading(heading.level, text, heading_anchor(text, seen)))
    return anchored


_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_TAG = re.compile(r"<[^>]*>")


def shown_text(written: str) -> str:
    """A heading as the reader sees it: link targets, tags and emphasis marks taken out."""
    text = _TAG.sub("", _LINK_TARGET.sub("]", written))
    text = text.replace("\\", "").replace("`", "").replace("[", "").replace("]", "")
    text = re.sub(r"(?<!\w)[*_]+|[*_]+(?!\w)", "", text)
    return " ".join(html.unescape(text).split())


def page_problem(page_id: str) -> str | None:
    """What is wrong with a page's path (`methods/sourcing`), or None: each part follows the
    id rule, and the page takes the place of none of the site's own pages."""
    parts = page_id.split("/")
    for part in parts:
        if not is_valid_id(part):
            return (
                f"the name '{part}' in this page's path is not a valid id (lowercase letters, digits and "
                f"single hyphens); rename it to '{suggest_id(part)}'"
            )
    url = f"{page_id}.html"
    if len(parts) == 1 and parts[0] in GENERATED_PAGES:
        what = "the home page" if parts[0] == INDEX else f"the site's own {parts[0]} page"
        return f"this page would be built at {url}, which is {what}; rename the file"
    if len(parts) > 1 and parts[0] in GENERATED_FOLDERS:
        return (
            f"this page would be built at {url}, in {parts[0]}/, which holds the site's own pages; "
            f"move the file out of {parts[0]}/"
        )
    return None
