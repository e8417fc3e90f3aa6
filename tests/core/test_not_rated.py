"""Services CQC does not rate ("Services we do not rate"): judgements rolled up
from evidence category to statement to key question. Expected values are read
off the rule by hand: any "not all regulations met" below makes everything
above it "not all regulations met"; otherwise "regulations met".
"""

from __future__ import annotations

import pytest

from cqc_rate.core import not_rated
from cqc_rate.inputs.not_rated import NotRatedAssessment, check_judgement
from cqc_rate.judgements import Judgement
from cqc_rate.method import method_in_force as methodology

MET, NOT_MET = Judgement.MET, Judgement.NOT_MET


def assessment(judgements: dict, type_: str = "primary-dental") -> NotRatedAssessment:
    return NotRatedAssessment.model_validate(
        {"service": {"name": "Smile Dental", "type": type_}, "judgements": judgements})


def judged(a: NotRatedAssessment):
    assert not_rated.check(a, methodology()) == []
    return not_rated.score("dental.yaml", a, methodology())


def test_not_met_in_a_category_makes_the_statement_not_met():
    # processes: not met, people's experience: met -> safeguarding not all regulations met, caused by processes.
    r = judged(assessment({"safe": {"safeguarding": {"processes": "not met", "peoples-experience": "met"}}}))
    [s] = r.key_questions["safe"].statements
    assert (s.judgement, s.basis, s.caused_by) == (NOT_MET, "evidence categories", ("processes",))
    assert s.rule.id == "not-met-in-a-category"


def test_all_met_every_category_met():
    r = judged(assessment({"safe": {"safeguarding": {"processes": "met", "observation": "met"}}}))
    [s] = r.key_questions["safe"].statements
    assert (s.judgement, s.caused_by, s.rule.id) == (MET, (), "all-met")
    assert r.key_questions["safe"].judgement is MET


def test_not_met_in_a_statement_makes_the_key_question_not_met():
    # learning-culture met, safeguarding not met, safe-environments met -> safe not met, caused by safeguarding.
    r = judged(assessment({"safe": {
        "learning-culture": "met", "safeguarding": "not met", "safe-environments": "regulations met"}}))
    kq = r.key_questions["safe"]
    assert (kq.judgement, kq.caused_by, kq.rule.id) == (NOT_MET, ("safeguarding",), "not-met-in-a-statement")
    by_slug = {s.statement.slug: s for s in kq.statements}
    assert by_slug["safeguarding"].basis == "given"
    assert by_slug["learning-culture"].judgement is MET


def test_not_met_rolls_up_through_both_levels():
    # A single category two levels down decides the key question.
    r = judged(assessment({"well-led": {
        "shared direction and culture": "met",
        "Governance, management and sustainability": {"processes": "met", "outcomes": "not all regulations met"},
    }}))
    kq = r.key_questions["well_led"]
    assert kq.judgement is NOT_MET
    assert kq.caused_by == ("governance-management-and-sustainability",)
    gov = next(s for s in kq.statements if s.statement.slug == "governance-management-and-sustainability")
    assert gov.caused_by == ("outcomes",)


def test_several_causes_are_all_shown():
    r = judged(assessment({"safe": {
        "safeguarding": {"processes": "not met", "peoples-experience": "not met", "observation": "met"},
        "medicines optimisation": "not met"}}))
    kq = r.key_questions["safe"]
    assert kq.caused_by == ("safeguarding", "medicines-optimisation")  # catalogue order
    assert kq.statements[0].caused_by == ("processes", "peoples-experience")


def test_key_question_with_nothing_judged_has_no_judgement():
    r = judged(assessment({"safe": {"safeguarding": "met"}}))
    for kq in ("effective", "caring", "responsive", "well_led"):
        assert r.key_questions[kq].judgement is None
        assert r.key_questions[kq].reason == "no statements judged"


def test_no_score_no_rating_ever():
    data = judged(assessment({"safe": {"safeguarding": "not met"}})).to_dict()
    assert data["kind"] == "not-rated"
    assert data["overall"]["rating"] is None and data["overall"]["score"] is None
    assert "no legal power to rate primary dental services" in data["overall"]["reason"]
    assert data["key_questions"]["safe"]["judgement"] == "not all regulations met"
    for kq in data["key_questions"].values():
        assert "rating" not in kq and "score" not in kq and "percentage" not in kq


@pytest.mark.parametrize("word,expected", [
    ("met", MET), ("Met", MET), ("regulations met", MET), ("Regulations Met", MET), ("regulations_met", MET),
    ("not met", NOT_MET), ("Not met", NOT_MET), ("not_met", NOT_MET), ("NOT-MET", NOT_MET),
    ("not all regulations met", NOT_MET), ("Not all regulations met", NOT_MET),
])
def test_judgement_words_are_lenient(word, expected):
    assert check_judgement(word) is expected


@pytest.mark.parametrize("word", ["maybe", "partly met", "", "good", 3, True])
def test_other_words_are_refused(word):
    with pytest.raises(Exception) as exc:
        check_judgement(word)
    assert "expected met (regulations met) or not met (not all regulations met)" in str(exc.value)


def test_a_number_is_refused_as_a_score():
    with pytest.raises(Exception) as exc:
        check_judgement(2)
    assert "CQC gives no scores to services it does not rate" in str(exc.value)


def test_check_refuses_an_empty_category_mapping():
    a = assessment({"safe": {"safeguarding": {}}})
    [(loc, message)] = not_rated.check(a, methodology())
    assert loc == ("judgements", "safe", "safeguarding")
    assert "no evidence-category judgements given" in message


# "Services we do not rate" lists seven entries; the last covers three kinds of establishment.
SOURCE_LIST = ["primary-dental", "childrens-home", "sexual-assault-referral-centre", "blood-and-transplant",
               "hyperbaric-oxygen-therapy", "medical-laboratory", "prison-and-detention"]


def test_every_type_the_source_lists_is_not_rated_in_the_data():
    data = [t.key for t in methodology().service_types if t.kind == "not-rated"]
    assert data == SOURCE_LIST


@pytest.mark.parametrize("type_", SOURCE_LIST + ["prison", "young offender institution", "immigration removal centre",
                                                 "Children's homes", "medical laboratories"])
def test_each_not_rated_type_rolls_up_and_is_never_rated(type_):
    r = judged(assessment({"caring": {"kindness-compassion-and-dignity": {"peoples-experience": "not met"}},
                           "effective": {"assessing-needs": "met"}}, type_))
    assert r.service_type.kind == "not-rated"
    assert r.key_questions["caring"].judgement is NOT_MET
    assert r.key_questions["effective"].judgement is MET
    assert r.overall.rating is None
