"""The cqc-rate benchmark: CPU-time ratios against baselines, in interleaved pairs.

    python benchmarks/run.py            # the figures in docs/performance.md (about 10 minutes)
    python benchmarks/run.py --quick    # a smoke run on a handful of files (the test suite runs it)

The machine this runs on may be shared: wall time then measures the other work
as much as cqc-rate, so every ratio is one of CPU time (user + system of the
command's whole process tree, workers included, from ``os.wait4``), with wall
time printed beside it. Each measure is a run of cqc-rate and a run of its
baseline taken one after the other (a pair; the order alternates), the ratio
taken within each pair, and the median of the pairs' ratios reported with their
spread (min-max):

1. one file, each format: ``cqc-rate score samples/care-home.yaml --format F``
   against ``python -c "import typer, yaml, pydantic"`` (target <= 1.6).
2. batches of 3,000 and 20,000 generated files (see generate.py), ``--format
   jsonl`` with ``--jobs 1`` and with all cores, against parsing the same files
   with PyYAML's C loader in one process (target with one job <= 1.7; with all
   cores, wall time below the parse's).
3. ``cqc-rate check`` over generated CQC API location records against
   ``json.load`` of the same files in one process.
4. peak resident set size (VmHWM) of the main process and of the largest worker,
   at 5,000 and 50,000 files: the growth between them (target <= 5 MB each).
5. the progress bar's cost: ``score`` over 3,000 files with stderr on a
   pseudo-terminal (the bar drawn) against stderr on a pipe (no bar).

Generated files go to benchmarks/out/ (git-ignored) and are reused while the
generator is unchanged. Each cqc-rate run must exit 0 with nothing on stderr:
every generated file is valid.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT / "samples" / "care-home.yaml"
FORMATS = ("table", "json", "jsonl", "csv", "html")

# The targets (ratios of CPU time; MB of growth).
TARGETS = {"one_file": 1.6, "batch_jobs_1": 1.7, "memory_growth_mb": 5.0}

BARE = "import typer, yaml, pydantic"

MEASURES = ("one_file", "batches", "check", "memory", "progress")

PARSE_YAML = """
import os, sys, yaml
loader = yaml.CSafeLoader
n = 0
for root, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(files):
        if name.endswith(('.yaml', '.yml')):
            with open(os.path.join(root, name), 'rb') as f:
                yaml.load(f, Loader=loader)
            n += 1
print(n)
"""

PARSE_JSON = PARSE_YAML.replace("import os, sys, yaml", "import os, sys, json").replace(
    "loader = yaml.CSafeLoader\n", "").replace("('.yaml', '.yml')", "('.json',)").replace(
    "yaml.load(f, Loader=loader)", "json.load(f)")


# Children write .pyc files as a fresh install would: an editable install run under
# PYTHONDONTWRITEBYTECODE never gets them and pays ~20 ms more at every start.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def cqc_rate_command() -> list[str]:
    """The installed console script beside this interpreter, else `python -m cqc_rate`."""
    script = Path(sys.executable).parent / ("cqc-rate.exe" if os.name == "nt" else "cqc-rate")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cqc_rate"]


# ------------------------------------------------------------------ one run


class Run:
    """One finished command: CPU seconds of its process tree, wall seconds, peak RSS (MB)
    of the main process and of its largest worker, stdout, stderr, exit code."""

    def __init__(self, cpu: float, wall: float, main_mb: float, worker_mb: float,
                 out: str, err: str, code: int) -> None:
        self.cpu, self.wall, self.main_mb, self.worker_mb = cpu, wall, main_mb, worker_mb
        self.out, self.err, self.code = out, err, code


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out


def _hwm(pid: int) -> float:
    """The process's peak resident set size so far (MB; Linux /proc), 0 if gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Peaks(threading.Thread):
    """Peak RSS of a process and of each of its workers (read from VmHWM every 50 ms)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.main, self.workers = pid, 0.0, {}  # type: ignore[var-annotated]
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.main = max(self.main, _hwm(self.pid))
            todo = _children(self.pid)
            while todo:
                p = todo.pop()
                self.workers[p] = max(self.workers.get(p, 0.0), _hwm(p))
                todo += _children(p)
            self.done.wait(0.05)


def run(command: list[str], *, memory: bool = False, stdin: Any = subprocess.DEVNULL,
        stderr: Any = subprocess.PIPE, capture: bool = False) -> Run:
    """Run `command` to its end; CPU time from os.wait4 (the child and every descendant it waited for)."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdin=stdin, stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                            stderr=stderr, text=True, env=ENV)
    peaks = Peaks(proc.pid) if memory else None
    if peaks:
        peaks.start()
    # stderr (small) read before stdout; a capture's stdout is small too (the baselines' counts)
    err = proc.stderr.read() if proc.stderr else ""
    out = proc.stdout.read() if proc.stdout else ""
    for stream in (proc.stderr, proc.stdout):
        if stream:
            stream.close()
    main_mb = _hwm(proc.pid) if memory else 0.0
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    worker_mb = 0.0
    if peaks:
        peaks.done.set()
        peaks.join()
        main_mb = max(main_mb, peaks.main)
        worker_mb = max(peaks.workers.values(), default=0.0)
    return Run(usage.ru_utime + usage.ru_stime, wall, main_mb, worker_mb, out, err, proc.returncode)


