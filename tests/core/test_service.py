"""A rated service: key-question ratings (level 1), withheld results and the
overall rating (level 2); the checks that need more than one field.

Every number is worked out by hand in the comment beside it.
"""

from __future__ import annotations

from typing import Any

import pytest

from cqc_rate.core.service import check, choose_method, score, score_key_question
from cqc_rate.core.sources import TransferContext, resolve
from cqc_rate.engine import method_of
from cqc_rate.inputs.service import ServiceAssessment
from cqc_rate.method import base_catalogue as catalogue
from cqc_rate.method import method_in_force as methodology
from cqc_rate.terms import Rating

M = methodology()
O, G, RI, I = Rating.OUTSTANDING, Rating.GOOD, Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE

SAFE_EXAMPLE = {  # the source's worked example, all existing but infection control
    "learning-culture": 2, "safe-systems-pathways-and-transitions": 3, "safeguarding": 3,
    "involving-people-to-manage-risks": 2, "safe-environments": 3, "safe-and-effective-staffing": 2,
    "medicines-optimisation": 3,
}
ALL_GOOD = {kq: "good" for kq in ("safe", "effective", "caring", "responsive", "well-led")}


def assessment(**sections: Any) -> ServiceAssessment:
    sections.setdefault("service", {"name": "Test", "type": "gp"})
    return ServiceAssessment.model_validate(sections)


def run(**sections: Any):
    a = assessment(**sections)
    assert check(a, method_of(a)) == []
    return score("test.yaml", a, method_of(a))


def sources(kq_result) -> dict[str, tuple[int | None, str | None]]:
    return {s.statement.slug: (s.score, s.source) for s in kq_result.statements}


# ------------------------------------------------------------ the worked example


def test_worked_example_safe_21_of_32() -> None:
    result = run(scores={"safe": {"infection-prevention-and-control": 3}}, existing_scores={"safe": SAFE_EXAMPLE})
    safe = result.key_questions["safe"]
    # 2+3+3+2+3+3+2+3 = 21 of 32 = 65.625 -> 65.6, 66 -> good (band 63-87)
    assert (safe.total, safe.maximum, safe.percentage, safe.score) == (21, 32, 65.6, 66)
    assert (safe.band, safe.rating, safe.basis) == (G, G, "band")
    assert sources(safe)["infection-prevention-and-control"] == (3, "updated")
    assert sources(safe)["learning-culture"] == (2, "existing")


def test_score_key_question_20_of_32_flags_the_half_on_the_edge() -> None:
    # 4,4,3,3,2,2,1,1 = 20/32 = 62.5 -> 63 -> good band, but a 1 -> limited to RI
    # (the flag still says the .5 was rounded into good)
    scores = dict(zip(SAFE_EXAMPLE | {"infection-prevention-and-control": 0}, [4, 4, 3, 3, 2, 2, 1, 1], strict=True))
    statements = resolve(catalogue().statements_of("safe"), scores, {}, TransferContext({}, False), M)
    kq = score_key_question("safe", statements, M, rating_to_transfer=False, why_no_rating="none")
    assert (kq.percentage, kq.score, kq.band, kq.rating, kq.basis) == (62.5, 63, G, RI, "limiter")
    assert len(kq.flags) == 1 and "62.5" in kq.flags[0]


def test_score_key_question_28_of_32_is_outstanding_flagged() -> None:
    # 4,4,4,4,3,3,3,3 = 28/32 = 87.5 -> 88 -> outstanding (no 1 or 2)
    scores = dict(zip(SAFE_EXAMPLE | {"infection-prevention-and-control": 0}, [4, 4, 4, 4, 3, 3, 3, 3], strict=True))
    statements = resolve(catalogue().statements_of("safe"), scores, {}, TransferContext({}, False), M)
    kq = score_key_question("safe", statements, M, rating_to_transfer=False, why_no_rating="none")
    assert (kq.percentage, kq.score, kq.rating, kq.basis) == (87.5, 88, O, "band")
    assert len(kq.flags) == 1 and "87.5" in kq.flags[0]


# ------------------------------------------------------------ limiters on every counted score


def test_limiter_good_limited_by_a_1_transferred_score() -> None:
    # caring published outstanding (4 x 4), well-led inadequate -> workforce wellbeing transferred 1:
    # 4+4+4+4+1 = 17/20 = 85 -> good band; the transferred 1 limits it to RI
    result = run(existing_ratings={**ALL_GOOD, "caring": "outstanding", "well-led": "inadequate"})
    caring = result.key_questions["caring"]
    assert (caring.total, caring.maximum, caring.score, caring.band) == (17, 20, 85, G)
    assert caring.rating is RI and caring.basis == "limiter"
    assert caring.limiter.statements == ("workforce-wellbeing-and-enablement",)


