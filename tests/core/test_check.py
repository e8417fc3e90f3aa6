"""`cqc-rate check`: fixtures built to the CQC API location record shape (docs/check.md), each
verdict worked out by hand from the method's principles, bands and limiters."""

from __future__ import annotations

from typing import Any

import pytest

from cqc_rate.core.check import check_record
from cqc_rate.method import method_in_force

KQS = ("Safe", "Effective", "Caring", "Responsive", "Well-led")


def kq(*ratings: str, scores: tuple[str | None, ...] | None = None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i, (name, rating) in enumerate(zip(KQS, ratings, strict=True)):
        entry: dict[str, Any] = {"name": name, "rating": rating}
        if scores is not None and scores[i] is not None:
            entry["percentageScore"] = scores[i]
        out.append(entry)
    return out


def record(kind: str = "Social Care Org", **parts: Any) -> dict[str, Any]:
    directorate = "Adult social care" if kind == "Social Care Org" else "Hospitals"
    return {"locationId": "1-000000001", "name": "Test", "type": kind, "inspectionDirectorate": directorate,
            "unknownField": {"ignored": True}, **parts}


def checks(rec: dict[str, Any]) -> list[dict[str, Any]]:
    return [c.to_dict() for c in check_record(rec, method_in_force(), "f.json")]


@pytest.mark.parametrize("kind", ["Social Care Org", "Primary Medical Services"])
def test_two_ri_with_overall_good_departs_under_both_principle_sets(kind: str) -> None:
    # ASC: 2 or more RI -> RI. Health, 5 ratings (4-8 bucket): 2 or more RI -> RI.
    rec = record(kind, currentRatings={"overall": {
        "rating": "Good", "keyQuestionRatings": kq("Good", "Good", "Good", "Requires improvement", "RI")}})
    [c] = checks(rec)
    assert (c["level"], c["rating_set"], c["verdict"], c["expected"]) == (2, "current", "departs",
                                                                         "requires improvement")
    assert c["principle"] == ("asc-4-requires-improvement" if kind == "Social Care Org"
                              else "health-5-requires-improvement")


@pytest.mark.parametrize("kind", ["Social Care Org", "Primary Medical Services"])
def test_four_good_one_ri_overall_good_agrees(kind: str) -> None:
    rec = record(kind, currentRatings={"overall": {
        "rating": "Good", "keyQuestionRatings": kq("Good", "Good", "Good", "Good", "Requires Improvement")}})
    [c] = checks(rec)
    assert (c["level"], c["verdict"], c["expected"]) == (2, "agrees", "good")
    # ASC: asc-3-good; health (4-8): one RI is under the 2 that principle 5 needs -> otherwise good.
    assert c["principle"] == ("asc-3-good" if kind == "Social Care Org" else "health-otherwise-good")


def _percentage(rating: str, score: str) -> dict[str, Any]:
    rec = record(assessment=[{"assessmentId": "A1", "ratings": {"overall": [], "asgRatings": [{
        "name": "Residential", "rating": "Good",
        "keyQuestionRatings": [{"name": "Safe", "rating": rating, "status": "Published",
                                "percentageScore": score}]}]}}])
    found = [c for c in checks(rec) if c["level"] == 1]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize(("rating", "score", "verdict", "expected"), [
    ("Requires Improvement", "70", "agrees-with-limiter", "good"),  # good band 63-87, a statement scored 1
    ("Inadequate", "70", "departs", "good"),  # two steps below the band: no limiter
    ("Good", "87", "agrees", "good"),  # the top of the good band
    ("Good", "88", "agrees-with-limiter", "outstanding"),  # outstanding band 88-100, a 1 or 2
    ("Outstanding", "87", "departs", "good"),  # above the band: never a limiter
    ("Good", "62", "departs", "requires improvement"),
])
def test_key_question_against_its_percentage(rating: str, score: str, verdict: str, expected: str) -> None:
    c = _percentage(rating, score)
    assert (c["verdict"], c["expected"], c["key_question"], c["rating_set"], c["service"]) == (
        verdict, expected, "safe", "assessment:A1", "Residential")


def test_percentage_not_a_number_or_rating_cannot_check() -> None:
    assert _percentage("Good", "n/a")["verdict"] == "cannot-check"
    c = _percentage("Insufficient evidence to rate", "70")
    assert c["verdict"] == "cannot-check" and "not a rating" in c["reason"]


def test_not_rated_key_question_is_too_few_inputs() -> None:
    rec = record(historicRatings=[{"reportDate": "2019-05-01", "overall": {
        "rating": "Good", "keyQuestionRatings": kq("Good", "Good", "Not rated", "Good", "Good")}}])
    [c] = checks(rec)
    assert (c["rating_set"], c["verdict"]) == ("historic:2019-05-01", "cannot-check")
    assert "4 of 5" in c["reason"] and "caring: Not rated" in c["reason"]


def test_published_overall_not_a_rating_cannot_check() -> None:
    rec = record(currentRatings={"overall": {"rating": "No Approved Rating",
                                             "keyQuestionRatings": kq(*["Good"] * 5)}})
    [c] = checks(rec)
    assert c["verdict"] == "cannot-check"


def test_hospital_levels_3_and_4_from_core_services() -> None:
    # Safe from three services: good, RI, good -> health 1-3 bucket, 1 RI -> RI (published RI: agrees).
    # Effective: good, good, outstanding -> 1 outstanding, none below good -> outstanding (published good).
    services = [
        {"name": "Surgery", "rating": "Good", "keyQuestionRatings": kq("Good", "Good", "Good", "Good", "Good")},
        {"name": "Medical care", "rating": "Requires improvement",
         "keyQuestionRatings": kq("Requires improvement", "Good", "Good", "Good", "Good")},
        {"name": "Outpatients", "rating": "Good",
         "keyQuestionRatings": [{"name": "Safe", "rating": "Good"}, {"name": "Effective", "rating": "Outstanding"},
                                {"name": "Caring", "rating": "Good"}]},
    ]
    overall = {"rating": "Good", "keyQuestionRatings": kq("Requires improvement", "Good", "Good", "Good", "Good")}
    rec = record("NHS Healthcare Organisation", currentRatings={"overall": overall, "serviceRatings": services})
    found = {(c["level"], c["key_question"]): c for c in checks(rec)}
    assert found[3, "safe"]["verdict"] == "agrees"
    assert (found[3, "effective"]["verdict"], found[3, "effective"]["expected"]) == ("departs", "outstanding")
    assert found[3, "caring"]["verdict"] == "agrees"
    # Level 4: 4 good + 1 RI, health 4-8 bucket -> good: agrees.
    assert (found[4, None]["verdict"], found[4, None]["expected"]) == ("agrees", "good")
    assert 2 not in {lvl for lvl, _ in found}


def test_asg_overall_from_its_key_questions() -> None:
    rec = record(assessment=[{"ratings": {"asgRatings": [{
        "name": "Homecare", "rating": "Outstanding",
        "keyQuestionRatings": kq("Outstanding", "Outstanding", "Good", "Good", "Good")}]}}])
    [c] = checks(rec)
    assert (c["rating_set"], c["level"], c["verdict"], c["principle"]) == (
        "assessment:1", 2, "agrees", "asc-2-outstanding")
