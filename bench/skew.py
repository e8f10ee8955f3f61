"""A generated tree with its actors redrawn unevenly, to check that nothing leans on an even spread.

    python bench/skew.py bench/.work/n10000 /tmp/skew/n10000
    cd /tmp/skew/n10000 && briefing check && briefing build

`generate.py` spreads events evenly over actors (about 40 each at 10,000 events).
Real briefings are not like that: a few states take part in most events. This copies
a generated tree (content and mkdocs.yml, not the baselines) and, in each event file,
replaces every actor it names by one drawn with weight 1/rank (Zipf), the same
replacement everywhere in that file, so quotes and body links stay consistent with
the new participants. At 10,000 events the busiest actor then takes part in about
2,800 events. The same tree and seed always give the same copy.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

PARTICIPANT = re.compile(r"^\s*-? ?actor: ([a-z0-9-]+)$", re.M)


def named(ident: str) -> re.Pattern[str]:
    """An actor id as a whole word (ids hold letters, digits and '-')."""
    return re.compile(r"(?<![a-z0-9-])" + re.escape(ident) + r"(?![a-z0-9-])")


def redraw(text: str, actors: list[str], weights: list[float], rng: random.Random) -> str:
    """The event file with each participant replaced by a Zipf-drawn actor it does not name yet."""
    ids = list(dict.fromkeys(m.group(1) for m in PARTICIPANT.finditer(text)))
    chosen: list[str] = []
    while len(chosen) < len(ids):
        pick = rng.choices(actors, weights)[0]
        if pick not in chosen and not named(pick).search(text):
            chosen.append(pick)
    for old, new in zip(ids, chosen, strict=True):
        text = named(old).sub(new, text)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("tree", type=Path, help="a tree written by generate.py")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    shutil.copytree(args.tree / "content", args.out / "content")
    shutil.copy(args.tree / "mkdocs.yml", args.out / "mkdocs.yml")
    actors = sorted(path.stem for path in (args.out / "content/actors").rglob("*.yaml"))
    weights = [1 / rank for rank in range(1, len(actors) + 1)]
    rng = random.Random(args.seed)
    for path in sorted((args.out / "content/events").rglob("*.yaml")):
        path.write_text(redraw(path.read_text(encoding="utf-8"), actors, weights, rng), encoding="utf-8")


if __name__ == "__main__":
    main()
