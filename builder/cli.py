"""The `briefing` command: a thin layer over the same functions the MkDocs plugin uses.

The only place that prints or exits. Exit codes, as MkDocs and Click users
expect: 0 clean, 1 content problems, 2 usage errors.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from builder import outputs, settings
from builder.errors import (
    BuildFailed,
    Problem,
    UsageError,
    github_annotation,
    markdown_table,
    printable,
    problems_json,
)
from builder.model import ACTOR_KINDS
from builder.pipeline import Result, load_site

if TYPE_CHECKING:
    from builder.scaffold import Created

# The rest of the package (the renderer and MkDocs, packs, diff, schemas, scaffolding)
# is imported by the commands that use it: `briefing check` loads only the stages up
# to the index (tests/test_cli.py lists what it may load).

T = TypeVar("T")

CONTENT_PROBLEMS = 1
USAGE = 2


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem))


def _annotate_for_github(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(github_annotation(problem))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        with Path(summary_file).open("a", encoding="utf-8") as summary:
            summary.write(markdown_table(problems))


def _summary(result: Result) -> str:
    assert result.site is not None
    site = result.site
    counts = [
        _plural(len(site.content.events), "event"),
        _plural(len(site.content.actors), "actor"),
        _plural(len(site.content.tags), "tag"),
        _plural(len(site.content.briefings), "briefing"),
    ]
    if site.content.pages:
        counts.append(_plural(len(site.content.pages), "page"))
    warnings = f", {_plural(len(result.warnings), 'warning')}" if result.warnings else ""
    return f"content OK: {', '.join(counts)}{warnings}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _failed(result: Result, *, strict: bool) -> bool:
    return bool(result.errors) or (strict and bool(result.warnings))


@click.group()
@click.version_option(package_name="briefing", prog_name="briefing")
def main() -> None:
    """Validate curated events and actors and publish them as a briefing site."""


content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Content folder [default: docs_dir of mkdocs.yml].",
)
strict_option = click.option("--strict", is_flag=True, help="Fail on warnings too.")
config_option = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The MkDocs configuration file [default: mkdocs.yml here or in the nearest folder above].",
)


@main.command()
@config_option
@content_option
@strict_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="text: path:line:column: message; github: workflow annotations, and a table in "
    "$GITHUB_STEP_SUMMARY when set; json: for other tools.",
)
def check(config_file: Path | None, content_dir: Path | None, strict: bool, output_format: str) -> None:
    """Validate the content and print every problem as path:line:column: message.

    Drafts are validated in full, like everything else.

    Example: briefing check --content content --format github
    """
    site = _usage(lambda: settings.locate(config_file, content_dir))
    result = load_site(site.content_dir, root=site.root)
    if output_format == "json":
        click.echo(problems_json(result.problems), nl=False)
    elif output_format == "github":
        _annotate_for_github(result.problems)
    else:
        _print_problems(result.problems)
    if _failed(result, strict=strict):
        errors, warnings = len(result.errors), len(result.warnings)
        click.echo(f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}", err=True)
        sys.exit(CONTENT_PROBLEMS)
    click.echo(_summary(result))


@main.command()
@config_option
@content_option
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder [default: site_dir of mkdocs.yml].",
)
@click.option("--drafts", is_flag=True, help="Include draft events (a preview build).")
@strict_option
def build(
    config_file: Path | None, content_dir: Path | None, site_dir: Path | None, drafts: bool, strict: bool
) -> None:
    """Validate the content and build the site; with any error, nothing is written.

    The site is built into a temporary folder beside the output folder and
    swapped into place in one step only when the whole build succeeded. An
    output folder that is, holds or lies in the content folder, or that is or
    holds the project folder, is refused (exit code 2).

    Example: briefing build --content content -d site
    """
    from builder.project import Project
    from builder.rendering.feeds import NO_SITE_URL

    located = _usage(lambda: settings.locate(config_file, content_dir).site_config())
    project = _usage(lambda: Project(located, content_dir=content_dir, strict=strict, drafts=drafts))
    target = _usage(
        lambda: outputs.safe_output_folder(
            site_dir if site_dir is not None else project.site_dir,
            option="-d" if site_dir is not None else "site_dir",
            content_dir=project.content_dir,
            project_dir=project.root,
        )
    )
    created = [folder for folder in (target.parent, *target.parent.parents) if not folder.exists()]
    target.parent.mkdir(parents=True, exist_ok=True)
    swapped = False
    try:
        with outputs.staging(target.parent, target=target) as staging:
            # mkdtemp makes the folder private (0700); the site must stay readable by a web server.
            staging.chmod(_folder_mode(target))
            outputs.pause_for_tests("staged")
            project.build_into(staging)
            try:
                outputs.replace_folder(staging, target)
            except OSError as error:
                raise BuildFailed(f"cannot put the new site in place of {target}: {error.strerror}") from error
            swapped = True
    except BaseException as error:
        if not swapped:
            for folder in created:  # innermost first: leave nothing behind, not even parents made for -d
                with contextlib.suppress(OSError):
                    folder.rmdir()
        if isinstance(error, BuildFailed):
            click.echo(f"build failed: {error}", err=True)
            sys.exit(CONTENT_PROBLEMS)
        raise
    outputs.pause_for_tests("cleaned")
    click.echo(f"built {target}")
    if not project.config.site_url:
        click.echo(f"note: {NO_SITE_URL}")


def _folder_mode(target: Path) -> int:
    """The existing output folder's permissions, else what mkdir would give under the umask."""
    if target.is_dir():
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