def expect_clean(r: Run, what: str) -> Run:
    if r.code != 0 or r.err:
        sys.exit(f"{what} exited {r.code} (every benchmark input should pass):\n{r.err[:2000]}")
    return r


# ------------------------------------------------------------------ pairs


def spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def pairs(ours: Callable[[], Run], base: Callable[[], Run], count: int) -> dict[str, Any]:
    """`count` interleaved pairs (the order alternating): CPU and wall ratios per pair, medians and spread."""
    ours_runs, base_runs = [], []
    for n in range(count):
        if n % 2:
            ours_runs.append(ours())
            base_runs.append(base())
        else:
            base_runs.append(base())
            ours_runs.append(ours())
    return {
        "pairs": count,
        "cpu_ratio": spread([o.cpu / b.cpu for o, b in zip(ours_runs, base_runs, strict=True)]),
        "wall_ratio": spread([o.wall / b.wall for o, b in zip(ours_runs, base_runs, strict=True)]),
        "cpu_s": statistics.median(o.cpu for o in ours_runs),
        "base_cpu_s": statistics.median(b.cpu for b in base_runs),
        "wall_s": statistics.median(o.wall for o in ours_runs),
        "base_wall_s": statistics.median(b.wall for b in base_runs),
    }


def ratio_line(m: dict[str, Any], target: float | None = None) -> str:
    c, w = m["cpu_ratio"], m["wall_ratio"]
    text = f"CPU ratio {c['median']:.2f} ({c['min']:.2f}-{c['max']:.2f})"
    if target is not None:
        text += f" target <= {target}: {verdict(c['median'], target)}"
    return text + f"; wall ratio {w['median']:.2f} ({w['min']:.2f}-{w['max']:.2f}); median of {m['pairs']} pairs"


def verdict(value: float, limit: float) -> str:
    return "met" if value <= limit else f"MISSED by {value / limit - 1:.0%}"


# ------------------------------------------------------------------ files


def files_for(kind: str, count: int, out: Path, seed: int) -> Path:
    """A folder of `count` generated files (assessments or API records), made once per generator version."""
    import generate

    make = generate.generate if kind == "yaml" else generate.generate_api_records
    stamp = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:12] + f"-{seed}"
    folder = out / f"{kind}-{count}"
    marker = folder / ".stamp"
    if marker.exists() and marker.read_text() == stamp:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    make(folder, count, seed)
    marker.write_text(stamp)
    print(f"   (generated {count:,} {kind} files in {folder}, {time.perf_counter() - start:.1f} s)", flush=True)
    return folder


# ------------------------------------------------------------------ measures


