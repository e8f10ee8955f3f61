"""Where a full build's time goes, by stage; or a live-preview rebuild's.

    python bench/profile_build.py TREE [--cprofile FILE] [--preview]

Runs the same build as `briefing build` in this process (the CLI's own
`Project`), with thin timers around our stages and MkDocs' own per-page steps,
and prints a JSON object: {stage: [wall seconds, cpu seconds, calls]}. Timers
nest (our rendering runs inside MkDocs' page step), so the report subtracts
inner from outer stages. With --cprofile, the whole build also runs under
cProfile and the stats are written to FILE (timers are then inflated by the
profiler: use the shares, not the seconds).

With --preview, it does what `briefing serve` does on a save instead: a first
dirty build with drafts, then one event's title is changed, and only the
second build is timed (the event file is restored afterwards).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TIMES: dict[str, list[float]] = {}


def timed(owner: Any, name: str, label: str) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            entry = TIMES.setdefault(label, [0.0, 0.0, 0])
            entry[0] += time.perf_counter() - wall
            entry[1] += time.process_time() - cpu
            entry[2] += 1

    setattr(owner, name, wrapper)


def instrument() -> None:
    import mkdocs.commands.build as mkbuild

    import builder.loading as loading
    import builder.markup as markup
    import builder.pipeline as pipeline
    import builder.plugin as plugin
    import builder.project as project
    import builder.rendering.renderer as rendering

    # Loading hands validation one file at a time, so the two are timed together
    # and loading's share from inside.
    timed(plugin, "load_site", "ours: loading, validation, index")
    timed(loading, "load_document", "ours: loading (read, YAML), inside")
    timed(pipeline, "load_document", "ours: loading (read, YAML), inside")
    timed(pipeline, "build_site", "ours: index, inside")
    timed(plugin.BriefingPlugin, "on_files", "ours: page list, search index, preview's comparison")
    timed(plugin, "search_index", "ours: search index, inside")
    timed(rendering.Renderer, "render", "ours: rendering (templates + Markdown)")
    timed(rendering, "render_markdown", "ours: Markdown inside rendering")
    timed(markup, "_converted", "ours: Markdown conversions (each text once)")
    timed(mkbuild, "get_files", "mkdocs: file discovery")
    timed(mkbuild, "_populate_page", "mkdocs: page read + Markdown")
    timed(mkbuild, "_build_page", "mkdocs: page build: our rendering, theme template, write")
    timed(mkbuild, "_build_theme_template", "mkdocs: sitemap, 404")
    timed(project, "mkdocs_build", "total build (MkDocs build, our stages inside)")


def run(tree: Path) -> None:
    from builder.project import Project

    project = Project(tree / "mkdocs.yml", content_dir=None)
    out = Path(tempfile.mkdtemp(prefix="profile-", dir=tree))
    try:
        project.build_into(out)
    finally:
        shutil.rmtree(out, ignore_errors=True)


def rebuild_after_an_edit(tree: Path) -> None:
    """What a save costs under `briefing serve`: the plugin object and the folder
    are kept from a first build, as MkDocs' server keeps them."""
    from mkdocs.commands.build import build

    from builder.project import Project

    project = Project(tree / "mkdocs.yml", content_dir=None, drafts=True)
    project.config.plugins.on_startup(command="serve", dirty=True)
    project.config.site_dir = tempfile.mkdtemp(prefix="preview-", dir=tree)
    events = sorted((tree / "content" / "events").rglob("*.yaml"))
    edited = events[len(events) // 2]
    original = edited.read_text(encoding="utf-8")
    try:
        build(project.config, dirty=True)
        edited.write_text(original.replace('title: "', 'title: "Edited ', 1), encoding="utf-8")
        TIMES.clear()
        wall, cpu = time.perf_counter(), time.process_time()
        build(project.config, dirty=True)
        TIMES["total rebuild after one edit"] = [time.perf_counter() - wall, time.process_time() - cpu, 1]
    finally:
        edited.write_text(original, encoding="utf-8")
        shutil.rmtree(project.config.site_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("tree", type=Path)
    parser.add_argument("--cprofile", type=Path, default=None)
    parser.add_argument("--preview", action="store_true", help="time a live-preview rebuild after one edit")
    args = parser.parse_args()
    tree = args.tree.resolve()
    os.chdir(tree)
    instrument()
    call: Callable[[], None] = functools.partial(rebuild_after_an_edit if args.preview else run, tree)
    if args.cprofile is not None:
        profiler = cProfile.Profile()
        profiler.runcall(call)
        profiler.dump_stats(str(args.cprofile))
    else:
        call()
    json.dump({k: [round(v[0], 3), round(v[1], 3), v[2]] for k, v in TIMES.items()}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
