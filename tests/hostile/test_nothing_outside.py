"""Class 1 (issue 17): nothing outside what the user named is read or shown.

A location file's assessment: paths stay inside its folder unless --allow-outside;
a symbolic link leading out of a scanned folder is not followed unless
--follow-symlinks; only regular files are read (a FIFO or a device is refused at
once, never waited on); a message echoes at most a short escaped excerpt.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cqc_rate.inputs import reader
from cqc_rate.safe_text import EXCERPT

from ..conftest import SAMPLES, run_cli

SECRET = "-----BEGIN OPENSSH PRIVATE KEY----- " + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ" * 50


def _location(folder: Path, assessment: str, name: str = "Surgery") -> Path:
    path = folder / "location.yaml"
    path.write_text(
        "location: {name: Riverside, type: independent-hospital}\n"
        f"services:\n  - name: {name}\n    assessment: {assessment}\n"
        "  - name: Outpatients\n    ratings: {safe: good, effective: good, caring: good, responsive: good, "
        "well-led: good}\n", encoding="utf-8")
    return path


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "id_ed25519"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["validate", "aggregate", "score", "explain"])
@pytest.mark.parametrize("how", ["absolute", "relative"])
def test_an_assessment_path_leading_out_of_the_folder_is_refused_unread(tmp_path, secret, command, how):
    inside = tmp_path / "location"
    inside.mkdir()
    named = str(secret) if how == "absolute" else "../id_ed25519"
    location = _location(inside, named)
    run = run_cli(command, location)
    assert run.exit_code == 2
    [line] = [x for x in run.stderr.splitlines() if x]
    # services.0.assessment's value stands at line 4, column 17 (`    assessment: ` is 16 characters).
    assert line == (f"{location}:4:17: assessment {named} (service 'Surgery') cannot be used: the path leads "
                    f"outside the location file's folder ({os.path.realpath(inside)}): refused; "
                    "run with --allow-outside to allow it")
    assert "BEGIN" not in run.stdout + run.stderr


def test_allow_outside_reads_it_and_shows_no_more_than_an_excerpt(tmp_path, secret):
    inside = tmp_path / "location"
    inside.mkdir()
    location = _location(inside, str(secret))
    run = run_cli("validate", "--allow-outside", location)
    assert run.exit_code == 2
    header, problem = run.stderr.splitlines()
    assert header.endswith("(service 'Surgery') cannot be used:")
    # A file that is text, not a mapping: its first 24 characters and an ellipsis, no more.
    assert problem == f"{secret}:1:1: expected a YAML mapping at the top, got '{SECRET[:24]}…'"


def test_a_path_inside_the_folder_is_read_as_before(tmp_path):
    folder = tmp_path / "location"
    (folder / "services").mkdir(parents=True)
    (folder / "services" / "surgery.yaml").write_text(
        (SAMPLES / "independent-hospital-surgery.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    run = run_cli("aggregate", _location(folder, "services/surgery.yaml"), "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert "Riverside" in run.stdout


def test_a_location_naming_itself_is_a_located_problem(tmp_path):
    location = _location(tmp_path, "location.yaml")
    run = run_cli("validate", location)
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        f"{location}:4:17: assessment location.yaml (service 'Surgery') cannot be used: "
        "it names this location file itself"]


def test_a_symlink_leading_out_of_a_scanned_folder_is_not_followed(tmp_path, secret):
    folder = tmp_path / "scanned"
    folder.mkdir()
    (folder / "good.yaml").write_text((SAMPLES / "care-home.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "key.yaml").symlink_to(secret)
    run = run_cli("validate", folder)
    assert run.exit_code == 2
    assert run.stdout == f"{folder / 'good.yaml'}: ok (service)\n"  # the other file still checked
    assert run.stderr.splitlines() == [
        f"{folder / 'key.yaml'}: a symbolic link leading outside the folder searched: not followed; "
        "run with --follow-symlinks to read it"]
    followed = run_cli("validate", "--follow-symlinks", folder)
    assert followed.exit_code == 2
    assert followed.stderr.splitlines() == [
        f"{folder / 'key.yaml'}:1:1: expected a YAML mapping at the top, got '{SECRET[:24]}…'"]


def test_a_symlink_inside_the_folder_and_a_link_named_directly_are_read(tmp_path):
    folder = tmp_path / "scanned"
    folder.mkdir()
    (folder / "real.yaml").write_text((SAMPLES / "care-home.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "alias.yaml").symlink_to(folder / "real.yaml")
    run = run_cli("validate", folder)
    assert run.exit_code == 0, run.stderr
    outside = tmp_path / "named.yaml"
    outside.symlink_to(SAMPLES / "care-home.yaml")  # named by the user: followed
    assert run_cli("validate", outside).exit_code == 0


def test_a_fifo_is_refused_at_once_and_the_batch_goes_on(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # nobody writes to it: reading it would wait for ever
    (tmp_path / "good.yaml").write_text((SAMPLES / "care-home.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    run = run_cli("validate", tmp_path)
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [f"{fifo}: a FIFO (named pipe), not a regular file: refused"]
    assert run.stdout == f"{tmp_path / 'good.yaml'}: ok (service)\n"


def test_a_device_is_refused_at_once():
    run = run_cli("validate", "/dev/zero")
    assert run.exit_code == 2
    assert run.stderr.splitlines() == ["/dev/zero: a device, not a regular file: refused"]


def test_a_long_value_is_echoed_as_an_excerpt_only(tmp_path):
    # A 900,000-character score: its message shows EXCERPT characters and "…".
    path = tmp_path / "long.yaml"
    path.write_text("service: {name: A, type: gp}\nscores:\n  safe:\n    learning-culture: " + "x" * 900_000 + "\n",
                    encoding="utf-8")
    run = run_cli("validate", path)
    assert run.exit_code == 2
    assert max(len(line) for line in run.stderr.splitlines()) < 1_000 + len(str(path)) + 20
    assert f"'{'x' * EXCERPT}…'" in run.stderr


def test_every_echoed_value_is_cut():
    doc = reader.parse("f.yaml", "service: {name: A, type: " + "y" * 500 + "}\n")
    from cqc_rate.engine import check_document
    from cqc_rate.problems import InputError

    with pytest.raises(InputError) as info:
        check_document(doc)
    [problem] = info.value.problems
    assert f"'{'y' * EXCERPT}…'" in problem.message
    assert "y" * (EXCERPT + 1) not in problem.message


def test_check_reads_only_regular_files_too(tmp_path):
    fifo = tmp_path / "records.json"
    os.mkfifo(fifo)
    run = run_cli("check", fifo)
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [f"{fifo}: a FIFO (named pipe), not a regular file: refused"]