# floor.py's app, imported (so its .pyc is used, as cqc-rate's are) and run with these arguments.
FLOOR = [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(HERE)!r}); import floor; floor.main()",
         "score", str(SAMPLE), "--format", "json"]


def one_file(fmt: str, count: int, command: list[str] | None = None) -> dict[str, Any]:
    score = command or cqc_rate_command() + ["score", str(SAMPLE), "--format", fmt]
    bare = [sys.executable, "-c", BARE]
    expect_clean(run(score), "cqc-rate score")  # warms the file cache (and writes .pyc files)
    run(bare)
    return pairs(lambda: expect_clean(run(score), "cqc-rate score"), lambda: run(bare), count)


def batch(folder: Path, count: int, jobs: int, pairs_count: int, command: str = "score",
          parse: str = PARSE_YAML) -> dict[str, Any]:
    ours = cqc_rate_command() + [command, str(folder), "--format", "jsonl"]
    if command != "check":  # check has no --jobs: it runs in one process
        ours += ["--jobs", str(jobs)]
    base = [sys.executable, "-c", parse, str(folder)]

    def baseline() -> Run:
        r = run(base, capture=True)
        assert int(r.out) == count, f"the baseline parsed {r.out.strip()} files, not {count}"
        return r

    m = pairs(lambda: expect_clean(run(ours), f"cqc-rate {command}"), baseline, pairs_count)
    m.update(files=count, jobs=jobs, ms_per_file=m["cpu_s"] / count * 1000,
             base_ms_per_file=m["base_cpu_s"] / count * 1000, files_per_s=count / m["wall_s"])
    return m


def memory(folder: Path, count: int, jobs: int, command: str = "score", fmt: str = "jsonl") -> dict[str, float]:
    r = expect_clean(run(cqc_rate_command() + [command, str(folder), "--format", fmt, "--jobs", str(jobs)],
                         memory=True), f"cqc-rate {command}")
    return {"files": count, "jobs": jobs, "main_mb": r.main_mb, "worker_mb": r.worker_mb, "cpu_s": r.cpu,
            "wall_s": r.wall}


def progress_cost(folder: Path, count: int, pairs_count: int) -> dict[str, Any] | None:
    """score --jobs 1 with stderr on a pseudo-terminal (the bar drawn) against a pipe (no bar)."""
    try:
        import pty
    except ImportError:  # not on this platform
        return None
    command = cqc_rate_command() + ["score", str(folder), "--format", "jsonl", "--jobs", "1"]

    def on_terminal() -> Run:
        leader, follower = pty.openpty()
        drained: list[bytes] = []

        def drain() -> None:
            while True:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                drained.append(chunk)

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        try:
            r = run(command, stderr=follower)
        finally:
            os.close(follower)
            reader.join(timeout=2)
            os.close(leader)
        r.err = ""  # the bar itself
        r.drawn = sum(len(c) for c in drained)  # type: ignore[attr-defined]
        return r

    m = pairs(lambda: expect_clean(on_terminal(), "cqc-rate score (terminal)"),
              lambda: expect_clean(run(command), "cqc-rate score (pipe)"), pairs_count)
    m["files"] = count
    return m


