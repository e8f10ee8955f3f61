"""Offline packs: a briefing, or any selection of events, to read with no server and no network.

Two forms of the same restricted site (`index.restrict`):

- a **folder pack**, a zip of a real MkDocs build of that site (through
  `project.Project`, so it is the published site's theme and pages) with plain
  `.html` URLs, to unzip and open from disk;
- a **single-file pack**, one self-contained HTML file rendered through the
  renderer's one Jinja environment from `templates/pack/`, with the stylesheet,
  the search script and its index inline, and every cross-reference an in-page
  anchor.

Items outside the pack read as plain text, or link to the published site when
`site_url` is set (marked `rel="external"`). Packs are byte-for-byte
reproducible: the zip has sorted entries, fixed timestamps and permissions, and
the generation date comes from SOURCE_DATE_EPOCH, else the content's commit
date, else the content itself — never the clock. Imports no MkDocs; the
command line hands it a `Project` to build through.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import os
import zipfile
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Protocol, TypeVar

from markupsafe import Markup

from builder import git, outputs
from builder.dates import DateError, DateValue, end_before_start, parse_date
from builder.errors import did_you_mean
from builder.index import Site, restrict, select_events
from builder.model import Briefing, Event, Selection, Tag
from builder.rendering import contexts, map_drawing, timeline_drawing
from builder.rendering.pages import (
    Options,
    Page,
    actor_page,
    cited_sources,
    event_page,
    information_as_of,
    methodology_page,
    network_page,
)
from builder.rendering.renderer import Renderer, inline_script, inline_style, theme_file
from builder.rendering.search import search_index

T = TypeVar("T")
ZIP_DAYS = (datetime.date(1980, 1, 1), datetime.date(2107, 12, 31))
"""The days a zip entry can carry: its DOS date counts years from 1980 in 7 bits."""


class PackError(Exception):
    """The options ask for something the content does not have; a usage error (exit code 2)."""


class Builder(Protocol):
    """What a pack needs of `project.Project`: a MkDocs build of a given site, opening on a cover."""

    def build_pack_into(self, folder: Path, site: Site, cover: contexts.Cover) -> None: ...


@dataclass(frozen=True)
class Request:
    """The command line's choice of events: a briefing, ad-hoc criteria, or neither (the whole site)."""

    briefing: str | None = None
    actors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None

    @property
    def is_adhoc(self) -> bool:
        return bool(self.actors or self.tags or self.start or self.end)


@dataclass(frozen=True)
class Pack:
    """A resolved request: the restricted site and what its cover says about it."""

    site: Site
    title: str
    name: str
    briefing: Briefing | None
    criteria: list[tuple[str, str]]


@dataclass(frozen=True)
class Stamp:
    """Where a pack comes from: the content revision and the date it is dated."""

    revision: str
    date: datetime.date

    @property
    def zip_time(self) -> tuple[int, int, int, int, int, int]:
        """Midnight of the pack's date in every zip entry; a date a zip cannot hold (a
        historical briefing dated 1962, an `updated:` in 2108) gives 1 January 1980, the
        earliest it can, so any valid content packs and the bytes stay the same."""
        first, last = ZIP_DAYS
        day = self.date if first <= self.date <= last else first
        return (day.year, day.month, day.day, 0, 0, 0)


