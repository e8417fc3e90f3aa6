"""The cqc-rate benchmark: start-up latency and batch throughput, each against a baseline.

    python benchmarks/run.py            # the figures in the README (a few minutes)
    python benchmarks/run.py --quick    # a smoke run on a handful of files

Everything is measured in this one run on this machine, the baselines
interleaved with cqc-rate so a busy machine slows both alike:

1. one-file latency: median wall time of ``cqc-rate score SAMPLE --format json``
   over the median of a bare interpreter that only imports typer, pydantic and
   yaml; the ratio.
2. batch: ``cqc-rate score DIR --format jsonl`` over N generated files (see
   generate.py) against parsing the same files with PyYAML's C loader in one
   process; the ratio, files per second and peak memory (the largest total
   resident set size of the command's process and its workers, sampled every
   20 ms; the proportional set size, which counts a page shared by forked
   workers once, is shown beside it).

Generated files go to benchmarks/out/ (git-ignored) and are reused while the
generator is unchanged. Each batch run must exit 0 with nothing on stderr: every
generated file is a valid assessment.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT / "samples" / "care-home.yaml"

# The targets on a 2-core machine.
TARGETS = {"latency_ratio": 1.25, "batch_ratio": 1.5, "seconds_50000": 60.0, "peak_mb_50000": 150.0}

BARE = "import typer, pydantic, yaml"
# The floor under ratio 1: a Typer command with score's options that does nothing. This
# typer builds a pydantic TypeAdapter for each option at every run, which no bare
# `import typer` pays; the difference between this and cqc-rate is cqc-rate's own.
TYPER_FLOOR = """
import enum, sys
from typing import Annotated, Optional
import typer, pydantic, yaml

class Format(str, enum.Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"

app = typer.Typer(add_completion=False)

@app.command()
def score(
    files: Annotated[list[str], typer.Argument()],
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    fail_under: Annotated[Optional[str], typer.Option("--fail-under")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1)] = None,
    width: Annotated[Optional[int], typer.Option(hidden=True)] = None,
    debug: Annotated[bool, typer.Option("--debug")] = False,
) -> None:
    pass

@app.command()
def other() -> None:
    pass

app()
"""

PARSE_ONLY = """
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


def cqc_rate_command() -> list[str]:
    """The installed console script beside this interpreter, else `python -m cqc_rate`."""
    script = Path(sys.executable).parent / ("cqc-rate.exe" if os.name == "nt" else "cqc-rate")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cqc_rate"]


def _cpu() -> float:
    """CPU seconds used so far by finished child processes (and their waited-for workers)."""
    try:
        import resource
    except ImportError:  # not on this platform
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wall(command: list[str], **kwargs) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(command, **kwargs)
    return time.perf_counter() - start, done


# ------------------------------------------------------------------ memory


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        todo += _children(p)
    return pids


def _field(path: str, name: str) -> int:
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(name):
                    return int(line.split()[1])  # kB
    except OSError:
        pass
    return 0


class PeakMemory(threading.Thread):
    """Peak total RSS and PSS (MB) of a process and its descendants (Linux /proc)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.rss, self.pss = pid, 0.0, 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            pids = _tree(self.pid)
            rss = sum(_field(f"/proc/{p}/status", "VmRSS:") for p in pids) / 1024
            pss = sum(_field(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids) / 1024
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
            self.done.wait(0.02)


def batch_run(command: list[str]) -> tuple[float, float, float, str, int]:
    """(seconds, peak RSS MB, peak PSS MB, stderr, exit code); stdout is discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = PeakMemory(proc.pid)
    peak.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    peak.done.set()
    peak.join()
    return seconds, peak.rss, peak.pss, err, proc.returncode


# ------------------------------------------------------------------ files


def files_for(count: int, out: Path, seed: int) -> Path:
    """A folder of `count` generated files, made once per generator version."""
    from generate import generate

    stamp = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:12] + f"-{seed}"
    folder = out / f"files-{count}"
    marker = folder / ".stamp"
    if marker.exists() and marker.read_text() == stamp:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    generate(folder, count, seed)
    marker.write_text(stamp)
    print(f"  generated {count:,} files in {folder} ({time.perf_counter() - start:.1f} s)", flush=True)
    return folder


# ------------------------------------------------------------------ measures


def latency(runs: int) -> dict[str, float]:
    score = cqc_rate_command() + ["score", str(SAMPLE), "--format", "json"]
    bare = [sys.executable, "-c", BARE]
    wall(score, stdout=subprocess.DEVNULL, check=True)  # warm the file cache and .pyc files
    wall(bare, check=True)
    floor = [sys.executable, "-c", TYPER_FLOOR, "score", str(SAMPLE), "--format", "json"]
    ours, base, typer_only = [], [], []
    for _ in range(runs):
        base.append(wall(bare, check=True)[0])
        ours.append(wall(score, stdout=subprocess.DEVNULL, check=True)[0])
        typer_only.append(wall(floor, check=True)[0])
    o, b, f = statistics.median(ours), statistics.median(base), statistics.median(typer_only)
    return {"score_ms": o * 1000, "bare_ms": b * 1000, "latency_ratio": o / b,
            "typer_floor_ms": f * 1000, "typer_floor_ratio": f / b}