def _load() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):  # not on this platform
        return None


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {sys.version.split()[0]}"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description="cqc-rate benchmark (see the module docstring).")
    parser.add_argument("--pairs", type=int, default=9, help="interleaved pairs per measure (median taken)")
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), help="one-file formats")
    parser.add_argument("--batch", type=int, nargs="+", default=[3_000, 20_000], help="batch sizes")
    parser.add_argument("--batch-pairs", type=int, default=None,
                        help="pairs per batch measure above 5,000 files (default: --pairs)")
    parser.add_argument("--records", type=int, default=3_000, help="API records for check")
    parser.add_argument("--memory", type=int, nargs=2, default=[5_000, 50_000], metavar=("SMALL", "LARGE"),
                        help="batch sizes whose peak memory is compared")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=HERE / "out", help="where generated files and results go")
    parser.add_argument("--quick", action="store_true", help="smoke run: 3 pairs, json only, batches of 20 and 80")
    parser.add_argument("--only", nargs="+", choices=MEASURES, default=list(MEASURES),
                        help="run only these measures (while working on one)")
    args = parser.parse_args(argv)
    if args.quick:
        args.pairs, args.formats, args.batch, args.records, args.memory = 3, ["json"], [20, 80], 20, [20, 80]
    sys.path.insert(0, str(HERE))
    args.out.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count() or 1

    def say(line: str) -> None:
        print(line, flush=True)

    say(f"cqc-rate benchmark: {machine()}; {' '.join(cqc_rate_command())}")
    figures: dict[str, Any] = {"machine": machine(), "cores": cores, "load_average": {"start": _load()}}
    started = time.perf_counter()

    if "one_file" in args.only:
        one_file_measures(args, figures, say)
    if "batches" in args.only:
        batch_measures(args, figures, say, cores)
    if "check" in args.only:
        check_measure(args, figures, say)
    if "memory" in args.only:
        memory_measures(args, figures, say, cores)
    if "progress" in args.only:
        progress_measure(args, figures, say)

    figures["load_average"]["end"] = _load()
    figures["minutes"] = (time.perf_counter() - started) / 60
    say(f"load average (1 min) at start {figures['load_average']['start']}, at end {figures['load_average']['end']}; "
        f"{figures['minutes']:.1f} minutes")
    (args.out / "results.json").write_text(json.dumps(figures, indent=2) + "\n")
    return figures


def one_file_measures(args: argparse.Namespace, figures: dict[str, Any], say: Callable[[str], None]) -> None:
    say(f"1. one file, `score {SAMPLE.relative_to(ROOT)} --format F` against `python -c \"{BARE}\"`:")
    figures["one_file"] = {}
    for fmt in args.formats:
        m = one_file(fmt, args.pairs)
        figures["one_file"][fmt] = m
        say(f"   {fmt:<6} {m['cpu_s'] * 1000:.0f} ms CPU against {m['base_cpu_s'] * 1000:.0f} ms: "
            + ratio_line(m, TARGETS["one_file"]))
    # What the dependencies alone cost (benchmarks/floor.py): no ratio above can go below it.
    m = one_file("json", args.pairs, FLOOR)
    figures["one_file_floor"] = m
    say(f"   floor  {m['cpu_s'] * 1000:.0f} ms CPU against {m['base_cpu_s'] * 1000:.0f} ms: "
        + ratio_line(m, None) + " (benchmarks/floor.py: a Typer app with score's parameters that "
        "parses, validates and prints the file, scoring nothing)")


def batch_measures(args: argparse.Namespace, figures: dict[str, Any], say: Callable[[str], None],
                   cores: int) -> None:
    say("2. batches, `score DIR --format jsonl` against PyYAML's C loader parsing the same files in one process:")
    figures["batches"] = []
    for count in args.batch:
        folder = files_for("yaml", count, args.out, args.seed)
        for jobs in (1, cores) if cores > 1 else (1,):
            n = args.pairs if count <= 5_000 or args.batch_pairs is None else args.batch_pairs
            m = batch(folder, count, jobs, n)
            figures["batches"].append(m)
            target = TARGETS["batch_jobs_1"] if jobs == 1 else None
            line = (f"   {count:,} files, --jobs {jobs}: {m['ms_per_file']:.2f} ms CPU per file against "
                    f"{m['base_ms_per_file']:.2f} ms: " + ratio_line(m, target))
            if jobs > 1:
                faster = m["wall_s"] < m["base_wall_s"]
                line += (f"; wall {m['wall_s']:.1f} s against the parse's {m['base_wall_s']:.1f} s: "
                         f"{'below' if faster else 'NOT below'}")
            say(line + f"; {m['files_per_s']:,.0f} files/s")
    one_job = sorted((m for m in figures["batches"] if m["jobs"] == 1), key=lambda m: m["files"])
    if len(one_job) >= 2 and one_job[-1]["files"] > one_job[0]["files"]:
        # Informative, not the target: the cost of each further file, start-up left out, from the
        # difference between the smallest and the largest batch (medians of their pairs).
        a, b = one_job[0], one_job[-1]
        files = b["files"] - a["files"]
        ours, base = (b["cpu_s"] - a["cpu_s"]) / files, (b["base_cpu_s"] - a["base_cpu_s"]) / files
        figures["batch_per_further_file"] = {"ms": ours * 1000, "base_ms": base * 1000, "ratio": ours / base}
        say(f"   each further file, --jobs 1 ({a['files']:,} to {b['files']:,}, start-up left out): "
            f"{ours * 1000:.2f} ms CPU against {base * 1000:.2f} ms: ratio {ours / base:.2f} "
            "(not the target's measure)")


