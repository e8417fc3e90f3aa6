"""`cqc-rate aggregate` through the CLI: the shipped samples (computed by hand in
their comments), formats, --fail-under and exit codes."""

from __future__ import annotations

import json

import pytest

from ..conftest import SAMPLES

HOSPITAL = SAMPLES / "location-independent-hospital.yaml"
ACUTE = SAMPLES / "location-acute-trust.yaml"
OVERRIDE = SAMPLES / "location-override.yaml"


def kq_ratings(data):
    return {kq: r["rating"] for kq, r in data["location"]["key_questions"].items()}


def test_independent_hospital_sample(cli):
    # safe G,G,RI -> RI; effective G (surgery only) -> G; caring O,G,G -> O;
    # responsive G,O,G -> O; well-led G,G,G -> G; overall RI,G,O,O,G (4-8) -> G
    run = cli("aggregate", HOSPITAL, "--format", "json")
    assert run.exit_code == 0, run.stderr
    data = run.json()
    assert kq_ratings(data) == {"safe": "requires improvement", "effective": "good", "caring": "outstanding",
                                "responsive": "outstanding", "well_led": "good"}
    assert data["location"]["overall"]["rating"] == "good"
    assert "trust" not in data
    assert data["services"][0]["source"] == "assessment"
    assert data["services"][0]["overall"]["rating"] == "good"  # O, G, G, G, G (4-8): 1 O -> good


def test_acute_trust_sample(cli):
    # nine counted services (Gynaecology left out); see the sample's comments
    data = cli("aggregate", ACUTE, "--format", "json").json()
    assert kq_ratings(data) == {"safe": "good", "effective": "good", "caring": "outstanding",
                                "responsive": "good", "well_led": "good"}
    assert data["location"]["key_questions"]["safe"]["bucket"] == "9 or more"
    assert data["location"]["overall"]["rating"] == "good"
    assert data["location"]["left_out"] == ["Gynaecology"]
    assert data["trust"]["rating"] == "good"  # 22/32 = 68.75 -> 69 -> good


def test_override_sample(cli):
    data = cli("aggregate", OVERRIDE, "--format", "json").json()
    safe = data["location"]["key_questions"]["safe"]
    assert (safe["computed"], safe["rating"]) == ("requires improvement", "inadequate")
    assert safe["override"]["rationale"].startswith("The inadequate rating for theatres")
    # I, G, G, G, G: exactly 1 inadequate of 5 -> requires improvement
    assert data["location"]["overall"]["rating"] == "requires improvement"


def test_table_shows_counts_principle_override_and_rationale(cli):
    run = cli("aggregate", OVERRIDE, "--width", "200")  # wide: no wrapping inside cells
    assert run.exit_code == 0
    out = run.stdout
    assert "Hillcrest Independent Hospital" in out
    assert "health-6-inadequate-limits" not in out  # the rule in plain words, its id in JSON
    assert "1 outstanding, 2 good, 1 inadequate (4 ratings); exactly 1 inadequate: requires improvement" in out
    assert "inadequate*" in out
    assert "The inadequate rating for theatres" in out
    assert "range from inadequate to outstanding" in out


def test_table_lists_left_out_services_and_trust(cli):
    out = cli("aggregate", ACUTE, "--width", "200").stdout
    assert "Left out of aggregation (significantly small): Gynaecology" in out
    assert "22/32 = 68.8% → 69" in out
    assert "Trust rating" in out


def test_many_files_give_an_array_and_jsonl_one_line_each(cli):
    data = cli("aggregate", HOSPITAL, ACUTE, "--format", "json").json()
    assert [d["location"]["name"] for d in data] == ["Riverside Independent Hospital", "Northgate General Hospital"]
    lines = cli("aggregate", HOSPITAL, ACUTE, "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["kind"] for line in lines] == ["location", "location"]


@pytest.mark.parametrize("threshold, code", [("good", 0), ("outstanding", 1), ("RI", 0)])
def test_fail_under_uses_the_overall_location_rating(cli, threshold, code):
    run = cli("aggregate", HOSPITAL, "--fail-under", threshold, "--format", "json")
    assert run.exit_code == code
    if code:
        assert "overall location rating good is below outstanding" in run.stderr


def test_fail_under_uses_the_trust_rating_where_that_is_the_only_level(cli, write):
    path = write("trust.yaml", """
        location: {name: T, type: nhs-trust-non-acute}
        trust:
          scores:
            well-led: {27: 2, 28: 2, 29: 2, 30: 2, 31: 2, 32: 2, 33: 2, 34: 2}
    """)
    # 16/32 = 50% -> requires improvement
    run = cli("aggregate", path, "--fail-under", "good")
    assert run.exit_code == 1
    assert "trust rating requires improvement is below good" in run.stderr


def test_invalid_file_gives_exit_2_and_valid_ones_still_print(cli, write):
    bad = write("bad.yaml", "location: {name: X, type: gp}\nservices: [{name: A, ratings: {safe: good}}]\n")
    run = cli("aggregate", HOSPITAL, bad, "--format", "json")
    assert run.exit_code == 2
    assert run.json()[0]["location"]["name"] == "Riverside Independent Hospital"
    assert run.stderr.startswith(f"{bad}:1:27: gp gets levels 1, 2")


def test_missing_location_file(cli, tmp_path):
    run = cli("aggregate", tmp_path / "nope.yaml")
    assert run.exit_code == 2
    assert run.stderr.strip() == f"{tmp_path / 'nope.yaml'}: no such file"


def test_help_has_examples(cli):
    run = cli("aggregate", "--help")
    assert run.exit_code == 0 and "cqc-rate aggregate samples/location-independent-hospital.yaml" in run.stdout