def batch(folder: Path, count: int, repeat: int, jobs: int | None) -> dict[str, float]:
    score = cqc_rate_command() + ["score", str(folder), "--format", "jsonl"]
    if jobs is not None:
        score += ["--jobs", str(jobs)]
    parse = [sys.executable, "-c", PARSE_ONLY, str(folder)]
    ours, base, rss, pss, ours_cpu, base_cpu = [], [], [], [], [], []
    for _ in range(repeat):
        cpu = _cpu()
        seconds, done = wall(parse, capture_output=True, text=True, check=True)
        base_cpu.append(_cpu() - cpu)
        assert int(done.stdout) == count, f"the baseline parsed {done.stdout.strip()} files, not {count}"
        base.append(seconds)
        cpu = _cpu()
        seconds, peak_rss, peak_pss, err, code = batch_run(score)
        ours_cpu.append(_cpu() - cpu)
        if code != 0 or err:
            sys.exit(f"cqc-rate exited {code} on generated files (every one should score):\n{err[:2000]}")
        ours.append(seconds)
        rss.append(peak_rss)
        pss.append(peak_pss)
    o, b = statistics.median(ours), statistics.median(base)
    oc, bc = statistics.median(ours_cpu), statistics.median(base_cpu)
    return {"files": count, "score_s": o, "parse_s": b, "batch_ratio": o / b,
            "files_per_s": count / o, "peak_rss_mb": max(rss), "peak_pss_mb": max(pss),
            "score_cpu_s": oc, "parse_cpu_s": bc, "cpu_ratio": oc / bc if bc else 0.0}


def _load() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):  # not on this platform
        return None


def verdict(value: float, limit: float) -> str:
    return "met" if value <= limit else f"MISSED by {value / limit - 1:.0%}"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description="cqc-rate benchmark (see the module docstring).")
    parser.add_argument("--files", type=int, nargs="+", default=[10_000, 50_000], help="batch sizes")
    parser.add_argument("--runs", type=int, default=21, help="one-file runs of each command (median)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="runs of each batch, median taken (default: 3 up to 10,000 files, 1 above)")
    parser.add_argument("--jobs", type=int, default=None, help="pass --jobs N (default: cqc-rate's own, all cores)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=HERE / "out", help="where generated files go")
    parser.add_argument("--quick", action="store_true", help="smoke run: 3 one-file runs, 2 batches of 20 files")
    args = parser.parse_args(argv)
    if args.quick:
        args.files, args.runs, args.repeat = [20, 80], 3, 1
    sys.path.insert(0, str(HERE))
    args.out.mkdir(parents=True, exist_ok=True)

    print(f"cqc-rate benchmark: Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"{' '.join(cqc_rate_command())}", flush=True)
    figures: dict = {"cores": os.cpu_count(), "python": sys.version.split()[0]}
    load_at_start = _load()
    lat = latency(args.runs)
    figures["latency"] = lat
    print(f"1. one file:  cqc-rate score {lat['score_ms']:.0f} ms, bare interpreter {lat['bare_ms']:.0f} ms "
          f"(medians of {args.runs}): ratio {lat['latency_ratio']:.2f} "
          f"(target <= {TARGETS['latency_ratio']}: {verdict(lat['latency_ratio'], TARGETS['latency_ratio'])})",
          flush=True)
    print(f"   (a Typer command with the same options that does nothing: {lat['typer_floor_ms']:.0f} ms, "
          f"ratio {lat['typer_floor_ratio']:.2f}: the part of ratio 1 that is the CLI framework's)", flush=True)
    figures["batches"] = []
    for n, count in enumerate(args.files, start=2):
        folder = files_for(count, args.out, args.seed)
        repeat = args.repeat or (3 if count <= 10_000 else 1)
        b = batch(folder, count, repeat, args.jobs)
        figures["batches"].append(b)
        line = (f"{n}. {count:,} files: cqc-rate {b['score_s']:.1f} s, C-loader parse only {b['parse_s']:.1f} s: "
                f"ratio {b['batch_ratio']:.2f} (target <= {TARGETS['batch_ratio']}: "
                f"{verdict(b['batch_ratio'], TARGETS['batch_ratio'])}); {b['files_per_s']:,.0f} files/s; "
                f"peak memory {b['peak_rss_mb']:.0f} MB RSS ({b['peak_pss_mb']:.0f} MB PSS); "
                f"CPU time {b['score_cpu_s']:.1f} s (all workers) against {b['parse_cpu_s']:.1f} s: "
                f"ratio {b['cpu_ratio']:.2f}")
        if count == 50_000:
            line += (f"; 50,000 in under {TARGETS['seconds_50000']:.0f} s: "
                     f"{verdict(b['score_s'], TARGETS['seconds_50000'])}; under {TARGETS['peak_mb_50000']:.0f} MB: "
                     f"{verdict(b['peak_rss_mb'], TARGETS['peak_mb_50000'])}")
        print(line, flush=True)
    figures["load_average"] = {"start": load_at_start, "end": _load()}
    print(f"machine load average (1 min) at start {load_at_start}, at end {figures['load_average']['end']}: "
          "other work on the machine slows cqc-rate's workers more than the one-process baselines", flush=True)
    (args.out / "results.json").write_text(json.dumps(figures, indent=2) + "\n")
    return figures


if __name__ == "__main__":
    main()
