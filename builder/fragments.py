"""The most repeated pieces of page HTML, written in Python rather than as Jinja macros.

A large build shows a date, a link or a draft badge hundreds of thousands of
times, and a Jinja macro call (arguments bound by name, a new output list, a
Markup join) costs many times a function call. `rendering.renderer.TemplateNames`
gives them to every page, and pages/_macros.html exports them under macro
names, so templates call `m.date()`, `m.link()`, `m.actor_link()`,
`m.draft_badge()`, `m.count()`, `m.certainty()` and `m.event_item()`.

Every value goes through `markupsafe.escape`, which is what autoescape does
to `{{ value }}`; tests/cases/fragments/ pins what each writes. `class` is a
positional argument only (a Python parameter cannot be called `class`):
`m.link(tag, tag.title, 'tag')`.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from builder.dates import DateValue
from builder.memo import MEMOS
from builder.model import Event
from builder.typography import typographic

DRAFT_BADGE = Markup(' <span class="badge badge--draft">Draft</span>')
NOTHING = Markup("")


def _class_attribute(class_: str) -> str:
    """` class="…"`, or nothing for an empty class."""
    return f' class="{escape(class_)}"' if class_ else ""


@MEMOS.cached(1 << 14)
def date(d: DateValue, class_: str = "") -> Markup:
    """A DateValue as <time> when it has a valid machine form, else as text.

    Kept per value: an event's date is shown on its page and in every list it is
    in, and working out both forms of a date costs ten times a lookup."""
    machine = d.machine()
    if machine is not None:
        return Markup(f'<time{_class_attribute(class_)} datetime="{escape(machine)}">{escape(d.display())}</time>')
    if d.is_uncertain:
        class_ = f"{class_} date--uncertain" if class_ else "date--uncertain"
    return Markup(f"<span{_class_attribute(class_)}>{escape(d.display())}</span>")


CONFIDENCE_SHOWN = {None: "not given", "low": "low", "moderate": "moderate", "high": "high"}


@MEMOS.cached(1 << 10)
def certainty(confidence: str | None, grade: str | None, href: str | None = None) -> Markup:
    """How sure the curators are and how good the best source is, small enough for a list:
    three bars filled by the confidence level and the best grade, with the same words for
    a screen reader and on hover; a link to `href`, the page that explains the levels and
    grades, when given. Kept per triple: 4 levels, 37 grades and a page's depth."""
    level = CONFIDENCE_SHOWN[confidence]
    said = f"Confidence: {level}; best source: {grade or 'not graded'}"
    grade_part = f'<span class="certainty__grade" aria-hidden="true">{escape(grade)}</span>' if grade else ""
    element, target = ("a", f' href="{escape(href)}"') if href is not None else ("span", "")
    return Markup(
        f'<{element} class="certainty certainty--{escape(confidence or "none")}"{target} title="{escape(said)}">'
        '<span class="certainty__meter" aria-hidden="true"><span></span><span></span><span></span></span>'
        f'<span class="visually-hidden">{escape(said)}</span>{grade_part}</{element}>'
    )


def link_to(href: str | None, text: object, class_: str = "") -> Markup:
    """A link with `text` to `href`, marked external when it leaves the site; the text alone,
    in a <span>, when there is no URL (an item that has no page in this output). Plain text
    gets typographic quotes; Markup is written as it is."""
    if isinstance(text, str) and not isinstance(text, Markup):
        text = typographic(text)
    if href is None:
        return Markup(f"<span{_class_attribute(class_)}>{escape(text)}</span>")
    external = ' rel="external"' if href.startswith("http") else ""
    return Markup(f'<a{_class_attribute(class_)} href="{escape(href)}"{external}>{escape(text)}</a>')


def event_certainty(event: Event, href: str | None = None) -> Markup:
    """`certainty` of an event: its confidence and its best source's grade."""
    return certainty(event.confidence, event.best_grade, href)


def sourcing(event: Event) -> Markup:
    """What the event's confidence rests on, in numbers a reader can check against the
    sources listed below it: "3 sources, graded B2, C3, F1", "2 sources, not graded"."""
    grades = [source.grade for source in event.sources if source.grade is not None]
    ungraded = len(event.sources) - len(grades)
    text = count(len(event.sources), "source", "sources")
    if grades:
        text += Markup(", graded ") + ", ".join(grades)
        if ungraded:
            text += Markup("; ") + str(ungraded) + " not graded"
    elif event.sources:
        text += Markup(", not graded")
    return text


def draft_badge(event: Event) -> Markup:
    """A "Draft" badge, after a space, for a draft event's title; nothing for a published one."""
    return DRAFT_BADGE if event.status == "draft" else NOTHING


def event_item(
    event: Event, href: str | None, summary: Markup, note: object = None, explained_at: str | None = None
) -> Markup:
    """One event in a list: date and how sure (`certainty`), linked title and draft badge, an
    optional note (a role), summary.

    `href` is the event's URL from the page (or None), `summary` its summary as inline HTML,
    `explained_at` the methodology page's URL from the page, which the certainty links to.
    The lines run together where the macro's whitespace control joined them."""
    note_line = ""
    if note is not None and note:
        note_line = f'    <p class="event-item__note"><span class="visually-hidden">Role: </span>{escape(note)}</p>'
    return Markup(
        '<li class="event-item">\n'
        f'  <div class="event-item__date">{date(event.date)} {event_certainty(event, explained_at)}</div>\n'
        '  <div class="event-item__main">\n'
        f'    <p class="event-item__title">{link_to(href, event.title)}{draft_badge(event)}</p>'
        f"{note_line}"
        f'    <p class="event-item__summary">{summary}</p>\n'
        "  </div>\n"
        "</li>"
    )


def sentence_case(text: str) -> str:
    """A label at the start of a line: hyphens become spaces and the first letter is a
    capital, nothing else. Jinja's `capitalize` lowercases the rest, and relation names
    are the curators' own text ("adviser to the SCO Secretariat" keeps its "SCO").
    The `sentence_case` filter of every page template."""
    text = text.replace("-", " ")
    return text[:1].title() + text[1:]


def count(n: int, singular: str, plural: str) -> Markup:
    """`n` and the word for it: "1 event", "12 events"."""
    return Markup(f"{escape(n)} {escape(singular if n == 1 else plural)}")
