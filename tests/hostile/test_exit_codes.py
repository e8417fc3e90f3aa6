"""Class 8 (issue 17): exit codes that tell the truth.

Invalid input still exits 2 when the reader of the output goes away early
(`validate bad.yaml big/ | head -1` exited 0); every command answers a closed pipe
alike (`statements` and `service-types` exited 1); a message that cannot be written
(`2>/dev/full`) does not turn 2 into 1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, process

SMALL = "service: {name: A, type: gp}\n"
BAD = "service: {name: A}\n"  # no type


def _closed_at_once(*args: str) -> subprocess.CompletedProcess[str]:
    """`cqc-rate ARGS | true`: the reader has gone before the first write."""
    child = subprocess.Popen([sys.executable, "-m", "cqc_rate", *args], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert child.stdout is not None
    child.stdout.close()
    _, err = child.communicate(timeout=60)
    return subprocess.CompletedProcess(args, child.returncode, "", err)


def _folder(tmp_path: Path, files: int) -> Path:
    big = tmp_path / "big"
    big.mkdir()
    for i in range(files):
        (big / f"{i:04d}-{'x' * 100}.yaml").write_text(SMALL, encoding="utf-8")
    return big


def test_invalid_input_still_exits_2_when_the_reader_goes_away(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    big = _folder(tmp_path, 800)  # 800 lines of ~150 characters: more than a pipe holds
    run = _closed_at_once("validate", str(bad), str(big))
    assert run.returncode == 2
    assert run.stderr.splitlines() == [f"{bad}:1:10: missing required key 'type' in service"]


def test_valid_input_exits_0_when_the_reader_goes_away(tmp_path):
    run = _closed_at_once("validate", str(_folder(tmp_path, 800)))
    assert run.returncode == 0
    assert run.stderr == ""


@pytest.mark.parametrize("command", [["statements"], ["service-types"], ["statements", "-f", "json"],
                                     ["score", "samples/care-home.yaml"], ["methodology"]])
def test_every_command_answers_a_closed_pipe_alike(command):
    run = _closed_at_once(*command)
    assert run.returncode == 0
    assert run.stderr == ""


def test_a_full_stderr_keeps_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    with open("/dev/full", "w") as full:
        run = process("validate", str(bad), stderr=full)
    assert run.returncode == 2


def test_compare_fail_on_drop_still_exits_1_when_the_reader_goes_away():
    # The care home's learning culture 2 -> 1: a statement at 1 limits safe to requires
    # improvement (was good), so safe and overall went down; `| true` must not hide it.
    args = ["compare", "samples/care-home.yaml", "samples/care-home.yaml",
            "--set", "safe.learning-culture=1", "--fail-on-drop"]
    run = _closed_at_once(*args)
    assert run.returncode == 1
    assert [line.split(": fails --fail-on-drop: ")[1] for line in run.stderr.splitlines()] == \
        ["Safe good → requires improvement", "Overall good → requires improvement"]
    assert _closed_at_once(*args[:-1]).returncode == 0