def resolve(site: Site, request: Request, site_name: str) -> Pack:
    """Check the request against the content and restrict the site to what it selects."""
    if request.briefing is not None and request.is_adhoc:
        raise PackError("--briefing cannot be combined with --actor, --tag, --from or --to")
    if request.briefing is not None:
        briefing = _known(request.briefing, {b.id: b for b in site.briefings}, "briefing")
        events = site.briefing_events[briefing.id]
        criteria = [("Briefing", f"{briefing.title} ({briefing.id})"), *describe(site, briefing.select)]
        return Pack(
            restrict(site, [e.id for e in events], [briefing.id]), briefing.title, briefing.id, briefing, criteria
        )
    if not request.is_adhoc:
        everything = restrict(site, [e.id for e in site.events], [b.id for b in site.briefings], whole=True)
        return Pack(everything, site_name, "site", None, [("Selection", "the whole site")])
    for actor in request.actors:
        _known(actor, {a.id: a for a in site.actors}, "actor")
    for tag in request.tags:
        _known(tag, {t.id: t for t in site.tags}, "tag")
    selection = Selection(
        actors=request.actors,
        tags=request.tags,
        start=_date(request.start, "--from"),
        end=_date(request.end, "--to"),
    )
    if selection.start is not None and selection.end is not None and end_before_start(selection.start, selection.end):
        raise PackError(f"--from {request.start} is after --to {request.end}")
    events = select_events(site.events, selection)
    if not events:
        raise PackError("this selection chooses no published event")
    return Pack(restrict(site, [e.id for e in events], []), site_name, "selection", None, describe(site, selection))


def _known(ident: str, items: dict[str, T], kind: str) -> T:
    if ident in items:
        return items[ident]
    raise PackError(f"unknown {kind} '{ident}'{did_you_mean(ident, items)}")


def _date(text: str | None, option: str) -> DateValue | None:
    if text is None:
        return None
    try:
        return parse_date(text, single=True)
    except DateError as error:
        raise PackError(f"{option}: {error}") from error


def describe(site: Site, selection: Selection) -> list[tuple[str, str]]:
    """A selection as a reader reads it on the cover: names, not ids, and no draft's
    title outside a preview build."""
    content = site.content
    shown = [i for i in selection.events if i in content.events and site.is_published(content.events[i])]
    left_out = [i for i in selection.exclude if i in content.events and site.is_published(content.events[i])]
    lines = []
    if shown:
        lines.append(("Events", "; ".join(content.events[i].title for i in shown)))
    if selection.actors:
        lines.append(("Actors", ", ".join(content.actors[i].name for i in selection.actors)))
    if selection.tags:
        lines.append(("Tags", ", ".join(content.tags[i].title for i in selection.tags)))
    if selection.start is not None:
        lines.append(("From", selection.start.display()))
    if selection.end is not None:
        lines.append(("To", selection.end.display()))
    if left_out:
        lines.append(("Except", "; ".join(content.events[i].title for i in left_out)))
    return lines


def stamp(content_dir: Path, site: Site, environ: dict[str, str] | None = None) -> Stamp:
    """The content's git revision ("unknown" outside git) and the pack's date:
    SOURCE_DATE_EPOCH, else the content's own date (its latest event date or `updated`).
    Not the commit's date: a cover would show a day the content says nothing of."""
    environ = dict(os.environ) if environ is None else environ
    head = git.output(content_dir, "rev-parse", "--short", "HEAD")
    revision = head or "unknown"
    if head and git.output(content_dir, "status", "--porcelain", "--", "."):
        revision += " with uncommitted changes"
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return Stamp(revision, datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date())
        except (ValueError, OverflowError, OSError) as error:
            raise PackError(
                f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 within the years 1-9999, not {epoch!r}"
            ) from error
    return Stamp(revision, datetime.date.fromisoformat(site.as_of))


def cover(pack: Pack, when: Stamp, site_name: str) -> contexts.Cover:
    """What both forms of a pack open on: the briefing's bottom line and judgements, what the
    information runs to, how many events over what period, and where the pack comes from."""
    site = pack.site
    chosen_by = None
    if pack.briefing is None:
        chosen_by = "; ".join(f"{label.lower()} {value}" for label, value in pack.criteria)
    return contexts.Cover(
        title=pack.title,
        briefing=pack.briefing,
        judgements=site.key_judgements(pack.briefing) if pack.briefing is not None else [],
        as_of=information_as_of(site.events),
        events=site.events,
        actors=len(site.actors),
        provenance=contexts.Provenance(
            site_name=site_name,
            version=briefing_version(),
            built=parse_date(when.date.isoformat()),
            revision=when.revision,
            chosen_by=chosen_by,
        ),
    )