def check_measure(args: argparse.Namespace, figures: dict[str, Any], say: Callable[[str], None]) -> None:
    say("3. `check DIR --format jsonl` over CQC API location records against json.load of the same files:")
    folder = files_for("api", args.records, args.out, args.seed)
    m = batch(folder, args.records, 1, args.pairs, command="check", parse=PARSE_JSON)
    figures["check"] = m
    say(f"   {args.records:,} records: {m['ms_per_file']:.2f} ms CPU per record against "
        f"{m['base_ms_per_file']:.3f} ms: " + ratio_line(m) + f"; {m['files_per_s']:,.0f} records/s")


def memory_measures(args: argparse.Namespace, figures: dict[str, Any], say: Callable[[str], None],
                    cores: int) -> None:
    small, large = args.memory
    say(f"4. peak memory (VmHWM), `score DIR --format jsonl`, {small:,} against {large:,} files:")
    figures["memory"] = []
    for jobs in (1, cores) if cores > 1 else (1,):
        a = memory(files_for("yaml", small, args.out, args.seed), small, jobs)
        b = memory(files_for("yaml", large, args.out, args.seed), large, jobs)
        grow_main, grow_worker = b["main_mb"] - a["main_mb"], b["worker_mb"] - a["worker_mb"]
        figures["memory"].append({"jobs": jobs, "small": a, "large": b, "main_growth_mb": grow_main,
                                  "worker_growth_mb": grow_worker})
        target = TARGETS["memory_growth_mb"]
        line = (f"   --jobs {jobs}: main process {a['main_mb']:.1f} -> {b['main_mb']:.1f} MB "
                f"(+{grow_main:.1f}, target <= {target:.0f}: {verdict(grow_main, target)})")
        if jobs > 1:
            line += (f"; largest worker {a['worker_mb']:.1f} -> {b['worker_mb']:.1f} MB "
                     f"(+{grow_worker:.1f}: {verdict(grow_worker, target)})")
        say(line + f"; {large:,} files in {b['wall_s']:.1f} s wall, {b['cpu_s']:.1f} s CPU")
    # check over as many API records, one process, the table (which holds the most: its
    # departures wait for the counts): its peak against score's with one job.
    score_mb = figures["memory"][0]["large"]["main_mb"]
    a = memory(files_for("api", small, args.out, args.seed), small, 1, "check", "table")
    b = memory(files_for("api", large, args.out, args.seed), large, 1, "check", "table")
    figures["check_memory"] = {"small": a, "large": b, "score_large_mb": score_mb}
    say(f"   check --jobs 1 (table): {a['main_mb']:.1f} -> {b['main_mb']:.1f} MB at {small:,} and {large:,} "
        f"records; score's at {large:,} files {score_mb:.1f} MB: "
        f"{'not above it' if b['main_mb'] <= score_mb else 'ABOVE it'}")


def progress_measure(args: argparse.Namespace, figures: dict[str, Any], say: Callable[[str], None]) -> None:
    count = args.batch[0]
    m = progress_cost(files_for("yaml", count, args.out, args.seed), count, args.pairs)
    figures["progress"] = m
    if m:
        say(f"5. the progress bar: score over {count:,} files, --jobs 1, stderr a terminal (bar drawn) "
            "against a pipe (none): " + ratio_line(m))


if __name__ == "__main__":
    main()
