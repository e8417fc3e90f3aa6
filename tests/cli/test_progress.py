"""The progress bar of a long batch (cli/progress.py): on stderr when that is a terminal,
never when piped, with --quiet, or when results go to the same terminal.

A terminal is faked through the project's own check (progress.is_terminal), and the
delay before the bar appears is set to 0 (so the batch's length plays no part).
"""

from __future__ import annotations

import shutil
import sys

import pytest

from cqc_rate.cli import progress

from ..conftest import SAMPLES, run_cli


@pytest.fixture
def batch(tmp_path):
    """Three valid files and one that is text, not a mapping: one problem (reader.parse)."""
    for n in range(3):
        shutil.copy(SAMPLES / "care-home.yaml", tmp_path / f"home-{n}.yaml")
    (tmp_path / "notes.yaml").write_text("just some notes\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def stderr_a_terminal(monkeypatch):
    monkeypatch.setattr(progress, "is_terminal", lambda stream: stream is sys.stderr)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "REDRAW", 0.0)


COMMANDS = {
    "score": ("score", "{dir}", "--format", "jsonl", "--jobs", "1"),
    "validate": ("validate", "{dir}"),
    "check": ("check", str(SAMPLES / "api"), "--format", "jsonl"),
}


def _run(name: str, folder, *extra: str):
    # A terminal that draws (CLI_ENV's TERM=dumb draws no bar), narrower than a problem's line.
    return run_cli(*(a.format(dir=folder) for a in COMMANDS[name]), *extra, env={"TERM": "xterm", "COLUMNS": "60"})


def test_on_a_terminal_the_bar_says_files_rate_and_problems(batch, stderr_a_terminal) -> None:
    run = _run("score", batch)
    assert run.exit_code == 2  # the file that is not a mapping
    # 4 files, all done when the bar is last drawn; 1 problem (notes.yaml's).
    assert "4 of 4 files" in run.stderr
    assert "files/s" in run.stderr
    assert "1 problems" in run.stderr
    # The problem itself is printed too, above the bar, on one line though wider than the terminal.
    assert f"{batch / 'notes.yaml'}:1:1: expected a YAML mapping at the top, got 'just some notes'\n" in run.stderr
    # Results are on stdout as ever: 3 lines, one per valid file.
    assert len(run.stdout.splitlines()) == 3


@pytest.mark.parametrize("name", ["validate", "check"])
def test_validate_and_check_show_it_too(name, batch, stderr_a_terminal) -> None:
    run = _run(name, batch)
    assert "files/s" in run.stderr


@pytest.mark.parametrize("name", list(COMMANDS))
def test_quiet_shows_nothing(name, batch, stderr_a_terminal) -> None:
    run = _run(name, batch, "--quiet")
    assert "files/s" not in run.stderr
    assert "\x1b" not in run.stderr


@pytest.mark.parametrize("name", list(COMMANDS))
def test_piped_shows_nothing(name, batch, monkeypatch) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.0)  # however long the batch: stderr is no terminal
    run = _run(name, batch)
    assert "files/s" not in run.stderr
    assert "\x1b" not in run.stderr


def test_a_valid_batch_piped_writes_nothing_on_stderr(batch, monkeypatch) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.0)
    (batch / "notes.yaml").unlink()
    run = _run("score", batch)
    assert (run.exit_code, run.stderr) == (0, "")


def test_not_when_results_go_to_the_same_terminal(batch, monkeypatch) -> None:
    monkeypatch.setattr(progress, "is_terminal", lambda stream: stream in (sys.stderr, sys.stdout))
    monkeypatch.setattr(progress, "DELAY", 0.0)
    run = _run("score", batch)
    assert "files/s" not in run.stderr


def test_not_before_the_delay(batch, stderr_a_terminal, monkeypatch) -> None:
    monkeypatch.setattr(progress, "DELAY", 3600.0)  # a batch of four files ends long before
    run = _run("score", batch)
    assert "files/s" not in run.stderr
