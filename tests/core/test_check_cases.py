"""`check` over the fixture records in tests/cases/check/: one record per branch (social care,
GP, independent hospital with core services, acute trust, an assessment block with percentage
scores on and beside the band edges, words that are not ratings, historic sets, a record with
no currentRatings.overall) and two real records with personal names removed. Each
NAME.expected.yaml lists the checks in order with the arithmetic worked out by hand."""

from __future__ import annotations

import json

import pytest
import yaml

import cqc_rate

from ..conftest import CASES

FIXTURES = sorted((CASES / "check").glob("*.json"))


def test_every_branch_has_a_fixture() -> None:
    names = {f.stem for f in FIXTURES}
    assert {"gp-two-ri", "independent-hospital", "acute-trust", "assessment-band-edges", "non-rating-words",
            "no-current-overall", "real-henley-house", "real-lucerne-house"} <= names


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_fixture_checks_as_worked_out_by_hand(fixture) -> None:
    expected = yaml.safe_load(fixture.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
    checks = cqc_rate.check(json.loads(fixture.read_text(encoding="utf-8")), name=fixture.name)
    got = [[c.rating_set, c.level, c.key_question, c.service, c.expected, c.verdict, c.principle] for c in checks]
    assert got == expected


def test_real_records_carry_no_personal_names() -> None:
    for fixture in FIXTURES:
        if fixture.stem.startswith("real-"):
            text = fixture.read_text(encoding="utf-8")
            assert "personGivenName" not in text and "personFamilyName" not in text and "mainPhoneNumber" not in text


def test_check_file_reads_every_record_of_a_json_lines_file(tmp_path) -> None:
    # Three fixtures as JSON Lines: their checks in order, each located at its line.
    chosen = [CASES / "check" / f"{n}.json" for n in ("gp-two-ri", "real-henley-house", "acute-trust")]
    path = tmp_path / "extract.jsonl"
    path.write_text("".join(json.dumps(json.loads(f.read_text(encoding="utf-8"))) + "\n" for f in chosen))
    result = cqc_rate.check_file(path)
    assert result.problems == ()
    # 1 + 1 + 6 checks (gp-two-ri, real-henley-house, acute-trust expected files)
    assert [c.file for c in result.checks] == [f"{path}:1", f"{path}:2"] + [f"{path}:3"] * 6


def test_check_refuses_what_is_not_a_location_record() -> None:
    with pytest.raises(cqc_rate.InputError) as caught:
        cqc_rate.check({"name": "no id"})
    assert [p.message for p in caught.value.problems] == ["not a location record: no locationId"]