@main.command()
@config_option
@content_option
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(config_file: Path | None, content_dir: Path | None, dev_addr: str) -> None:
    """Live preview with drafts: rebuilds when a content file or template changes.

    Example: briefing serve -a 127.0.0.1:8000
    """
    from builder.project import serve as serve_site

    located = _usage(lambda: settings.locate(config_file, content_dir).site_config())
    try:
        _usage(lambda: serve_site(located, content_dir=content_dir, dev_addr=dev_addr))
    except BuildFailed as error:
        click.echo(f"serve failed: {error}", err=True)
        sys.exit(CONTENT_PROBLEMS)


@main.command()
@config_option
@content_option
@click.option("--briefing", "briefing_id", metavar="ID", default=None, help="Pack this briefing's events.")
@click.option("--actor", "actors", metavar="ID", multiple=True, help="Events with this actor (repeatable; any).")
@click.option("--tag", "tags", metavar="ID", multiple=True, help="Events with this tag (repeatable; any).")
@click.option("--from", "start", metavar="DATE", default=None, help="Events on or after this date.")
@click.option("--to", "end", metavar="DATE", default=None, help="Events on or before this date.")
@click.option(
    "--format",
    "pack_format",
    type=click.Choice(outputs.PACK_FORMATS),
    default="zip",
    show_default=True,
    help="zip: a folder site to unzip and open; html: one self-contained, searchable file.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The pack file [default: dist/<briefing id, 'selection' or 'site'>.<format>]; "
    "never inside the content folder, and an existing file only if it is a pack.",
)
def pack(
    config_file: Path | None,
    content_dir: Path | None,
    briefing_id: str | None,
    actors: tuple[str, ...],
    tags: tuple[str, ...],
    start: str | None,
    end: str | None,
    pack_format: str,
    output: Path | None,
) -> None:
    """Pack the site, a briefing or a selection to read offline, from disk.

    Without --briefing, --actor, --tag, --from or --to: the whole site. The
    same content and options always give the same bytes (SOURCE_DATE_EPOCH
    sets the date on the cover); the SHA-256 is printed as sha256sum does.

    Example: briefing pack --briefing russia-china-security-partnership-2022 --format html
    """
    from builder import packs
    from builder.project import Project

    located = _usage(lambda: settings.locate(config_file, content_dir).site_config())
    project = _usage(lambda: Project(located, content_dir=content_dir))
    result = load_site(project.content_dir, root=project.root)
    _print_problems(result.problems)
    if result.site is None:
        click.echo(f"pack failed: {_plural(len(result.errors), 'content error')}; nothing was written", err=True)
        sys.exit(CONTENT_PROBLEMS)
    site = result.site
    request = packs.Request(briefing_id, actors, tags, start, end)
    try:
        chosen = packs.resolve(site, request, project.site_name)
        target = output or packs.default_output(chosen, pack_format)
        target = _usage(lambda: outputs.safe_pack_file(target, content_dir=project.content_dir))
        digest = packs.build(project, site, chosen, project.pack_options(), project.content_dir, pack_format, target)
    except packs.PackError as error:
        raise click.UsageError(str(error)) from error
    except BuildFailed as error:
        click.echo(f"pack failed: {error}", err=True)
        sys.exit(CONTENT_PROBLEMS)
    click.echo(f"packed {target}")
    click.echo(f"{digest}  {target}")


@main.command()
@click.argument("base")
@click.argument("head", required=False)
@config_option
@click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Content folder, in the working tree of a git repository [default: docs_dir of mkdocs.yml].",
)
@click.option(
    "--format",
    "diff_format",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="Markdown for a pull-request comment or job summary; JSON for tools.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write to FILE, not stdout."
)
def diff(
    base: str,
    head: str | None,
    config_file: Path | None,
    content_dir: Path | None,
    diff_format: str,
    output: Path | None,
) -> None:
    """Compare the content at git revision BASE with HEAD (default: the working tree).

    Reports events, actors, tags, briefings and prose pages added, removed,
    renamed and changed, timeline moves, sources and grades, references broken or created,
    and whether each side validates. Exits 0 whenever the comparison ran, even
    when a side has content errors; 2 for a bad revision or no git repository.

    Example: briefing diff origin/main --format markdown -o summary.md
    """
    from builder import diff as content_diff

    # The folder may exist only in the revisions compared: a deleted or renamed content folder.
    site = _usage(lambda: settings.locate(config_file, content_dir, content_must_exist=False))
    compared = _usage(lambda: content_diff.diff_revisions(site.content_dir, base, head))
    text = content_diff.markdown(compared) if diff_format == "markdown" else compared.to_json()
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise click.FileError(str(output), error.strerror) from error


