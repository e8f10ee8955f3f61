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

from builder.errors import BuildFailed, Problem, UsageError
from builder.pipeline import Result, load_site
from builder.plugin import Project
from builder.plugin import serve as serve_site

T = TypeVar("T")

CONTENT_PROBLEMS = 1


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem))


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
def check(content_dir: Path | None, strict: bool) -> None:
    """Validate the content and print every problem as path:line:column: message.

    Drafts are validated in full, like everything else.

    Example: briefing check --content content
    """
    result = load_site(content_dir or Path("content"), root=Path.cwd())
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


def _usage(call: Callable[[], T]) -> T:
    """Run `call`, turning our UsageError into Click's, which exits with code 2."""
    try:
        return call()
    except UsageError as error:
        raise click.UsageError(str(error)) from error