def test_limiter_outstanding_limited_by_a_1_or_2_existing_score() -> None:
    # safe published outstanding: 7 transferred 4s + existing 2 = 30/32 = 93.75 -> 94 -> outstanding band;
    # the existing 2 limits it to good
    result = run(existing_ratings={**ALL_GOOD, "safe": "outstanding"},
                 existing_scores={"safe": {"safeguarding": 2}})
    safe = result.key_questions["safe"]
    assert (safe.total, safe.score, safe.band, safe.rating) == (30, 94, O, G)
    assert safe.limiter.limiter.id == "outstanding-limited-by-a-1-or-2"


def test_limiter_outstanding_band_with_a_1_ends_at_good_not_requires_improvement() -> None:
    # 7 transferred 4s + updated 1 = 29/32 = 90.6 -> 91 -> outstanding band; the 1 caps at good, once
    result = run(existing_ratings={**ALL_GOOD, "safe": "outstanding"}, scores={"safe": {"safeguarding": 1}})
    safe = result.key_questions["safe"]
    assert (safe.percentage, safe.score, safe.band, safe.rating) == (90.6, 91, O, G)


# ------------------------------------------------------------ where scores come from, end to end


def test_mixed_key_question_updated_existing_and_transferred() -> None:
    # safe published requires improvement (2). updated: safeguarding 4; existing: learning culture 3,
    # staffing 1; the other five transferred 2: 4+3+1+5x2 = 18/32 = 56.25 -> 56.3, 56 -> RI (no limiter below good)
    result = run(existing_ratings={**ALL_GOOD, "safe": "requires improvement"},
                 scores={"safe": {"safeguarding": 4}},
                 existing_scores={"safe": {"learning-culture": 3, "safe-and-effective-staffing": 1}})
    safe = result.key_questions["safe"]
    src = sources(safe)
    assert src["safeguarding"] == (4, "updated")
    assert src["learning-culture"] == (3, "existing")
    assert src["safe-and-effective-staffing"] == (1, "existing")
    assert [v for v in src.values() if v[1] == "transferred"] == [(2, "transferred")] * 5
    assert (safe.total, safe.maximum, safe.percentage, safe.score, safe.rating) == (18, 32, 56.3, 56, RI)


def test_transfer_exceptions_asc_framework_only_default_for_adult_social_care() -> None:
    # ASC, history not given: asc_framework_only true. Responsive good, effective outstanding, well-led RI:
    # care provision <- well-led 2, providing information <- effective 4, five others 3:
    # 2+4+5x3 = 21/28 = 75 -> good
    result = run(service={"name": "Home", "type": "adult-social-care"},
                 existing_ratings={**ALL_GOOD, "effective": "outstanding", "well-led": "requires improvement"})
    responsive = result.key_questions["responsive"]
    src = sources(responsive)
    assert src["care-provision-integration-and-continuity"] == (2, "transferred")
    assert src["providing-information"] == (4, "transferred")
    assert (responsive.total, responsive.maximum, responsive.score, responsive.rating) == (21, 28, 75, G)


def test_transfer_exceptions_asc_not_applied_when_asc_framework_only_false() -> None:
    # same ratings, asc_framework_only: false: all seven responsive statements take responsive (3): 21/28
    result = run(service={"name": "Home", "type": "adult-social-care"},
                 history={"inspected_before": True, "asc_framework_only": False},
                 existing_ratings={**ALL_GOOD, "effective": "outstanding", "well-led": "requires improvement"})
    src = sources(result.key_questions["responsive"])
    assert src["care-provision-integration-and-continuity"] == (3, "transferred")
    assert src["providing-information"] == (3, "transferred")


def test_transfer_exceptions_asc_not_applied_to_a_gp() -> None:
    result = run(existing_ratings={**ALL_GOOD, "effective": "outstanding", "well-led": "inadequate"})
    src = sources(result.key_questions["responsive"])
    assert src["care-provision-integration-and-continuity"] == (3, "transferred")
    assert src["providing-information"] == (3, "transferred")
    # but workforce wellbeing (every type) still comes from well-led: 1
    assert sources(result.key_questions["caring"])["workforce-wellbeing-and-enablement"] == (1, "transferred")


def test_well_led_of_seven_without_environmental_sustainability() -> None:
    # well-led good: 7 statements x 3 = 21/28 = 75; environmental sustainability has no score and is not missing
    result = run(existing_ratings=ALL_GOOD)
    well_led = result.key_questions["well_led"]
    assert (well_led.total, well_led.maximum, well_led.rating, well_led.reason) == (21, 28, G, None)
    assert sources(well_led)["environmental-sustainability-sustainable-development"] == (None, None)
    assert not well_led.notes


# ------------------------------------------------------------ withheld


