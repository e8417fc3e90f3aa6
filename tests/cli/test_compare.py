"""`cqc-rate compare`: the command, its formats and exit codes."""

from __future__ import annotations

import csv
import io

from ..conftest import ROOT, SAMPLES, run_cli

CARE_HOME = SAMPLES / "care-home.yaml"
AFTER = ROOT / "docs" / "examples" / "care-home-after.yaml"


def test_the_sample_pair_in_json():
    # AFTER: learning culture assessed again, 4 (was 2, existing): safe 21/32 = 65.6% (66)
    # -> 23/32 = 71.9% (72), +6 points, still good, 88 - 72 = 16 points from outstanding.
    run = run_cli("compare", CARE_HOME, AFTER, "--format", "json")
    assert run.exit_code == 0, run.stderr
    out = run.json()
    assert (out["kind"], out["name"], out["dropped"]) == ("service", "Rosewood House", False)
    safe = out["ratings"][0]
    assert (safe["key_question"], safe["before"]["percentage"], safe["after"]["percentage"]) == ("safe", 65.6, 71.9)
    assert (safe["points"], safe["direction"], safe["rating_change"]) == (6, "up", "same")
    assert safe["movement"] == "moved up within the good band, now 16 points from outstanding"
    assert [(s["id"], s["score_before"], s["score_after"]) for s in out["statements"]] == [("learning-culture", 2, 4)]
    assert out["ratings"][-1]["key_question"] is None and out["ratings"][-1]["after"]["rating"] == "good"


def test_the_table():
    run = run_cli("compare", CARE_HOME, AFTER)
    assert run.exit_code == 0, run.stderr
    [safe] = [line for line in run.stdout.splitlines() if line.startswith("Safe ")]
    assert safe.split()[:9] == ["Safe", "65.6%", "66", "good", "71.9%", "72", "good", "+6", "up"]
    assert "Safe: Learning culture 2 (existing) → 4 (updated)" in run.stdout


def test_fail_on_drop():
    # Learning culture set to 1: 20/32 = 62.5% -> 63, good band, limited by the 1 to
    # requires improvement: a drop, so --fail-on-drop exits 1 naming it.
    run = run_cli("compare", CARE_HOME, CARE_HOME, "--set", "safe.learning-culture=1", "--fail-on-drop")
    assert run.exit_code == 1
    assert f"{CARE_HOME}: fails --fail-on-drop: Safe good → requires improvement" in run.stderr
    # A rise is no drop; without --fail-on-drop a drop exits 0.
    assert run_cli("compare", CARE_HOME, AFTER, "--fail-on-drop").exit_code == 0
    assert run_cli("compare", CARE_HOME, CARE_HOME, "--set", "safe.learning-culture=1").exit_code == 0


def test_different_services_need_force():
    run = run_cli("compare", CARE_HOME, SAMPLES / "gp-practice.yaml")
    assert run.exit_code == 2
    [line] = run.stderr.strip().splitlines()
    assert line.startswith(f"{SAMPLES / 'gp-practice.yaml'}: cannot compare with {CARE_HOME}: different services: ")
    assert line.endswith("(--force compares them anyway)")
    forced = run_cli("compare", CARE_HOME, SAMPLES / "gp-practice.yaml", "--force", "--format", "json")
    assert forced.exit_code == 0 and forced.json()["notes"]
    kinds = run_cli("compare", CARE_HOME, SAMPLES / "location-acute-trust.yaml")
    assert kinds.exit_code == 2 and "different kinds of file" in kinds.stderr


def test_both_bad_files_are_reported(write):
    bad = write("bad.yaml", """
        service: {name: X, type: gp}
        scores: {safe: {learning-culture: 7}}
    """)
    run = run_cli("compare", bad, SAMPLES / "no-such-file.yaml")
    assert run.exit_code == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"{bad}:") and "no-such-file.yaml" in lines[1]


def test_a_location_in_csv_has_every_level():
    path = SAMPLES / "location-acute-trust.yaml"
    run = run_cli("compare", path, path, "--format", "csv")
    assert run.exit_code == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert {r["level"] for r in rows} == {"1", "2", "3", "4", "5"}
    assert all(r["dropped"] == "false" and r["rating_change"] in ("same", "none") for r in rows)


def test_stdin_only_once():
    assert run_cli("compare", "-", "-", input="").exit_code == 2


def test_one_file_given_twice_says_each_problem_once(tmp_path):
    # A CSV file of two services cannot be one side of a comparison: one line, not one per side.
    two = tmp_path / "two.csv"
    two.write_text("service,type,key_question,statement,score\nA,gp,safe,Learning culture,3\n"
                   "B,gp,safe,Learning culture,2\n", encoding="utf-8")
    run = run_cli("compare", two, two)
    assert run.exit_code == 2
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr


def test_compare_takes_a_csv_file_of_one_service():
    # samples/worked-example.csv against its YAML twin: the same service, nothing changed.
    run = run_cli("compare", SAMPLES / "worked-example.yaml", SAMPLES / "worked-example.csv", "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert run.json()["statements"] == []
    assert run.json()["dropped"] is False
