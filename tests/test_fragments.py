"""The Python pieces of page HTML write, byte for byte, what the macros they replace wrote (builder/fragments.py)."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest
from markupsafe import Markup

from builder import fragments
from builder.dates import parse_date

# The macros as pages/_macros.html had them, rendered as pages are: autoescape on.
REFERENCE_MACROS = """
{% macro date(d, class='') -%}
{%- set machine = d.machine() -%}
{%- if machine is not none -%}
<time{% if class %} class="{{ class }}"{% endif %} datetime="{{ machine }}">{{ d.display() }}</time>
{%- else -%}
<span{% if class %} class="{{ class }}"{% endif %}>{{ d.display() }}</span>
{%- endif -%}
{%- endmacro %}

{% macro link(href, text, class='') -%}
{%- if href is not none -%}
<a{% if class %} class="{{ class }}"{% endif %} href="{{ href }}"
{%- if href.startswith('http') %} rel="external"{% endif %}>{{ text }}</a>
{%- else -%}
<span{% if class %} class="{{ class }}"{% endif %}>{{ text }}</span>
{%- endif -%}
{%- endmacro %}

{% macro draft_badge(event) -%}
{%- if event.status == 'draft' %} <span class="badge badge--draft">Draft</span>{% endif -%}
{%- endmacro %}

{% macro event_item(event, href, summary, note=none) -%}
<li class="event-item">
  <div class="event-item__date">{{ date(event.date) }}</div>
  <div class="event-item__main">
    <p class="event-item__title">{{ link(href, event.title) }}{{ draft_badge(event) }}</p>
    {%- if note is not none and note %}
    <p class="event-item__note"><span class="visually-hidden">Role: </span>{{ note }}</p>
    {%- endif %}
    <p class="event-item__summary">{{ summary }}</p>
  </div>
</li>
{%- endmacro %}

{% macro count(n, singular, plural) -%}
{{ n }} {{ singular if n == 1 else plural }}
{%- endmacro %}
"""
# The old link macro took the item and called url(obj) itself, and event_item called url() and
# md_inline(); these take the URL and the summary's HTML, as link_to and event_item do.

HOSTILE = ["", "plain", "<b>&amp; \"quoted\" 'single'</b>", Markup("<em>already markup</em>"), "{{ config }}"]
CLASSES = ["", "tag", 'x" onclick="alert(1)']


@pytest.fixture(name="reference", scope="module")
def fixture_reference() -> Any:
    environment = jinja2.Environment(
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )
    return environment.from_string(REFERENCE_MACROS).module


@dataclass(frozen=True)
class FakeDate:
    """A date whose forms are any text; frozen, as DateValue is, because `date` keeps its answers."""

    machine_form: str | None
    display_form: str

    def machine(self) -> str | None:
        return self.machine_form

    def display(self) -> str:
        return self.display_form


@pytest.mark.parametrize("class_", CLASSES)
def test_date(reference: Any, class_: str) -> None:
    written = ["2022-09-19", "2022-09", "2022", "2022-09-15/2022-09-16", "2022-09~", "../2022-05-03"]
    dates: list[Any] = [parse_date(text) for text in written]
    dates += [FakeDate("2022-01-01", "<i>&'\"</i>"), FakeDate(None, "<i>&'\"</i>"), FakeDate('a"&<', "x")]
    for d in dates:
        assert fragments.date(d, class_) == reference.date(d, class_)
    assert fragments.date(dates[0]) == reference.date(dates[0])


@pytest.mark.parametrize("class_", CLASSES)
@pytest.mark.parametrize("text", HOSTILE)
def test_link_to(reference: Any, text: str, class_: str) -> None:
    for href in [None, "events/x.html", "../a&b.html", "#event-x", "https://example.com/?a=1&b=<2>", 'http"x']:
        assert fragments.link_to(href, text, class_) == reference.link(href, text, class_)
    assert fragments.link_to("x.html", text) == reference.link("x.html", text)
    assert isinstance(fragments.link_to(None, text), Markup)


def test_draft_badge(reference: Any) -> None:
    for status in ["draft", "published", "Draft"]:
        event = SimpleNamespace(status=status)
        assert fragments.draft_badge(event) == reference.draft_badge(event)  # type: ignore[arg-type]


@pytest.mark.parametrize("n", [0, 1, 2, 12, 1.0])
def test_count(reference: Any, n: int) -> None:
    for singular, plural in [("event", "events"), ("shared event", "shared events"), ("<a&b>", "'quoted'")]:
        assert fragments.count(n, singular, plural) == reference.count(n, singular, plural)


@pytest.mark.parametrize("note", [None, "", "signatory", "<b>R&D</b> 'lead'", Markup("<i>kept</i>")])
@pytest.mark.parametrize("status", ["published", "draft"])
def test_event_item(reference: Any, note: object, status: str) -> None:
    for href in [None, "../events/a&b.html", "https://example.com/x"]:
        for title in HOSTILE:
            event = SimpleNamespace(date=parse_date("2022-09-19"), title=title, status=status)
            summary = Markup('Met <a href="../actors/x.html">X</a> &amp; Y')
            expected = reference.event_item(event, href, summary, note)
            assert fragments.event_item(event, href, summary, note) == expected  # type: ignore[arg-type]
    event = SimpleNamespace(date=parse_date("2022"), title="T", status=status)
    assert fragments.event_item(event, "x.html", Markup("S")) == reference.event_item(event, "x.html", Markup("S"))  # type: ignore[arg-type]
