"""Reporting errors costs about what checking costs: a clean tree against the same tree with N errors.

    python bench/errors.py [--events 10000] [--seed 1] [--repeat 1] [--work bench/.work/errors]

Writes bench/generate.py's tree of --events events, clean and with one kind
of mistake in every event, and prints the time `briefing check` takes over
each (load, validate, index and every problem formatted as it is printed,
in this process; CPU and wall seconds), side by side, with the ratio of CPU
times to the clean tree's. The
content model asks that ten thousand errors of one kind take no longer than
checking a clean tree of the same size twice; the mistakes are:

* deleted-actor  every event names one actor that does not exist (the same id each time);
* unknown-actors every event names a different unknown actor, a typo of an existing one;
* unknown-events every event relates to a different unknown event, a typo of an existing one
  (the most names to suggest from: one per event).

Each needs the nearest existing id for its "did you mean"; tests/test_ids.py
checks the ratio on a smaller tree.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import generate  # noqa: E402  (bench/ is not a package)

from builder.pipeline import load_site  # noqa: E402

Mistake = Callable[[generate.Corpus], None]


def _typo(ident: str, number: int, taken: set[str]) -> str:
    """A one-letter slip in `ident` that names nothing, different for each `number`."""
    for attempt in range(len(ident)):
        at = (number + attempt) % len(ident)
        if ident[at] == "-":
            continue
        letter = "qxzjv"[number % 5] if ident[at] not in "qxzjv" else "k"
        slip = ident[:at] + letter + ident[at + 1 :]
        if slip not in taken:
            taken.add(slip)
            return slip
    slip = f"{ident}-{number}"
    taken.add(slip)
    return slip


def deleted_actor(corpus: generate.Corpus) -> None:
    for event in corpus.events:
        event.actors.append(("former-defence-minister", None))


def unknown_actors(corpus: generate.Corpus) -> None:
    taken = {actor.id for actor in corpus.actors}
    for number, event in enumerate(corpus.events):
        named = {actor for actor, _ in event.actors}
        target = corpus.actors[(number * 7) % len(corpus.actors)].id
        slip = _typo(target, number, taken)
        if slip not in named:
            event.actors.append((slip, None))


def unknown_events(corpus: generate.Corpus) -> None:
    taken = {event.id for event in corpus.events}
    for number, event in enumerate(corpus.events):
        target = corpus.events[(number * 7919) % len(corpus.events)].id
        event.related.append((_typo(target, number, taken), "related"))


MISTAKES: dict[str, Mistake] = {
    "deleted-actor": deleted_actor,
    "unknown-actors": unknown_actors,
    "unknown-events": unknown_events,
}


def write_tree(out: Path, events: int, seed: int, mistake: Mistake | None) -> Path:
    """bench/generate.py's content tree under `out`, with `mistake` made in every event; its content folder."""
    corpus = generate.make_corpus(events, seed)
    if mistake is not None:
        mistake(corpus)
    if out.exists():
        shutil.rmtree(out)
    generate.write_content(corpus, out)
    return out / "content"


def check_seconds(content: Path, repeat: int = 1) -> tuple[float, float, int]:
    """The best CPU and wall times of `repeat` checks of a content folder, and how many problems it found.

    CPU time (this process's) is what the ratios use: on a shared machine
    the wall time also counts the other processes' turns.
    """
    best_cpu = best_wall = float("inf")
    count = 0
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        result = load_site(content, root=content.parent)
        printed = [str(problem) for problem in result.problems]
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
        count = len(printed)
    return best_cpu, best_wall, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="checks of each tree; the best time is shown")
    parser.add_argument("--work", type=Path, default=REPO / "bench" / ".work" / "errors")
    args = parser.parse_args()

    clean, wall, problems = check_seconds(write_tree(args.work / "clean", args.events, args.seed, None), args.repeat)
    print(f"{args.events} events: {'tree':<16} {'problems':>9} {'CPU s':>7} {'wall s':>7} {'x clean (CPU)':>14}")
    print(f"{'':<{len(str(args.events)) + 8}} {'clean':<16} {problems:>9} {clean:>7.2f} {wall:>7.2f} {1:>14.2f}")
    for name, mistake in MISTAKES.items():
        content = write_tree(args.work / name, args.events, args.seed, mistake)
        cpu, wall, problems = check_seconds(content, args.repeat)
        print(
            f"{'':<{len(str(args.events)) + 8}} {name:<16} {problems:>9} {cpu:>7.2f} {wall:>7.2f} {cpu / clean:>14.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