def briefing_version() -> str:
    """The installed briefing's version, named on every pack so a reader can report which made it."""
    try:
        return version("briefing")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def write_zip(folder: Path, output: Path, when: tuple[int, int, int, int, int, int], top: str) -> None:
    """Every file under `folder`, in path order, inside one folder `top` (unzipping never
    scatters files beside the reader's own), with one timestamp and plain permissions, so the
    same files always give the same bytes."""
    paths = sorted((p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.relative_to(folder).as_posix())
    with zipfile.ZipFile(output, "w") as archive:
        for path in paths:
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(folder).as_posix()}", date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the permissions below are read
            info.external_attr = 0o100644 << 16
            archive.writestr(info, path.read_bytes(), compresslevel=9)


def single_file(pack: Pack, options: Options, when: Stamp) -> str:
    """The whole pack as one HTML document: everything inline, links to in-page anchors."""
    options = dataclasses.replace(options, anchors=True, directory_urls=False, edit_base=None)
    renderer = Renderer(pack.site, options)
    site = pack.site
    actors = [actor_page(site, actor).context for actor in site.actors]
    events = [event_page(site, event, options).context for event in site.events]
    css = theme_file(options, "assets/briefing.css").read_text(encoding="utf-8")
    script = search_index(site, options) + theme_file(options, "assets/search.js").read_text(encoding="utf-8")
    context = SingleFile(
        pack=pack,
        cover=cover(pack, when, options.site_name),
        methodology=methodology_page(site).context,
        briefing=pack.briefing,
        sources=cited_sources(site.events),
        chronology=site.events,
        drawing=timeline_drawing.draw("tl", "The events of this pack on one time axis", site.events),
        map=map_drawing.draw("map", "Where the events of this pack happened", site.events),
        world=list(map_drawing.country_paths().values()),
        events=events,
        actors=actors,
        network=network_page(site).context,
        tags=[(tag, site.tag_events.get(tag.id, [])) for tag in site.tags],
        css=Markup(inline_style(css)),
        script=Markup(inline_script(script)),
    )
    return renderer.render(Page("index.md", pack.title, "pack/single.html", context))


@dataclasses.dataclass(frozen=True)
class SingleFile:
    """What templates/pack/single.html is given: the pack, its stamp, each event's and actor's
    page context (the pack shows them all on one page), and the inline stylesheet and script."""

    pack: Pack
    cover: contexts.Cover
    methodology: contexts.Methodology
    briefing: Briefing | None
    sources: list[contexts.CitedSource]
    """Every source of the pack's events once, with its grades and the events citing it."""
    chronology: list[Event]
    drawing: timeline_drawing.Drawing | None
    map: map_drawing.MapDrawing | None
    world: list[str]
    """The world outline's paths, inlined once for the pack's maps to use."""
    events: list[contexts.EventPage]
    actors: list[contexts.ActorPage]
    network: contexts.Network
    """The network page's drawing and words, over the pack's own events and actors."""
    tags: list[tuple[Tag, list[Event]]]
    css: Markup
    script: Markup


def build(
    project: Builder,
    site: Site,
    pack: Pack,
    options: Options,
    content_dir: Path,
    output_format: str,
    output: Path,
    environ: dict[str, str] | None = None,
) -> str:
    """Write the pack to `output` (replaced only when complete); its SHA-256."""
    when = stamp(content_dir, site, environ)
    output.parent.mkdir(parents=True, exist_ok=True)
    with outputs.staging(output.parent, outputs.PACK_STAGING_PREFIX) as scratch:
        partial = scratch / output.name
        if output_format == "zip":
            folder = scratch / "site"
            project.build_pack_into(folder, pack.site, cover(pack, when, options.site_name))
            write_zip(folder, partial, when.zip_time, top=pack.name)
        else:
            partial.write_text(single_file(pack, options, when), encoding="utf-8", newline="\n")
        partial.chmod(0o644)
        partial.replace(output)
    return hashlib.sha256(output.read_bytes()).hexdigest()


def default_output(pack: Pack, output_format: str, folder: Path = Path("dist")) -> Path:
    return folder / f"{pack.name}.{output_format}"
