"""The `briefing` command: a thin layer over the same functions the MkDocs plugin uses.

The only place that prints or exits. Exit codes, as MkDocs and Click users
expect: 0 clean, 1 content problems, 2 usage errors.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from builder.errors import BuildFailed, Problem, UsageError, github_annotation, markdown_table, problems_json
from builder import diff as content_diff
from builder import packs
from builder.pipeline import Result, load_site
from builder.plugin import Project
from builder.plugin import serve as serve_site

T = TypeVar("T")

CONTENT_PROBLEMS = 1


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
    warnings = f", {_plural(len(result.warnings), 'warning')}" if result.warnings else ""
    return f"content OK: {', '.join(counts)}{warnings}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _failed(result: Result, *, strict: bool) -> bool:
    return bool(result.errors) or (strict and bool(result.warnings))


@click.group()
@click.version_option(package_name="briefing")
def main() -> None:
    """Validate curated events and actors and publish them as a briefing site."""


content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Content folder [default: ./content for check, docs_dir of mkdocs.yml for build and serve].",
)
strict_option = click.option("--strict", is_flag=True, help="Fail on warnings too.")
config_option = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The MkDocs configuration file.",
)


@main.command()
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
def check(content_dir: Path | None, strict: bool, output_format: str) -> None:
    """Validate the content and print every problem as path:line:column: message.

    Drafts are validated in full, like everything else.

    Example: briefing check --content content --format github
    """
    result = load_site(content_dir or Path("content"), root=Path.cwd())
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
def build(config_file: Path, content_dir: Path | None, site_dir: Path | None, drafts: bool, strict: bool) -> None:
    """Validate the content and build the site; with any error, nothing is written.

    The site is built into a temporary folder beside the output folder and
    moved into place only when the whole build succeeded.

    Example: briefing build --content content -d site
    """
    project = _usage(lambda: Project(config_file, content_dir=content_dir, strict=strict, drafts=drafts))
    target = site_dir.resolve() if site_dir is not None else project.site_dir
    created = [folder for folder in (target.parent, *target.parent.parents) if not folder.exists()]
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".briefing-build-", dir=target.parent))
    try:
        # mkdtemp makes the folder private (0700); the site must stay readable by a web server.
        staging.chmod(_folder_mode(target))
        project.build_into(staging)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        for folder in created:  # innermost first: leave nothing behind, not even parents made for -d
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(error, BuildFailed):
            click.echo(f"build failed: {error}", err=True)
            sys.exit(CONTENT_PROBLEMS)
        raise
    _replace(staging, target)
    click.echo(f"built {target}")


def _folder_mode(target: Path) -> int:
    """The existing output folder's permissions, else what mkdir would give under the umask."""
    if target.is_dir():
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def _replace(staging: Path, target: Path) -> None:
    """Swap the finished build into place, so readers never see half a site."""
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
        staging.rename(target)
        shutil.rmtree(old)
    else:
        staging.rename(target)


@main.command()
@config_option
@content_option
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(config_file: Path, content_dir: Path | None, dev_addr: str) -> None:
    """Live preview with drafts: rebuilds when a content file or template changes.

    Example: briefing serve -a 127.0.0.1:8000
    """
    _usage(lambda: serve_site(config_file, content_dir=content_dir, dev_addr=dev_addr))


@main.command()
@config_option
@content_option
@click.option("--briefing", "briefing_id", metavar="ID", default=None, help="Pack this briefing's events.")
@click.option("--actor", "actors", metavar="ID", multiple=True, help="Events with this actor (repeatable; any of them).")
@click.option("--tag", "tags", metavar="ID", multiple=True, help="Events with this tag (repeatable; any of them).")
@click.option("--from", "start", metavar="DATE", default=None, help="Events on or after this date.")
@click.option("--to", "end", metavar="DATE", default=None, help="Events on or before this date.")
@click.option(
    "--format",
    "pack_format",
    type=click.Choice(packs.FORMATS),
    default="zip",
    show_default=True,
    help="zip: a folder site to unzip and open; html: one self-contained, searchable file.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The pack file [default: dist/<briefing id, 'selection' or 'site'>.<format>].",
)
def pack(
    config_file: Path,
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
    project = _usage(lambda: Project(config_file, content_dir=content_dir))
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
        digest = packs.build(
            project, site, chosen, project.pack_options(), project.content_dir, pack_format, target
        )
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
@click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Content folder, in the working tree of a git repository.",
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
def diff(base: str, head: str | None, content_dir: Path, diff_format: str, output: Path | None) -> None:
    """Compare the content at git revision BASE with HEAD (default: the working tree).

    Reports events, actors, tags and briefings added, removed, renamed and
    changed, timeline moves, sources and grades, references broken or created,
    and whether each side validates. Exits 0 whenever the comparison ran, even
    when a side has content errors; 2 for a bad revision or no git repository.

    Example: briefing diff origin/main --format markdown -o summary.md
    """
    compared = _usage(lambda: content_diff.diff_revisions(content_dir, base, head))
    text = compared.to_markdown() if diff_format == "markdown" else compared.to_json()
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise click.FileError(str(output), error.strerror) from error


def _usage(call: Callable[[], T]) -> T:
    """Run `call`, turning our UsageError into Click's, which exits with code 2."""
    try:
        return call()
    except UsageError as error:
        raise click.UsageError(str(error)) from error