def test_never_inspected_service_withholds_partly_assessed_key_questions() -> None:
    # safe: 2 of 8 scored, nothing to transfer -> no percentage, no rating, with the reason
    result = run(scores={"safe": {"safeguarding": 3, "learning-culture": 4}})
    safe = result.key_questions["safe"]
    assert (safe.percentage, safe.score, safe.rating, safe.total) == (None, None, None, None)
    assert "withheld" in safe.reason and "6 of 8" in safe.reason
    assert "not been inspected" in safe.reason
    assert sources(safe)["safeguarding"] == (3, "updated")
    assert result.overall.rating is None and "all five key questions" in result.overall.reason


def test_never_inspected_service_fully_assessed_key_question_is_rated() -> None:
    # effective: all 6 scored 3,3,3,3,4,4 = 20/24 = 83.3 -> 83 -> good
    effective = dict(zip([s.slug for s in catalogue().statements_of("effective")], [3, 3, 3, 3, 4, 4], strict=True))
    result = run(history={"inspected_before": False}, scores={"effective": effective})
    kq = result.key_questions["effective"]
    assert (kq.total, kq.maximum, kq.percentage, kq.score, kq.rating) == (20, 24, 83.3, 83, G)
    assert result.key_questions["safe"].rating is None


def test_withheld_when_no_published_rating_for_that_key_question_only() -> None:
    # inspected, safe published good, caring unpublished: caring with one score is withheld, safe is not
    result = run(existing_ratings={"safe": "good"}, scores={"caring": {"kindness-compassion-and-dignity": 4}})
    assert result.key_questions["safe"].rating is G
    caring = result.key_questions["caring"]
    assert caring.rating is None and caring.percentage is None
    assert "no published caring rating" in caring.reason
    assert result.overall.rating is None


def test_provider_change_transfers_nothing() -> None:
    result = run(history={"inspected_before": True, "provider_changed": True},
                 existing_ratings=ALL_GOOD, scores={"safe": {"safeguarding": 3}})
    safe = result.key_questions["safe"]
    assert safe.rating is None and "previous provider" in safe.reason
    assert all(s.source != "transferred" for kq in result.key_questions.values() for s in kq.statements)
    assert any("previous provider" in note for note in result.notes)
    assert result.overall.rating is None


# ------------------------------------------------------------ ratings given directly, overall


def test_ratings_given_directly_stand_alone() -> None:
    result = run(ratings={"safe": "good", "effective": "outstanding", "caring": "outstanding",
                          "responsive": "good", "well-led": "good"})
    assert {kq: r.rating for kq, r in result.key_questions.items()} == {
        "safe": G, "effective": O, "caring": O, "responsive": G, "well_led": G}
    assert all(r.basis == "given" and r.percentage is None for r in result.key_questions.values())
    # GP: health principles, N = 5 (4-8): 2 outstanding and the rest good -> outstanding (principle 4)
    assert result.overall.rating is O and result.overall.rule.id == "health-4-outstanding"


def test_overall_adult_social_care_one_inadequate_gap_reading() -> None:
    result = run(service={"name": "Home", "type": "adult-social-care"},
                 ratings={"safe": "inadequate", "effective": "good", "caring": "good",
                          "responsive": "good", "well-led": "good"})
    assert result.overall.rating is RI and result.overall.rule.id == "asc-one-inadequate"


def test_overall_needs_all_five_key_questions() -> None:
    result = run(ratings={"safe": "good", "effective": "good"})
    assert result.overall.rating is None
    assert "Caring" in result.overall.reason and "Well-led" in result.overall.reason


# ------------------------------------------------------------ method


@pytest.mark.parametrize(("info", "method"), [
    ({"date": "2024-12-01"}, "2023"),  # the day before 2 December 2024
    ({"date": "2024-12-02"}, "2024"),  # the day of the change
    ({"date": "2023-06-01", "method": "2024"}, "2024"),  # named method wins over the date
    ({"date": "2025-01-10", "method": 2023}, "2023"),
    ({}, "2024"),  # neither: the current method
])
def test_method_chosen_from_assessment_date_unless_named(info: dict, method: str) -> None:
    a = assessment(assessment=info)
    assert choose_method(a, method_of(a))[0] == method


def test_2023_method_example_scores_a_statement() -> None:
    # safeguarding 3,2,3,3 = 11/16 = 68.75 -> 69 -> 3; with 7 transferred 3s: 24/32 = 75 -> good
    result = run(assessment={"date": "2024-06-01"}, existing_ratings=ALL_GOOD,
                 scores={"safe": {"safeguarding": {"peoples-experience": 3, "feedback-from-staff-and-leaders": 2,
                                                   "observation": 3, "processes": 3}}})
    assert result.method == "2023"
    safe = result.key_questions["safe"]
    assert sources(safe)["safeguarding"] == (3, "updated")
    assert (safe.total, safe.score, safe.rating) == (24, 75, G)


