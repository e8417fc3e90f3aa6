"""A batch never loses a result and never hangs (issue 11).

Faults are injected by file name through the real CLI (tests/cli/faults.py):
a file that raises (an internal error), one whose worker kills itself once (the redo
succeeds) and one whose worker dies every time (it must be reported). Each run is a
subprocess under a hard timeout, so a hang fails the test instead of stopping it.
Among them are good files and invalid ones (exit 2 on their own); the exit code is 3,
every good file's result is on stdout exactly once in argument order, and every bad
file is named on stderr, in order.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT

TIMEOUT = 60  # seconds: far above a normal run, so only a hang reaches it
COUNT = 2000
STATEMENTS = ["safe-systems-pathways-and-transitions", "safeguarding", "involving-people-to-manage-risks",
              "safe-environments", "safe-and-effective-staffing", "infection-prevention-and-control",
              "medicines-optimisation"]


def _good(n: int) -> str:
    """A new GP practice with only `safe` scored: learning culture 1-4, the other seven 3."""
    scores = ", ".join([f"learning-culture: {_learning(n)}", *(f"{s}: 3" for s in STATEMENTS)])
    return (f"service: {{name: Practice {n}, type: gp}}\n"
            "history: {inspected_before: false}\n"
            f"scores:\n  safe: {{{scores}}}\n")


def _learning(n: int) -> int:
    return 1 + n % 4


# Worked by hand: 7 x 3 + learning culture (1-4) of 8 x 4 = 32; 22/32 = 68.75% -> 69,
# 23/32 = 71.875% -> 72, 24/32 = 75% -> 75, 25/32 = 78.125% -> 78: all in good's band (63-87),
# but a statement scored 1 limits the key question to requires improvement.
EXPECTED_SAFE = {1: (22, 69, "requires improvement"), 2: (23, 72, "good"), 3: (24, 75, "good"),
                 4: (25, 78, "good")}

INVALID = "servise: {name: Typo, type: gp}\nscores:\n  safe: {learning-culture: 3}\n"

# Position in the folder -> kind of bad file (and a crash last). The first file is processed
# before any worker starts, so a crash there is in the main process; no die- file may be first.
CRASHES, INVALIDS = (0, 700), (300, 1500)
DIE_ONCE, DIE_ALWAYS = (1000,), (1200,)


def _folder(root, dying: bool):
    """COUNT good files with bad ones among them, named so that sorting keeps this order."""
    bad = {**{i: "crash" for i in CRASHES}, **{i: "invalid" for i in INVALIDS}}
    if dying:
        bad.update({i: "die-once" for i in DIE_ONCE} | {i: "die-always" for i in DIE_ALWAYS})
    bad[COUNT + len(bad)] = "crash"  # the last file
    folder = root / ("dying" if dying else "plain")
    folder.mkdir()
    good, named = [], []
    for n in range(COUNT + len(bad)):
        kind = bad.get(n, "good")
        path = folder / f"f{n:05d}-{kind}.yaml"
        path.write_text(INVALID if kind == "invalid" else _good(n), encoding="utf-8")
        (good if kind in ("good", "die-once") else named).append(str(path))
    assert len(good) == COUNT + len(DIE_ONCE if dying else ())
    return folder, good, named


def _run(*args, timeout=TIMEOUT):
    return subprocess.run([sys.executable, "-W", "error", "-m", "tests.cli.faults", *map(str, args)],
                          cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120"})


def _check(run, good, named):
    assert run.returncode == 3, run.stderr[-2000:]
    results = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["file"] for r in results] == good  # each exactly once, in argument order
    for result in results:
        n = int(os.path.basename(result["file"])[1:6])
        safe = result["key_questions"]["safe"]
        total, score, rating = EXPECTED_SAFE[_learning(n)]
        assert (safe["total"], safe["maximum"], safe["score"], safe["rating"]) == (total, 32, score, rating)
    lines = run.stderr.splitlines()
    # Each bad file named, in order: an invalid file has a line per problem, the others one line.
    said = [line.split(":", 1)[0] for line in lines]
    assert [path for i, path in enumerate(said) if i == 0 or said[i - 1] != path] == named
    for line in lines:
        path = line.split(":", 1)[0]
        if "crash" in path:
            assert line == (f"{path}: internal error (RuntimeError: injected crash): this is a bug, "
                            "please report it with this file; run again with --debug for the traceback.")
        elif "die-always" in path:
            assert line == (f"{path}: internal error (a worker process died (exit status 1)): this is a bug, "
                            "please report it with this file; run again with --debug for the traceback.")
    assert "Traceback" not in run.stderr


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    return {"dying": _folder(root, True), "plain": _folder(root, False)}


def test_workers_lose_no_result_and_redo_or_report_a_dead_worker_s_files(folders):
    folder, good, named = folders["dying"]
    for _ in range(3):
        for marker in folder.glob("*.died"):
            marker.unlink()
        run = _run("score", folder, "--format", "jsonl", "--jobs", "2")
        _check(run, good, named)
        assert [m.name for m in folder.glob("*.died")] == [f"f{i:05d}-die-once.yaml.died" for i in DIE_ONCE]


def test_without_workers_every_file_is_processed_too(folders):
    folder, good, named = folders["plain"]
    _check(_run("score", folder, "--format", "jsonl", "--jobs", "1"), good, named)


def test_debug_shows_the_traceback_and_still_goes_on(folders):
    folder, good, named = folders["plain"]
    crash = [p for p in named if "crash" in p][1]
    run = _run("score", good[0], crash, good[1], "--format", "jsonl", "--debug")
    assert run.returncode == 3
    assert [json.loads(line)["file"] for line in run.stdout.splitlines()] == good[:2]
    assert "Traceback (most recent call last)" in run.stderr
    assert run.stderr.splitlines()[-1] == (
        f"{crash}: internal error (RuntimeError: injected crash): this is a bug, please report it "
        "with this file and the traceback above.")


@pytest.mark.parametrize("command", ["validate", "explain"])
def test_validate_and_explain_go_on_after_an_internal_error(folders, command):
    folder, good, named = folders["plain"]
    crash, invalid = [p for p in named if "crash" in p][1], [p for p in named if "invalid" in p][0]
    args = [good[0], crash, invalid, good[1]]
    run = _run(command, *args, *(["--format", "jsonl"] if command == "explain" else []))
    assert run.returncode == 3
    if command == "validate":
        assert run.stdout.splitlines() == [f"{good[0]}: ok (service)", f"{good[1]}: ok (service)"]
    else:
        assert [json.loads(line)["file"] for line in run.stdout.splitlines()] == good[:2]
    lines = run.stderr.splitlines()
    assert lines[0] == (f"{crash}: internal error (RuntimeError: injected crash): this is a bug, please report it "
                        "with this file; run again with --debug for the traceback.")
    assert lines[1:] and all(line.startswith(f"{invalid}:") for line in lines[1:])


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="finds the workers through /proc")
def test_a_worker_killed_from_outside_mid_batch_loses_nothing(folders, tmp_path):
    folder, good, named = folders["plain"]
    out, err = tmp_path / "out", tmp_path / "err"
    with open(out, "w") as stdout, open(err, "w") as stderr:
        proc = subprocess.Popen([sys.executable, "-W", "error", "-m", "tests.cli.faults", "score", str(folder),
                                 "--format", "jsonl", "--jobs", "2"], cwd=ROOT, stdout=stdout, stderr=stderr)
        try:
            deadline = time.monotonic() + TIMEOUT
            while not (workers := _children(proc.pid)) or out.stat().st_size < 10_000:
                assert proc.poll() is None and time.monotonic() < deadline, "no worker to kill"
                time.sleep(0.01)
            os.kill(workers[0], signal.SIGKILL)
            proc.wait(timeout=TIMEOUT)
        finally:
            proc.kill()
    run = subprocess.CompletedProcess(proc.args, proc.returncode, out.read_text(), err.read_text())
    _check(run, good, named)


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="finds the workers through /proc")
def test_ctrl_c_during_a_parallel_batch_ends_the_workers_and_says_one_line(folders, tmp_path):
    folder, _good, _named = folders["plain"]
    out = tmp_path / "out"
    with open(out, "w") as stdout:
        # A session of its own, as a terminal's foreground group: Ctrl-C reaches every process in it.
        proc = subprocess.Popen([sys.executable, "-W", "error", "-m", "tests.cli.faults", "score", str(folder),
                                 "--format", "jsonl", "--jobs", "2"], cwd=ROOT, stdout=stdout,
                                stderr=subprocess.PIPE, text=True, start_new_session=True,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        try:
            deadline = time.monotonic() + TIMEOUT
            while not (workers := _children(proc.pid)) or out.stat().st_size < 10_000:
                assert proc.poll() is None and time.monotonic() < deadline, "no workers"
                time.sleep(0.01)
            os.killpg(proc.pid, signal.SIGINT)
            _, err = proc.communicate(timeout=TIMEOUT)
        finally:
            proc.kill()
    assert proc.returncode == 130
    # The crash in the first file is reported before; then one line, and no worker's traceback.
    assert err.splitlines()[-1] == "cqc-rate: interrupted"
    assert all(line.startswith(str(folder)) for line in err.splitlines()[:-1])
    assert "Traceback" not in err
    assert not [pid for pid in workers if _alive(pid)]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
