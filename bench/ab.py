"""Two revisions of briefing, side by side, on one content tree: `check` and `build`, and with
`--serve N` the live preview: seconds from saving an event to its page showing the edit,
over N saves (a 10,000-event tree is the issue's yardstick: 2 s).

    python bench/ab.py --before ../base-checkout --after . --tree bench/.work/n10000 --rounds 2 --serve 3

Each checkout needs its own `.venv` (`make setup` there). The tree is copied
once per checkout, with `custom_dir` pointed at that checkout's templates, so
each revision builds with its own theme. Revisions take turns in each round,
so a burst of load on a shared machine hits both; CPU time (user + system)
and peak memory come from the kernel (`os.wait4`), and medians are printed
next to each other with the ratio after/before.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path


def prepared_tree(tree: Path, checkout: Path, into: Path) -> Path:
    """A copy of `tree` whose mkdocs.yml uses `checkout`'s templates."""
    project = into / checkout.resolve().name
    shutil.copytree(tree, project, ignore=shutil.ignore_patterns("site", ".briefing-*"))
    config = project / "mkdocs.yml"
    text = re.sub(r"custom_dir: .*", f"custom_dir: {checkout.resolve() / 'templates'}", config.read_text("utf-8"))
    config.write_text(text, encoding="utf-8")
    return project


def timed(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MB of one run; fails loudly if it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        said = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed in {cwd}: {said}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def page(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return None


def preview_saves(briefing: str, project: Path, saves: int) -> list[float]:
    """Seconds from saving one event (its title changed) to its page showing it, under
    `briefing serve` on 127.0.0.1, stopped before returning."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    events = sorted((project / "content" / "events").rglob("*.yaml"))
    target = events[len(events) // 2]
    url = f"http://127.0.0.1:{port}/events/{target.stem}.html"
    original = target.read_text(encoding="utf-8")
    command = [briefing, "serve", "-a", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = []
    try:
        deadline = time.perf_counter() + 1800
        while page(url) is None:
            if process.poll() is not None or time.perf_counter() > deadline:
                raise SystemExit(f"briefing serve did not come up in {project}")
            time.sleep(0.2)
        for save in range(saves):
            time.sleep(2)
            marker = f"Saved {save + 1} "
            target.write_text(original.replace('title: "', f'title: "{marker}', 1), encoding="utf-8")
            saved = time.perf_counter()
            while marker not in (page(url) or ""):
                time.sleep(0.05)
            seconds.append(time.perf_counter() - saved)
    finally:
        target.write_text(original, encoding="utf-8")
        process.terminate()
        process.wait(timeout=60)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--after", type=Path, required=True)
    parser.add_argument("--tree", type=Path, required=True, help="a tree from bench/generate.py")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--serve", type=int, default=0, metavar="N", help="also time N live-preview saves each round")
    args = parser.parse_args()
    saves: dict[str, list[float]] = {"before": [], "after": []}
    results: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="briefing-ab-") as scratch:
        projects = {
            name: (checkout, prepared_tree(args.tree, checkout, Path(scratch) / name))
            for name, checkout in (("before", args.before), ("after", args.after))
        }
        for _round in range(args.rounds):
            for name, (checkout, project) in projects.items():
                briefing = str(checkout.resolve() / ".venv" / "bin" / "briefing")
                for step, command in (("check", [briefing, "check"]), ("build", [briefing, "build"])):
                    shutil.rmtree(project / "site", ignore_errors=True)
                    results.setdefault((step, name), []).append(timed(command, project))
                if args.serve:
                    saves[name] += preview_saves(briefing, project, args.serve)
    print(f"{'step':6} {'':6} {'before':>9} {'after':>9} {'after/before':>13}")
    for step in ("check", "build"):
        for index, label in ((1, "CPU s"), (0, "wall s"), (2, "MB")):
            before = statistics.median(run[index] for run in results[(step, "before")])
            after = statistics.median(run[index] for run in results[(step, "after")])
            print(f"{step:6} {label:6} {before:9.2f} {after:9.2f} {after / before:13.2f}")
    if args.serve:
        before, after = statistics.median(saves["before"]), statistics.median(saves["after"])
        print(f"{'serve':6} {'save s':6} {before:9.2f} {after:9.2f} {after / before:13.2f}")


if __name__ == "__main__":
    main()
