"""Class 3 (issue 17): clean ends for conditions that are not bugs.

Output that cannot be written (stdout closed, a full disk), a locale that cannot
encode the tool's symbols, stdin closed or write-only: one line and a documented
exit code (docs/safety.md), never "this is a bug" or exit 3. Names the system
refuses (a NUL, over 255 bytes), permission denied, folders nested 1,200 deep, an
unreadable subfolder: located problems, and the batch goes on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cqc_rate.inputs import folders, reader
from cqc_rate.problems import InputError

from ..conftest import SAMPLES, run_cli
from .conftest import process

CARE_HOME = SAMPLES / "care-home.yaml"
EXIT_OUTPUT = 2  # cqc_rate.cli.common: the output could not be written (the contract's codes are 0-3)


def _no_bug(run) -> None:
    assert run.returncode != 3
    assert "bug" not in run.stderr and "Traceback" not in run.stderr


def test_closed_stdout_is_one_line_and_the_exit_code_still_tells_validity():
    run = process("validate", str(CARE_HOME), preexec_fn=lambda: os.close(1), stdout=None)
    _no_bug(run)
    assert run.returncode == 0
    assert run.stderr.splitlines() == ["cqc-rate: standard output is closed: results are not written"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full is Linux's")
@pytest.mark.parametrize("command", ["score", "validate", "statements", "explain"])
def test_a_full_disk_is_one_line_and_exit_2(command):
    args = [command] if command == "statements" else [command, str(CARE_HOME)]
    with open("/dev/full", "w") as full:
        run = process(*args, stdout=full)
    _no_bug(run)
    assert run.returncode == EXIT_OUTPUT
    assert run.stderr.splitlines() == ["cqc-rate: cannot write the output: no space left on device"]


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "PYTHONUTF8": "0",
                                                                  "PYTHONCOERCECLOCALE": "0"}])
@pytest.mark.parametrize("command", [["score"], ["explain"], ["score", "--brief"], ["score", "-f", "json"],
                                     ["aggregate"]])
def test_an_ascii_locale_gets_ascii_and_exit_0(env, command):
    path = SAMPLES / ("location-independent-hospital.yaml" if command == ["aggregate"] else "care-home.yaml")
    run = process(*command, str(path), env=env)
    _no_bug(run)
    assert run.returncode == 0, run.stderr
    assert run.stdout.isascii() and run.stdout


def test_an_ascii_locale_gets_messages_in_ascii(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("service: {name: Café, type: gp}\nscores: {safe: {learning-culture: 9}}\n", encoding="utf-8")
    run = process("validate", str(bad), env={"PYTHONIOENCODING": "ascii"})
    assert run.returncode == 2
    assert run.stderr.isascii()


def test_closed_stdin_is_one_located_line():
    run = process("validate", "-", preexec_fn=lambda: os.close(0))
    _no_bug(run)
    assert run.returncode == 2
    assert run.stderr.splitlines() == ["<stdin>: standard input is closed: nothing to read"]


def test_write_only_stdin_is_one_located_line():
    with open(os.devnull, "wb") as write_only:
        run = process("validate", "-", stdin=write_only)
    _no_bug(run)
    assert run.returncode == 2
    assert run.stderr.splitlines() == ["<stdin>: standard input cannot be read: bad file descriptor"]


def test_a_nul_in_a_path_is_a_problem_not_a_crash():
    with pytest.raises(InputError) as info:
        reader.read_document("a\x00b.yaml")
    assert [str(p) for p in info.value.problems] == ["a\\x00b.yaml: a file name cannot contain a NUL character"]


def test_a_name_over_255_bytes_is_a_problem_and_the_batch_goes_on():
    long = "a" * 300 + ".yaml"
    run = run_cli("validate", long, CARE_HOME)
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [f"{long}: cannot be read: file name too long"]
    assert run.stdout == f"{CARE_HOME}: ok (service)\n"
    assert run_cli("validate", long).exit_code == 2  # alone: the same problem, not a crash


def test_permission_denied_on_a_file(tmp_path, monkeypatch):
    # Tests may run as root, where chmod 000 stops nothing: the refusal is simulated.
    locked = tmp_path / "locked.yaml"
    locked.write_text("x: 1\n", encoding="utf-8")
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(reader.os, "open", refuse)
    run = run_cli("validate", locked, CARE_HOME)
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [f"{locked}: cannot be read: permission denied"]
    assert run.stdout == f"{CARE_HOME}: ok (service)\n"


def test_an_unreadable_subfolder_is_a_problem_not_skipped(tmp_path, monkeypatch):
    (tmp_path / "good.yaml").write_text(CARE_HOME.read_text(encoding="utf-8"), encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden.yaml").write_text("x: 1\n", encoding="utf-8")
    real_scandir = os.scandir

    def refuse(path):
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(folders.os, "scandir", refuse)
    run = run_cli("validate", tmp_path)
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [f"{locked}: folder cannot be read: permission denied"]
    assert run.stdout == f"{tmp_path / 'good.yaml'}: ok (service)\n"


@pytest.fixture
def deep(tmp_path):
    """A chain of 1,200 folders d/d/d/... under tmp_path, removed again one level at a
    time: shutil.rmtree (and so pytest's clean-up of old temporary folders) recurses,
    and fails on it."""
    fds = [os.open(tmp_path, os.O_RDONLY)]
    try:
        for _ in range(1200):  # one level at a time, each opened from the last
            os.mkdir("d", dir_fd=fds[-1])
            fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
        yield tmp_path
    finally:
        os.close(fds.pop())
        while fds:
            fd = fds.pop()
            os.rmdir("d", dir_fd=fd)
            os.close(fd)


def test_folders_nested_1200_deep_are_a_problem_and_the_rest_is_read(deep):
    tmp_path = deep
    (tmp_path / "good.yaml").write_text(CARE_HOME.read_text(encoding="utf-8"), encoding="utf-8")
    run = run_cli("validate", tmp_path)
    assert run.exit_code == 2
    # The first folder past the limit (level 101 below the folder named) is the problem.
    too_deep = tmp_path.joinpath(*["d"] * (folders.MAX_FOLDER_DEPTH + 1))
    assert run.stderr.splitlines() == [
        f"{too_deep}: folders nested more than {folders.MAX_FOLDER_DEPTH} levels deep below the folder named: "
        "not searched"]
    assert run.stdout == f"{tmp_path / 'good.yaml'}: ok (service)\n"