@main.command()
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schemas"),
    show_default=True,
    help="Folder of the schema files.",
)
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 if a file differs (for CI).")
def schema(output_dir: Path, check_only: bool) -> None:
    """Write the JSON Schemas of event, actor, tags and briefing files, for editors,
    and the field reference docs/fields.md beside the schemas folder.

    They are derived from the validator's field tables; content files point
    at them with a first line '# yaml-language-server: $schema=...'.

    Example: briefing schema --check
    """
    from builder import reference
    from builder import schema as schemas

    fields_md = reference.path_beside(output_dir)
    if check_only:
        stale = schemas.stale(output_dir) + reference.stale(fields_md)
        for path in stale:
            click.echo(f"{path} is out of date; run: briefing schema -o {output_dir}", err=True)
        if stale:
            sys.exit(CONTENT_PROBLEMS)
        click.echo(f"schemas in {output_dir} are up to date")
        return
    written = schemas.write(output_dir) + reference.write(fields_md)
    for path in written:
        click.echo(f"wrote {path}")
    if not written:
        click.echo(f"schemas in {output_dir} are up to date")


new_id_option = click.option("--id", "ident", metavar="ID", default=None, help="The id [default: made from the title].")


@main.group()
def new() -> None:
    """Start a site, or a content file from a skeleton at the right path with the right id.

    Prints what it wrote (and, on stderr, a warning for each event a new
    event may repeat, then the next step); never overwrites a file.
    Refusals (an existing id, an unknown actor or tag, a folder that is not
    empty) exit with 2.
    """


@new.command("site")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--title", default="Briefing", show_default=True, help="The site's name, shown on every page.")
def new_site(folder: Path, title: str) -> None:
    """Write a new briefing site into FOLDER (new or empty): mkdocs.yml, example content
    and a page, the publish and pull-request workflows, and a README.

    Example: briefing new site my-briefing --title "Sahel security, 2024"
    """
    from builder import starter

    made = _usage(lambda: starter.new_site(folder, title))
    for path in made.files:
        click.echo(str(path))
    click.echo(f"next: cd {made.folder} and follow README.md (briefing build, briefing serve)", err=True)


@new.command("event")
@click.argument("title")
@click.option(
    "--date", required=True, metavar="DATE", help="The event's date, e.g. 2022-09-19 or 2022-09-15/2022-09-16."
)
@click.option("--actor", "actors", metavar="ID", multiple=True, help="An actor who took part (repeatable).")
@click.option("--tag", "tags", metavar="ID", multiple=True, help="A tag from tags.yaml (repeatable).")
@new_id_option
@config_option
@content_option
def new_event(
    title: str,
    date: str,
    actors: tuple[str, ...],
    tags: tuple[str, ...],
    ident: str | None,
    config_file: Path | None,
    content_dir: Path | None,
) -> None:
    """Write content/events/<year>/<id>.yaml for a new event.

    Warns (and still writes it) when an event with the same date and a
    common actor, or a very similar title, exists.

    \b
    Example:
      briefing new event "Patrushev and Guo Shengkun follow up on extremism talks"
        --date 2022-11 --actor nikolai-patrushev --actor guo-shengkun
    """
    from builder import scaffold

    content = _usage(lambda: settings.locate(config_file, content_dir)).content_dir
    created = _usage(lambda: scaffold.new_event(content, title, date=date, actors=actors, tags=tags, ident=ident))
    _created(created)


@new.command("actor")
@click.argument("name")
@click.option("--kind", required=True, type=click.Choice(ACTOR_KINDS), help="What the actor is.")
@click.option("--country", metavar="CODE", default=None, help="ISO 3166-1 alpha-2 code, e.g. RU.")
@click.option("--native-name", metavar="NAME", default=None, help="The name in the actor's own script.")
@new_id_option
@config_option
@content_option
def new_actor(
    name: str,
    kind: str,
    country: str | None,
    native_name: str | None,
    ident: str | None,
    config_file: Path | None,
    content_dir: Path | None,
) -> None:
    """Write content/actors/<id>.yaml for a new actor.

    Example: briefing new actor "Nikolai Patrushev" --kind person --country RU --native-name "Николай Патрушев"
    """
    from builder import scaffold

    content = _usage(lambda: settings.locate(config_file, content_dir)).content_dir
    created = _usage(
        lambda: scaffold.new_actor(content, name, kind=kind, country=country, native_name=native_name, ident=ident)
    )
    _created(created)


def _created(created: Created) -> None:
    click.echo(str(created.path))
    for warning in created.warnings:
        click.echo(warning, err=True)
    click.echo(created.next_step, err=True)


def _usage(call: Callable[[], T]) -> T:
    """Run `call`; a `UsageError` (a missing file, a wrong mkdocs.yml, an output folder that
    would destroy content) is one line on standard error, `Error: <why>`, and exit code 2,
    before anything is written: Click's usage text would only hide the reason."""
    try:
        return call()
    except UsageError as error:
        click.echo(f"Error: {printable(str(error))}", err=True)
        sys.exit(USAGE)
