"""`cqc-rate score` through the command line: exit codes, --fail-under, JSON
arrays in argument order, bad files beside good ones, plain text output."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from cqc_rate.cli import app

from .conftest import CLI_ENV, SAMPLES

CARE_HOME = SAMPLES / "care-home.yaml"  # overall good
GP = SAMPLES / "gp-practice.yaml"  # overall good
RATINGS = SAMPLES / "ratings-given.yaml"  # overall requires improvement
NEW = SAMPLES / "new-service-partly-assessed.yaml"  # overall null (withheld)
LIMITER = SAMPLES / "limiter-applied.yaml"  # overall good

ANSI = "\x1b["


# ------------------------------------------------------------ exit codes


def test_exit_0_for_a_valid_file(cli) -> None:
    run = cli("score", CARE_HOME)
    assert run.exit_code == 0
    assert run.stderr == ""


def test_exit_2_for_an_invalid_file_with_a_located_message(cli, write) -> None:
    path = write("bad.yaml", """
        service: {name: Typo, type: gp}
        scores:
          safe: {safeguarding: 7}
    """)
    run = cli("score", path)
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr.strip() == f"{path}:3:24: score must be a whole number from 1 to 4, got 7"


def test_missing_file_exit_2_file_colon_message_no_traceback(cli, tmp_path) -> None:
    path = tmp_path / "nowhere.yaml"
    run = cli("score", path)
    assert run.exit_code == 2
    assert run.stderr.strip() == f"{path}: no such file"
    assert "Traceback" not in run.stderr


def test_yaml_syntax_error_exit_2_located(cli, write) -> None:
    path = write("broken.yaml", """
        service:
          name: Broken
           type: gp
    """)
    run = cli("score", path)
    assert run.exit_code == 2
    line = run.stderr.strip()
    assert line.startswith(f"{path}:3:") and "YAML syntax error" in line
    assert len(run.stderr.strip().splitlines()) == 1


def test_input_file_is_not_written_to(cli) -> None:
    before = CARE_HOME.read_bytes()
    cli("score", CARE_HOME, "--format", "json")
    assert CARE_HOME.read_bytes() == before


# ------------------------------------------------------------ --fail-under


def test_fail_under_met_exits_0(cli) -> None:
    # care home overall good: good is not below good
    run = cli("score", CARE_HOME, "--fail-under", "good")
    assert run.exit_code == 0 and run.stderr == ""


def test_fail_under_not_met_exits_1_and_says_why(cli) -> None:
    # ratings-given overall requires improvement < good
    run = cli("score", RATINGS, "--fail-under", "good", "--format", "json")
    assert run.exit_code == 1
    assert run.json()["overall"]["rating"] == "requires improvement"  # results still print
    assert run.stderr.strip() == (
        f"{RATINGS}: fails --fail-under good: overall rating requires improvement is below good")


def test_fail_under_null_overall_fails(cli) -> None:
    # no overall rating cannot meet a threshold, even the lowest
    run = cli("score", NEW, "--fail-under", "inadequate")
    assert run.exit_code == 1
    assert "no overall rating" in run.stderr and "Effective" in run.stderr


def test_fail_under_outstanding_fails_a_good_service(cli) -> None:
    assert cli("score", CARE_HOME, "--fail-under", "outstanding").exit_code == 1


@pytest.mark.parametrize("word", ["RI", "requires_improvement", "Requires Improvement"])
def test_fail_under_accepts_rating_spellings(cli, word: str) -> None:
    # requires improvement is not below requires improvement
    assert cli("score", RATINGS, "--fail-under", word).exit_code == 0


def test_fail_under_any_file_below_fails_the_run(cli) -> None:
    run = cli("score", CARE_HOME, RATINGS, GP, "--fail-under", "good")
    assert run.exit_code == 1
    assert str(RATINGS) in run.stderr and str(CARE_HOME) not in run.stderr


def test_fail_under_unknown_rating_is_a_usage_error(cli) -> None:
    run = cli("score", CARE_HOME, "--fail-under", "excellent")
    assert run.exit_code == 2
    assert "--fail-under" in run.stderr


def test_invalid_input_exit_2_wins_over_fail_under(cli, write) -> None:
    bad = write("bad.yaml", "service: {name: X, type: nowhere}\n")
    run = cli("score", RATINGS, bad, "--fail-under", "good")
    assert run.exit_code == 2


# ------------------------------------------------------------ several files


def test_one_file_gives_one_json_object(cli) -> None:
    run = cli("score", CARE_HOME, "--format", "json")
    assert isinstance(run.json(), dict)
    assert run.json()["service"]["name"] == "Rosewood House"


def test_several_files_give_a_json_array_in_argument_order(cli) -> None:
    run = cli("score", RATINGS, CARE_HOME, GP, "--format", "json")
    assert run.exit_code == 0
    names = [r["service"]["name"] for r in run.json()]
    assert names == ["Meadowbank Urgent Treatment Centre", "Rosewood House", "Riverside Medical Practice"]
    assert [r["file"] for r in run.json()] == [str(RATINGS), str(CARE_HOME), str(GP)]


def test_a_folder_gives_a_json_array_of_its_files_sorted(cli, tmp_path) -> None:
    import shutil

    for sample in (GP, CARE_HOME, RATINGS):
        shutil.copy(sample, tmp_path / sample.name)
    (tmp_path / "nested").mkdir()
    shutil.copy(LIMITER, tmp_path / "nested" / "limiter.yml")
    run = cli("score", tmp_path, "--format", "json")
    assert run.exit_code == 0, run.stderr
    files = [r["file"] for r in run.json()]
    assert files == sorted(str(p) for p in tmp_path.rglob("*.y*ml"))
    assert len(files) == 4


def test_valid_files_still_print_when_another_is_invalid(cli, write) -> None:
    bad = write("bad.yaml", """
        service: {name: Typo, type: gp}
        scroes:
          safe: {safeguarding: 3}
    """)
    run = cli("score", CARE_HOME, bad, GP, "--format", "json")
    assert run.exit_code == 2
    assert [r["service"]["name"] for r in run.json()] == ["Rosewood House", "Riverside Medical Practice"]
    assert run.stderr.strip().splitlines() == [
        f"{bad}:2:1: unknown key 'scroes': did you mean 'scores'? "
        "(expected service, assessment, history, existing_ratings, existing_scores, scores, ratings)"]


def test_jsonl_one_object_per_line(cli) -> None:
    run = cli("score", CARE_HOME, RATINGS, "--format", "jsonl")
    lines = run.stdout.strip().splitlines()
    assert ([json.loads(line)["service"]["name"] for line in lines]
            == ["Rosewood House", "Meadowbank Urgent Treatment Centre"])


def test_standard_input(cli) -> None:
    run = cli("score", "-", "--format", "json", input=RATINGS.read_text(encoding="utf-8"))
    assert run.exit_code == 0
    assert run.json()["overall"]["rating"] == "requires improvement"
    assert run.json()["file"] == "<stdin>"


# ------------------------------------------------------------ plain text


def test_table_has_the_key_facts(cli) -> None:
    out = cli("score", CARE_HOME).stdout
    assert "Rosewood House" in out
    assert "21/32 = 65.6% → 66" in out  # the worked example's arithmetic
    assert "15/28 = 53.6% → 54" in out and "requires improvement" in out  # well-led
    flat = " ".join(out.split())
    # caring's limiter, in plain words
    assert ("90 is in the outstanding band, limited to good: a statement scored 1 or 2 "
            "(Workforce wellbeing and enablement)") in flat
    assert "transferred from well-led" in out  # workforce wellbeing's transfer exception
    assert "Overall good" in flat and "none inadequate and at most 1 requires improvement: good" in flat
    assert "asc-3-good" not in out
    assert "method 2024" in out


def test_table_shows_withheld_reason(cli) -> None:
    out = cli("score", NEW).stdout
    # Column padding is Rich's to choose: compare words, not spaces.
    assert "withheld" in out and "Overall no rating" in " ".join(out.split())


def test_no_ansi_codes_with_no_color(cli) -> None:
    run = cli("score", CARE_HOME, LIMITER)
    assert ANSI not in run.stdout and ANSI not in run.stderr


def test_no_ansi_codes_when_piped_even_without_no_color() -> None:
    env = {k: v for k, v in CLI_ENV.items() if k != "NO_COLOR"} | {"TERM": "xterm-256color"}
    result = CliRunner().invoke(app, ["score", str(CARE_HOME)], env={**env, "NO_COLOR": None, "FORCE_COLOR": None})
    assert result.exit_code == 0
    assert ANSI not in result.stdout


def test_no_ansi_codes_through_a_real_pipe() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["TERM"] = "xterm-256color"
    proc = subprocess.run([sys.executable, "-m", "cqc_rate", "score", str(LIMITER)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Brightwater Home Care" in proc.stdout
    assert ANSI not in proc.stdout


# ------------------------------------------------------ the console script


def _console(*args: str, stdin: str | None = None):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "cqc_rate", *args], capture_output=True, text=True,
                          input=stdin, env={"NO_COLOR": "1", "COLUMNS": "100", "PATH": ""}, timeout=60)


def test_usage_errors_are_one_plain_line_and_exit_2() -> None:
    run = _console("score", str(GP), "--fail-under", "great")
    assert run.returncode == 2
    assert run.stderr.splitlines() == [
        "cqc-rate score: Invalid value for '--fail-under': expected outstanding, good, "
        "requires improvement (RI) or inadequate (see `cqc-rate score --help`)"]
    run = _console("scor")
    assert run.returncode == 2 and run.stderr.startswith("cqc-rate: No such command 'scor'.")


def test_no_command_shows_help_as_a_usage_error() -> None:
    run = _console()
    assert run.returncode == 2 and "Usage:" in run.stdout


def test_output_cut_short_by_the_reader_is_not_an_error() -> None:
    import subprocess
    import sys

    # `cqc-rate score ... | head -1`: the reader closes the pipe early.
    proc = subprocess.Popen([sys.executable, "-m", "cqc_rate", "score", str(CARE_HOME), str(GP), str(CARE_HOME)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={"NO_COLOR": "1", "PATH": ""})
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0
    assert b"Traceback" not in err


def test_score_takes_a_folder_of_assessment_and_location_files(cli, tmp_path) -> None:
    # The location file is aggregated as `aggregate` does; the rest are scored.
    import shutil

    for name in ("care-home.yaml", "location-override.yaml"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    run = cli("score", tmp_path, "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert [r["kind"] for r in run.json()] == ["service", "location"]
    agg = cli("aggregate", SAMPLES / "location-override.yaml", "--format", "json").json()
    assert run.json()[1]["location"] == agg["location"]
    # --fail-under reads a location's headline: its overall rating (requires improvement here).
    run = cli("score", tmp_path, "--format", "jsonl", "--fail-under", "good")
    assert run.exit_code == 1
    assert run.stderr.strip().endswith(
        "location-override.yaml: fails --fail-under good: overall location rating requires improvement is below good")


def test_a_bug_outside_any_command_guard_is_still_one_line_and_exit_3(monkeypatch, capsys, tmp_path) -> None:
    # A command's own import failing (here: the public API it calls) happens before its guard.
    import sys

    from cqc_rate.cli import main

    monkeypatch.setitem(sys.modules, "cqc_rate.api", None)  # importing it now raises ImportError
    monkeypatch.setattr(sys, "argv", ["cqc-rate", "aggregate", str(tmp_path / "x.yaml")])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert err.startswith("cqc-rate: internal error (ModuleNotFoundError")