# ------------------------------------------------------------ check: problems across fields


def test_check_evidence_categories_in_scores_under_2024_method_are_an_error_that_says_why() -> None:
    a = assessment(assessment={"date": "2025-01-10"}, scores={"safe": {"safeguarding": {"processes": 3}}})
    problems = check(a, method_of(a))
    assert len(problems) == 1
    loc, message = problems[0]
    assert loc == ("scores", "safe", "safeguarding")
    assert "2023 method" in message and "2024 method" in message and "2 December 2024" in message


def test_check_evidence_categories_in_existing_scores_are_accepted_under_2024_method() -> None:
    a = assessment(assessment={"date": "2025-01-10"}, existing_scores={"safe": {"safeguarding": {"processes": 3}}})
    assert check(a, method_of(a)) == []


def test_check_empty_evidence_mapping_is_one_problem() -> None:
    a = assessment(scores={"safe": {"safeguarding": {}}})
    problems = check(a, method_of(a))
    assert len(problems) == 1 and "no evidence-category scores" in problems[0][1]


def test_check_both_scores_and_ratings_for_one_key_question() -> None:
    a = assessment(scores={"safe": {"safeguarding": 3}}, ratings={"safe": "good", "caring": "good"})
    assert [loc for loc, _ in check(a, method_of(a))] == [("ratings", "safe")]


def test_check_transfer_asked_for_where_never_inspected() -> None:
    a = assessment(history={"inspected_before": False}, existing_ratings={"safe": "good"})
    problems = check(a, method_of(a))
    assert [loc for loc, _ in problems] == [("history", "inspected_before")]


def test_check_asc_framework_only_is_for_adult_social_care_only() -> None:
    a = assessment(history={"asc_framework_only": True})
    assert [loc for loc, _ in check(a, method_of(a))] == [("history", "asc_framework_only")]


def test_check_refuses_a_type_not_rated_from_key_question_scores() -> None:
    # primary dental services are not rated by law: no key-question scores, no ratings
    a = assessment(service={"name": "Harbour Dental", "type": "primary-dental"})
    problems = check(a, method_of(a))
    assert [loc for loc, _ in problems] == [("service", "type")]
    assert "not a service type rated" in problems[0][1]


# ------------------------------------------------------------ history defaults (docs/methodology.md §6)


def test_history_default_inspected_before_true_when_existing_ratings_given() -> None:
    # no history: existing ratings imply an inspection, so safe transfers 8 x 3 = 24/32 = 75 -> good
    result = run(existing_ratings={"safe": "good"})
    assert (result.key_questions["safe"].total, result.key_questions["safe"].rating) == (24, G)


def test_history_default_inspected_before_false_without_existing_ratings() -> None:
    result = run(scores={"safe": {"safeguarding": 3}})
    assert "not been inspected before" in result.key_questions["safe"].reason


def test_history_inspected_before_true_without_ratings_withholds_for_want_of_a_rating() -> None:
    result = run(history={"inspected_before": True}, scores={"safe": {"safeguarding": 3}})
    assert "no published safe rating" in result.key_questions["safe"].reason


def test_ratings_given_directly_say_what_was_not_used() -> None:
    result = run(existing_ratings={"safe": "inadequate"}, existing_scores={"safe": {"safeguarding": 1}},
                 ratings={"safe": "good"})
    safe = result.key_questions["safe"]
    assert (safe.rating, safe.basis, safe.statements) == (G, "given", ())
    assert any("existing scores and an existing rating" in n for n in safe.notes)


def test_environmental_sustainability_score_given_counts_in_well_led() -> None:
    # well-led good (7 x 3 = 21) + environmental sustainability given 1: 22/32 = 68.75 -> 69 -> good band,
    # and the given 1 limits it to requires improvement
    result = run(existing_ratings=ALL_GOOD,
                 scores={"well-led": {"environmental-sustainability-sustainable-development": 1}})
    well_led = result.key_questions["well_led"]
    assert (well_led.total, well_led.maximum, well_led.score, well_led.band, well_led.rating) == (22, 32, 69, G, RI)


def test_withheld_reason_names_each_key_questions_own_cause():
    # Provider changed; published ratings for caring only. Caring's rating was the previous
    # provider's; safe never had a published rating: each reason says which.
    result = run(history={"provider_changed": True}, existing_ratings={"caring": "good"},
                 scores={"safe": {"safeguarding": 3}, "caring": {"kindness-compassion-and-dignity": 3}})
    assert result.key_questions["safe"].reason.endswith("(no published safe rating)")
    assert result.key_questions["caring"].reason.endswith(
        "(the published ratings were earned under a previous provider)")
    never = run(history={"inspected_before": False}, scores={"safe": {"safeguarding": 3}})
    assert never.key_questions["safe"].reason.endswith("(the service has not been inspected before)")
