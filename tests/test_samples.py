"""Every sample in samples/ is scored and checked against values worked out by
hand from the method (the arithmetic is in each sample's comments and here).

Per key question: (total, maximum, percentage, score, rating, basis); None
where the result is withheld or given directly.
"""

from __future__ import annotations

import pytest

from .conftest import SAMPLES, run_cli

WITHHELD = (None, None, None, None, None, None)

EXPECTED = {
    "independent-hospital-surgery.yaml": {
        # safe 8 x 3 = 24/32 = 75 -> good; effective 3+3+4+3+3+3 = 19/24 = 79.17 -> 79.2, 79 -> good
        "safe": (24, 32, 75.0, 75, "good", "band"),
        "effective": (19, 24, 79.2, 79, "good", "band"),
        # caring 4+4+3+4+4 = 19/20 = 95 -> outstanding (no 1 or 2: no limiter)
        "caring": (19, 20, 95.0, 95, "outstanding", "band"),
        # responsive 6 x 3 + 2 = 20/28 = 71.43 -> 71.4, 71 -> good; well-led 7 x 3 = 21/28 = 75 -> good
        "responsive": (20, 28, 71.4, 71, "good", "band"),
        "well_led": (21, 28, 75.0, 75, "good", "band"),
        # health principles, 5 ratings (4-8): 1 outstanding < 2, nothing below good -> good
        "overall": ("good", "health-otherwise-good"),
    },
    "care-home.yaml": {
        # safe: existing 2,2,2 + updated 3 + transferred 3,3,3,3 = 21/32 = 65.6 -> 66 -> good
        "safe": (21, 32, 65.6, 66, "good", "band"),
        # effective: 6 x 3 transferred = 18/24 = 75 -> good
        "effective": (18, 24, 75.0, 75, "good", "band"),
        # caring: 4 updated + 3 x 4 transferred + workforce wellbeing 2 (well-led RI) = 18/20 = 90
        # -> outstanding band, limited to good by the 2
        "caring": (18, 20, 90.0, 90, "good", "limiter"),
        # responsive: care provision 2 (well-led) + providing information 3 (effective) + 5 x 3 = 20/28 = 71.4
        "responsive": (20, 28, 71.4, 71, "good", "band"),
        # well-led: updated 2, 3 + 5 x 2 transferred = 15/28 = 53.6 -> 54 -> RI
        "well_led": (15, 28, 53.6, 54, "requires improvement", "band"),
        # overall: 4 good, 1 RI -> ASC principle 3
        "overall": ("good", "asc-3-good"),
    },
    "gp-practice.yaml": {
        # 3+3+2+3 updated + 4 x 2 = 19/32 = 59.375 -> 59.4, 59 -> RI
        "safe": (19, 32, 59.4, 59, "requires improvement", "band"),
        # 4+3 + 4 x 3 = 19/24 = 79.17 -> 79.2, 79 -> good
        "effective": (19, 24, 79.2, 79, "good", "band"),
        # 5 x 3 = 15/20 = 75 -> good
        "caring": (15, 20, 75.0, 75, "good", "band"),
        # 6 x 4 + 3 = 27/28 = 96.43 -> 96.4, 96 -> outstanding (no 1 or 2)
        "responsive": (27, 28, 96.4, 96, "outstanding", "band"),
        # 6 x 3 + 4 = 22/28 = 78.57 -> 78.6, 79 -> good
        "well_led": (22, 28, 78.6, 79, "good", "band"),
        # health, N = 5 (4-8): 1 O (<2), 1 RI (<2), 0 inadequate -> good
        "overall": ("good", "health-otherwise-good"),
    },
    "limiter-applied.yaml": {
        # 7 x 3 + 1 = 22/32 = 68.75 -> 68.8, 69 -> good band, a 1 -> RI
        "safe": (22, 32, 68.8, 69, "requires improvement", "limiter"),
        "effective": (18, 24, 75.0, 75, "good", "band"),
        # 4+4+4+4+2 = 18/20 = 90 -> outstanding band, a 2 -> good
        "caring": (18, 20, 90.0, 90, "good", "limiter"),
        "responsive": (21, 28, 75.0, 75, "good", "band"),
        "well_led": (21, 28, 75.0, 75, "good", "band"),
        "overall": ("good", "asc-3-good"),
    },
    "ratings-given.yaml": {
        "safe": (None, None, None, None, "requires improvement", "given"),
        "effective": (None, None, None, None, "good", "given"),
        "caring": (None, None, None, None, "outstanding", "given"),
        "responsive": (None, None, None, None, "good", "given"),
        "well_led": (None, None, None, None, "requires improvement", "given"),
        # health, N = 5: 2 RI (>= 2 of 4-8) -> requires improvement (principle 5)
        "overall": ("requires improvement", "health-5-requires-improvement"),
    },
    "new-service-partly-assessed.yaml": {
        # 3+3+3+2+3+3+3+3 = 23/32 = 71.875 -> 71.9, 72 -> good
        "safe": (23, 32, 71.9, 72, "good", "band"),
        "effective": WITHHELD,
        # 3+4+3+3+3 = 16/20 = 80 -> good
        "caring": (16, 20, 80.0, 80, "good", "band"),
        "responsive": WITHHELD,
        "well_led": WITHHELD,
        "overall": (None, None),
    },
    "worked-example.yaml": {
        # the source's worked example: 2+3+3+2+3+3+2+3 = 21 of 8 x 4 = 32 -> 65.625 -> 65.6, 66 -> good (63-87)
        "safe": (21, 32, 65.6, 66, "good", "band"),
        "effective": WITHHELD,
        "caring": WITHHELD,
        "responsive": WITHHELD,
        "well_led": WITHHELD,
        "overall": (None, None),
    },
    "method-2023.yaml": {
        # safeguarding 11/16 = 68.75 -> 69 -> 3; safe environments 7/12 = 58.3 -> 58 -> 2;
        # 3 + 2 + 6 x 3 = 23/32 = 71.875 -> 71.9, 72 -> good
        "safe": (23, 32, 71.9, 72, "good", "band"),
        "effective": (18, 24, 75.0, 75, "good", "band"),
        # kindness 11/12 = 91.7 -> 92 -> 4; 4 + 3 x 3 + 2 (workforce wellbeing from well-led RI) = 15/20 = 75
        "caring": (15, 20, 75.0, 75, "good", "band"),
        # 2 (well-led) + 3 (effective) + 5 x 3 = 20/28 = 71.43 -> 71.4, 71 -> good
        "responsive": (20, 28, 71.4, 71, "good", "band"),
        # governance 5/12 = 41.7 -> 42 -> 2; 2 + 6 x 2 = 14/28 = 50 -> RI
        "well_led": (14, 28, 50.0, 50, "requires improvement", "band"),
        "overall": ("good", "asc-3-good"),
    },
}


