"""`cqc-rate validate` (issue 6): every problem in every file, located; batches of files
and folders where one bad file never stops the others; JSON for machines; stdin."""

from __future__ import annotations

import json

import pytest

from cqc_rate import engine

from ..conftest import SAMPLES

GOOD = """\
service: {name: Good Home, type: adult-social-care}
ratings: {safe: good, effective: good, caring: good, responsive: good, well-led: good}
"""

THREE_PROBLEMS = """\
service: {name: Bad Home, type: adult-social-care}
scores:
  safe:
    safeguarding: 5
    Learning cultre: 3
ratings:
  caring: brilliant
"""


def test_valid_file(cli) -> None:
    run = cli("validate", SAMPLES / "care-home.yaml")
    assert run.exit_code == 0
    assert run.stdout == f"{SAMPLES / 'care-home.yaml'}: ok (service)\n"
    assert run.stderr == ""


def test_every_problem_in_a_file_at_once(cli, write) -> None:
    path = write("bad.yaml", THREE_PROBLEMS)
    run = cli("validate", path)
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        f"{path}:4:19: score must be a whole number from 1 to 4, got 5",
        f"{path}:5:5: unknown quality statement 'Learning cultre'; did you mean 'Learning culture'?",
        f"{path}:7:11: unknown rating 'brilliant': expected outstanding, good, requires improvement or inadequate",
    ]
    assert run.stdout == ""


def test_mixed_folder_reports_bad_files_and_passes_good_ones(cli, write, tmp_path) -> None:
    good = write("a/good.yaml", GOOD)
    bad = write("a/sub/bad.yml", THREE_PROBLEMS)
    dup = write("a/dup.yaml", GOOD + "service: {name: Again, type: gp}\n")
    write("a/notes.txt", "not yaml: ignored\n")
    run = cli("validate", tmp_path / "a")
    assert run.exit_code == 2
    assert run.stdout == f"{good}: ok (service)\n"
    assert f"{dup}:3:1: duplicate key 'service' (first given at line 1): give each key once" in run.stderr
    assert sum(line.startswith(f"{bad}:") for line in run.stderr.splitlines()) == 3


def test_mixed_folder_with_score_prints_valid_results_and_exits_2(cli, write, tmp_path) -> None:
    write("m/1-good.yaml", GOOD)
    bad = write("m/2-bad.yaml", THREE_PROBLEMS)
    write("m/3-good.yml", GOOD.replace("Good Home", "Other Home"))
    run = cli("score", tmp_path / "m", "--format", "json")
    assert run.exit_code == 2
    names = [r["service"]["name"] for r in run.json()]
    assert names == ["Good Home", "Other Home"]
    assert all(line.startswith(f"{bad}:") for line in run.stderr.splitlines())
    assert len(run.stderr.splitlines()) == 3


def test_json_lists_problems_for_machines(cli, write) -> None:
    good = write("good.yaml", GOOD)
    bad = write("bad.yaml", THREE_PROBLEMS)
    run = cli("validate", good, bad, "--format", "json")
    assert run.exit_code == 2
    assert run.stderr == ""
    first, second = run.json()
    assert first == {"file": str(good), "valid": True, "kind": "service", "problems": []}
    assert second["valid"] is False
    assert [(p["line"], p["column"]) for p in second["problems"]] == [(4, 19), (5, 5), (7, 11)]
    assert all(p["file"] == str(bad) for p in second["problems"])


def test_json_for_one_file_is_one_object(cli, write) -> None:
    run = cli("validate", write("good.yaml", GOOD), "--format", "json")
    assert run.exit_code == 0
    assert run.json()["valid"] is True


def test_jsonl_is_one_object_per_line(cli, write, tmp_path) -> None:
    write("j/a.yaml", GOOD)
    write("j/b.yaml", "")
    run = cli("validate", tmp_path / "j", "--format", "jsonl")
    assert run.exit_code == 2
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["valid"] for r in rows] == [True, False]
    assert rows[1]["problems"][0]["message"] == "empty file: expected a YAML mapping"
    assert rows[1]["problems"][0]["line"] is None


def test_missing_path_does_not_stop_the_others(cli, write, tmp_path) -> None:
    good = write("good.yaml", GOOD)
    missing = tmp_path / "missing.yaml"
    run = cli("validate", missing, good)
    assert run.exit_code == 2
    assert run.stderr == f"{missing}: no such file\n"
    assert run.stdout == f"{good}: ok (service)\n"


