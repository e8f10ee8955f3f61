"""One crowded event against the same actors spread one per event: co-actors stay linear.

    python bench/crowd.py --actors 10000 --out bench/.work/crowd [--repeat 1]

writes two content trees under --out and times `briefing build` of each:

* ``crowd/``: N actors and one event that lists all of them;
* ``spread/``: the same N actors and N events, each listing one of them.

Both have N actor pages. Counting co-actors pairwise inside each event made the crowd
cost N² (issue 14); with crowds counting no pairs (``builder/companions.py``) the crowd
must build within twice the time of the spread. Figures go to bench/ANALYSIS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import time
from pathlib import Path

MKDOCS_YML = """\
site_name: Crowd benchmark
docs_dir: content
site_dir: site
use_directory_urls: false
theme:
  name: briefing
plugins:
  - briefing
"""


def actor_yaml(index: int) -> str:
    return f'name: "Actor {index:05}"\nkind: person\n'


def event_yaml(title: str, day: dt.date, actors: list[str]) -> str:
    listed = "".join(f"  - {actor}\n" for actor in actors)
    return (
        f'title: "{title}"\ndate: {day.isoformat()}\nsummary: A benchmark event.\nactors:\n{listed}'
        "sources:\n  - id: report\n    title: Report\n    reliability: C\n    credibility: 2\n"
    )


def write_tree(out: Path, events: dict[str, str], n_actors: int) -> None:
    """A site at `out`: mkdocs.yml, N actors, and the given event files (name → YAML)."""
    if out.exists():
        shutil.rmtree(out)
    (out / "content" / "actors").mkdir(parents=True)
    (out / "content" / "events").mkdir()
    (out / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    for index in range(n_actors):
        (out / "content" / "actors" / f"actor-{index:05}.yaml").write_text(actor_yaml(index), encoding="utf-8")
    for name, text in events.items():
        (out / "content" / "events" / f"{name}.yaml").write_text(text, encoding="utf-8")


def crowd_events(n_actors: int) -> dict[str, str]:
    ids = [f"actor-{index:05}" for index in range(n_actors)]
    return {"summit": event_yaml("Everyone meets", dt.date(2022, 1, 1), ids)}


def spread_events(n_actors: int) -> dict[str, str]:
    first = dt.date(2000, 1, 1)
    return {
        f"event-{index:05}": event_yaml(f"Event {index:05}", first + dt.timedelta(days=index), [f"actor-{index:05}"])
        for index in range(n_actors)
    }


def time_build(tree: Path) -> float:
    """Seconds of wall time for one `briefing build` of the tree."""
    briefing = Path(sys.executable).with_name("briefing")
    start = time.perf_counter()
    subprocess.run([str(briefing), "build"], cwd=tree, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=1, help="builds of each tree, alternating; the best is shown")
    args = parser.parse_args()
    trees = {"crowd": crowd_events(args.actors), "spread": spread_events(args.actors)}
    for name, events in trees.items():
        write_tree(args.out / name, events, args.actors)
    times: dict[str, list[float]] = {name: [] for name in trees}
    for _round in range(args.repeat):
        for name in trees:
            times[name].append(time_build(args.out / name))
    crowd, spread = min(times["crowd"]), min(times["spread"])
    print(f"{'actors':>8} {'crowd (1 event) s':>18} {'spread (1 per event) s':>23} {'ratio':>6}")
    print(f"{args.actors:>8} {crowd:>18.1f} {spread:>23.1f} {crowd / spread:>6.2f}")


if __name__ == "__main__":
    main()