def _rated_samples() -> list[str]:
    """Samples of rated services; local authority, non-rated and location samples
    are checked in tests/test_samples_other.py and tests/cli/test_aggregate.py."""
    import yaml

    from cqc_rate.method import method_in_force as methodology

    names = []
    for path in SAMPLES.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        service = data.get("service") or {}
        stype = methodology().service_type(service.get("type", ""))
        if stype is not None and stype.kind == "service":
            names.append(path.name)
    return sorted(names)


def test_every_rated_sample_has_expectations() -> None:
    assert _rated_samples() == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_scores(name: str) -> None:
    run = run_cli("score", SAMPLES / name, "--format", "json")
    assert run.exit_code == 0, run.stderr
    result = run.json()
    expected = EXPECTED[name]
    for kq, row in result["key_questions"].items():
        got = (row["total"], row["maximum"], row["percentage"], row["score"], row["rating"], row["basis"])
        assert got == expected[kq], kq
    overall = result["overall"]
    assert (overall["rating"], overall["principle"] and overall["principle"]["id"]) == expected["overall"]


def test_sample_first_line_is_the_schema_modeline() -> None:
    for path in SAMPLES.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        schema = "location" if "\nlocation:" in text else "assessment"
        assert text.splitlines()[0] == f"# yaml-language-server: $schema=../schemas/{schema}.schema.json", path.name


def test_sample_care_home_sources_and_transfer_exceptions() -> None:
    # a rated care home's first assessment: a few updated statements, the rest existing or transferred
    statements = {s["id"]: s for kq in run_cli("score", SAMPLES / "care-home.yaml", "--format", "json")
                  .json()["key_questions"].values() for s in kq["statements"]}
    assert statements["infection-prevention-and-control"]["source"] == "updated"
    assert statements["learning-culture"]["source"] == "existing"
    assert statements["workforce-wellbeing-and-enablement"]["transferred_from"] == "well_led"
    assert statements["care-provision-integration-and-continuity"]["transferred_from"] == "well_led"
    assert statements["providing-information"]["transferred_from"] == "effective"
    assert statements["environmental-sustainability-sustainable-development"]["score"] is None


def test_sample_gp_practice_has_no_asc_exceptions() -> None:
    data = run_cli("score", SAMPLES / "gp-practice.yaml", "--format", "json").json()
    responsive = data["key_questions"]["responsive"]
    by_id = {s["id"]: s for s in responsive["statements"]}
    assert by_id["providing-information"]["transferred_from"] == "responsive"
    assert by_id["care-provision-integration-and-continuity"]["transferred_from"] == "responsive"


def test_sample_method_2023_evidence_categories() -> None:
    result = run_cli("score", SAMPLES / "method-2023.yaml", "--format", "json").json()
    assert result["method"] == "2023"
    safe = {s["id"]: s for s in result["key_questions"]["safe"]["statements"]}
    # 3,2,3,3 = 11/16 = 68.75 -> 68.8 (one decimal), 69 whole -> statement score 3
    assert safe["safeguarding"]["evidence"] == {
        "categories": {"peoples_experience": 3, "feedback_from_staff_and_leaders": 2, "observation": 3, "processes": 3},
        "total": 11, "maximum": 16, "percentage": 68.8, "score": 69}
    assert safe["safeguarding"]["score"] == 3
    assert safe["safe-environments"]["score"] == 2


def test_sample_new_service_withheld_reasons() -> None:
    result = run_cli("score", SAMPLES / "new-service-partly-assessed.yaml", "--format", "json").json()
    kqs = result["key_questions"]
    assert kqs["effective"]["reason"].startswith("withheld: 4 of 6 statements not assessed")
    assert kqs["responsive"]["reason"].startswith("withheld: 7 of 7 statements not assessed")
    assert kqs["well_led"]["reason"].startswith("withheld: 3 of 7 statements not assessed")
    assert "not been inspected before" in kqs["well_led"]["reason"]
    assert result["overall"]["reason"] is not None