def test_empty_folder_is_reported(cli, tmp_path) -> None:
    (tmp_path / "empty").mkdir()
    run = cli("validate", tmp_path / "empty")
    assert run.exit_code == 2
    assert run.stderr == f"{tmp_path / 'empty'}: a folder with no *.yaml or *.yml files in it\n"


@pytest.mark.parametrize("command", ["validate", "score"])
def test_stdin(cli, command) -> None:
    run = cli(command, "-", "--format", "json", input=GOOD)
    assert run.exit_code == 0, run.stderr
    assert run.json()["file"] == "<stdin>"


@pytest.mark.parametrize("command", ["validate", "score"])
def test_stdin_problems_are_located(cli, command) -> None:
    run = cli(command, "-", input=GOOD + "service: {name: X, type: gp}\n")
    assert run.exit_code == 2
    assert run.stderr == "<stdin>:3:1: duplicate key 'service' (first given at line 1): give each key once\n"


# ------------------------------------------------------ location dispatch


def test_location_files_are_checked_as_aggregate_reads_them(cli, write) -> None:
    good = write("loc.yaml", """
        location: {name: Example General, type: independent-hospital}
        services:
          - {name: Surgery, ratings: {safe: good}}
    """)
    # No services, and a moderated trust rating for a type without level 5: both
    # problems that only a location file's own checks see.
    bad = write("bad.yaml", """
        location: {name: Example General, type: independent-hospital}
        services: []
        overrides:
          - {target: trust, rating: good, rationale: Moderation.}
    """)
    run = cli("validate", good, bad)
    assert run.exit_code == 2
    assert run.stdout == f"{good}: ok (location)\n"
    assert len(run.stderr.splitlines()) == 2 and all(line.startswith(f"{bad}:") for line in run.stderr.splitlines())


def test_location_sample_validates(cli) -> None:
    run = cli("validate", SAMPLES / "location-independent-hospital.yaml")
    assert run.exit_code == 0, run.stderr


# ---------------------------------------------------------- internal errors


@pytest.mark.parametrize("command", ["validate", "score"])
def test_internal_error_is_one_line_and_exit_3(cli, write, monkeypatch, command) -> None:
    def boom(*_args):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "validate_document", boom)
    monkeypatch.setattr(engine, "score_document", boom)
    path = write("good.yaml", GOOD)
    run = cli(command, path)
    assert run.exit_code == 3
    # One line naming the file: in a batch, the other files go on (tests/cli/test_batch_faults.py).
    assert run.stderr.splitlines() == [
        f"{path}: internal error (RuntimeError: boom): this is a bug, please report it with this file; "
        "run again with --debug for the traceback."]
    debug = cli(command, path, "--debug")
    assert debug.exit_code == 3
    assert "Traceback (most recent call last)" in debug.stderr
    assert debug.stderr.splitlines()[-1] == (
        f"{path}: internal error (RuntimeError: boom): this is a bug, please report it with this file "
        "and the traceback above.")


# -------------------------------------- the example files: validate agrees with score


def _score_cases(folder: str):
    from ..test_cases import CASES, _command

    return [p for p in sorted((CASES / folder).rglob("*.yaml")) if _command(p) == "score"]


@pytest.mark.parametrize("path", _score_cases("invalid"), ids=lambda p: p.name)
def test_validate_reports_what_score_reports(cli, path) -> None:
    # `validate` accepts exactly what `score` accepts, with the same messages.
    expected = path.with_suffix(".expected.txt").read_text(encoding="utf-8").replace("FILE", str(path)).strip()
    run = cli("validate", path)
    assert run.exit_code == 2
    assert run.stderr.strip().splitlines() == expected.splitlines()
    assert run.stdout == ""


@pytest.mark.parametrize("path", _score_cases("valid"), ids=lambda p: p.name)
def test_validate_accepts_valid_cases(cli, path) -> None:
    run = cli("validate", path)
    assert run.exit_code == 0, run.stderr


def test_closed_pipe_stops_quietly(tmp_path) -> None:
    # `cqc-rate score folder/ --format jsonl | head -1`: no "internal error", no traceback.
    import subprocess
    import sys

    for i in range(40):  # ~10 KB each: well past a pipe's buffer
        (tmp_path / f"s{i:02}.yaml").write_bytes((SAMPLES / "care-home.yaml").read_bytes())
    proc = subprocess.Popen([sys.executable, "-m", "cqc_rate", "score", str(tmp_path), "--format", "jsonl"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 0  # the reader stopped early: not an error
    assert stderr == ""
