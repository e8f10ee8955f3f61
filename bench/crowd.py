"""One crowded event against the same actors spread out: the build must stay linear in the
actors of one event (issue 14: 10,000 actors in one event build within twice the time of the
same 10,000 actors one per event).

    python bench/crowd.py --actors 10000 --checkout . [--checkout ../before]

Each checkout needs its own `.venv` (`make setup` there). Two trees are written to a
scratch folder: `crowd`, one event listing every actor, and `spread`, one event per actor.
Each is built with each checkout's `briefing build` (its own templates), `--rounds` times
in turn; medians of CPU seconds (user + system), wall seconds and peak MB are printed
side by side with the ratio crowd/spread.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from ab import timed

MKDOCS_YML = """site_name: Crowd benchmark
docs_dir: content
site_dir: site
use_directory_urls: false
theme:
  name: null
  custom_dir: {templates}
  static_templates: [404.html]
plugins:
  - briefing
validation:
  nav:
    omitted_files: ignore
"""


def actor_file(n: int) -> str:
    return f'name: "Delegate {n}"\nkind: person\n'


def event_file(title: str, day: int, actors: list[int]) -> str:
    listed = "".join(f"  - actor: delegate-{n:05d}\n" for n in actors)
    return (
        f'title: "{title}"\ndate: "2022-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}"\n'
        f'summary: "A synthetic event."\nactors:\n{listed}'
        "sources:\n  - id: s\n    title: Report\n    publisher: Wire\n"
        "    url: https://news.example.com/report\n    published: 2022-12-31\n"
        "    reliability: B\n    credibility: 2\n"
    )


def write_tree(root: Path, actors: int, crowded: bool, templates: Path) -> Path:
    (root / "content" / "actors").mkdir(parents=True)
    (root / "content" / "events").mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(templates=templates), encoding="utf-8")
    for n in range(actors):
        (root / "content" / "actors" / f"delegate-{n:05d}.yaml").write_text(actor_file(n), encoding="utf-8")
    if crowded:
        (root / "content" / "events" / "summit.yaml").write_text(
            event_file("Summit", 0, list(range(actors))), encoding="utf-8"
        )
    else:
        for n in range(actors):
            (root / "content" / "events" / f"visit-{n:05d}.yaml").write_text(
                event_file(f"Visit {n}", n, [n]), encoding="utf-8"
            )
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actors", type=int, default=10000)
    parser.add_argument("--checkout", type=Path, action="append", required=True)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    runs: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="briefing-crowd-") as scratch:
        trees = {
            (checkout, shape): write_tree(
                Path(scratch) / f"{index}-{shape}", args.actors, shape == "crowd", checkout.resolve() / "templates"
            )
            for index, checkout in enumerate(args.checkout)
            for shape in ("spread", "crowd")
        }
        for _round in range(args.rounds):
            for (checkout, shape), tree in trees.items():
                briefing = str(checkout.resolve() / ".venv" / "bin" / "briefing")
                runs.setdefault((str(checkout), shape), []).append(timed([briefing, "build"], tree))
    print(f"{args.actors} actors; medians of {args.rounds} builds")
    print(f"{'checkout':24} {'':7} {'spread':>9} {'crowd':>9} {'crowd/spread':>13}")
    for checkout in args.checkout:
        for index, label in ((1, "CPU s"), (0, "wall s"), (2, "MB")):
            spread = statistics.median(run[index] for run in runs[(str(checkout), "spread")])
            crowd = statistics.median(run[index] for run in runs[(str(checkout), "crowd")])
            print(f"{checkout!s:24} {label:7} {spread:9.2f} {crowd:9.2f} {crowd / spread:13.2f}")


if __name__ == "__main__":
    main()
