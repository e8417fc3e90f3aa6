"""Local authority scoring (docs/methodology.md §4 last paragraph, §6): every expected value
below is worked out by hand from the rules, with the arithmetic in a comment.

Overall percentage = sum of the nine statement scores / 36; whole-number score
= that rounded half up; bands 25-38 inadequate, 39-62 requires improvement,
63-87 good, 88-100 outstanding; no limiters; fewer than nine: no rating.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cqc_rate.core import local_authority
from cqc_rate.inputs.local_authority import LocalAuthorityAssessment
from cqc_rate.method import base_catalogue as catalogue
from cqc_rate.method import method_in_force as methodology
from cqc_rate.terms import Rating

NINE = catalogue().local_authority_slugs


def assessment(scores: dict) -> LocalAuthorityAssessment:
    return LocalAuthorityAssessment.model_validate(
        {"service": {"name": "Anyshire", "type": "local-authority"}, "scores": scores})


def nine(*values: int) -> LocalAuthorityAssessment:
    assert len(values) == 9
    return assessment(dict(zip(NINE, values, strict=True)))


def scored(a: LocalAuthorityAssessment):
    assert local_authority.check(a, methodology()) == []
    return local_authority.score("la.yaml", a, methodology())


def test_the_nine_statements_in_four_themes():
    # Interim guidance, "Assessment framework for local authorities": 3 + 2 + 2 + 2 = 9.
    assert [len(t.statements) for t in catalogue().themes] == [3, 2, 2, 2]
    assert [t.slug for t in catalogue().themes] == [
        "working-with-people", "providing-support", "ensuring-safety", "leadership"]
    assert set(NINE) == {
        "assessing-needs", "supporting-people-to-live-healthier-lives", "equity-in-experiences-and-outcomes",
        "care-provision-integration-and-continuity", "partnerships-and-communities",
        "safe-systems-pathways-and-transitions", "safeguarding",
        "governance-management-and-sustainability", "learning-improvement-and-innovation",
    }


# (scores, total, one-decimal percentage, whole-number score, rating), each by hand.
BAND_EDGES = [
    # 2,2,2,2,1,1,1,1,1 = 8 + 5 = 13; 1300/36 = 36.11 -> 36.1 -> 36 -> inadequate (25-38)
    ((2, 2, 2, 2, 1, 1, 1, 1, 1), 13, 36.1, 36, Rating.INADEQUATE),
    # 2,2,2,2,2,1,1,1,1 = 10 + 4 = 14; 1400/36 = 38.89 -> 38.9 -> 39 -> requires improvement (39-62)
    ((2, 2, 2, 2, 2, 1, 1, 1, 1), 14, 38.9, 39, Rating.REQUIRES_IMPROVEMENT),
    # 3,3,3,3,2,2,2,2,2 = 12 + 10 = 22; 2200/36 = 61.11 -> 61.1 -> 61 -> requires improvement
    ((3, 3, 3, 3, 2, 2, 2, 2, 2), 22, 61.1, 61, Rating.REQUIRES_IMPROVEMENT),
    # 3,3,3,3,3,2,2,2,2 = 15 + 8 = 23; 2300/36 = 63.89 -> 63.9 -> 64 -> good (63-87)
    ((3, 3, 3, 3, 3, 2, 2, 2, 2), 23, 63.9, 64, Rating.GOOD),
    # 4,4,4,4,3,3,3,3,3 = 16 + 15 = 31; 3100/36 = 86.11 -> 86.1 -> 86 -> good
    ((4, 4, 4, 4, 3, 3, 3, 3, 3), 31, 86.1, 86, Rating.GOOD),
    # 4,4,4,4,4,3,3,3,3 = 20 + 12 = 32; 3200/36 = 88.89 -> 88.9 -> 89 -> outstanding (88-100)
    ((4, 4, 4, 4, 4, 3, 3, 3, 3), 32, 88.9, 89, Rating.OUTSTANDING),
    # all 1: 9/36 = 25.0 -> 25 -> inadequate; all 4: 36/36 = 100 -> outstanding
    ((1,) * 9, 9, 25.0, 25, Rating.INADEQUATE),
    ((4,) * 9, 36, 100.0, 100, Rating.OUTSTANDING),
]


@pytest.mark.parametrize("values,total,percentage,whole,rating", BAND_EDGES, ids=lambda v: str(v))
def test_la_bands_at_each_band_edge(values, total, percentage, whole, rating):
    o = scored(nine(*values)).overall
    assert (o.total, o.maximum) == (total, 36)
    assert o.exact == Fraction(100 * total, 36)
    assert (o.percentage, o.score, o.rating, o.basis) == (percentage, whole, rating, "band")
    assert o.rule.id == "la-equal-weighting"
    assert o.flags == ()  # 100t/36 = 25t/9 is never exactly x.5


def test_la_equal_weighting_the_order_and_place_of_scores_do_not_matter():
    # Every statement weighs the same: moving the 1 from one statement to another keeps 23/36.
    a = scored(nine(3, 3, 3, 3, 3, 2, 2, 2, 2)).overall
    b = scored(nine(2, 2, 2, 2, 3, 3, 3, 3, 3)).overall
    assert (a.total, a.score, a.rating) == (b.total, b.score, b.rating) == (23, 64, Rating.GOOD)


def test_la_no_limiters_a_1_does_not_cap_outstanding():
    # 4,4,4,4,4,4,4,3,1 = 28 + 3 + 1 = 32; 88.9 -> 89 -> outstanding. A rated key question
    # would be limited to good by the 1; local authorities have no limiters (docs/methodology.md §6).
    o = scored(nine(4, 4, 4, 4, 4, 4, 4, 3, 1)).overall
    assert (o.total, o.score, o.rating, o.basis) == (32, 89, Rating.OUTSTANDING, "band")


def test_la_no_limiters_a_1_does_not_cap_good():
    # 4,4,4,3,3,3,3,1,1 = 12 + 12 + 2 = 26; 2600/36 = 72.2 -> 72 -> good, not requires improvement.
    o = scored(nine(4, 4, 4, 3, 3, 3, 3, 1, 1)).overall
    assert (o.percentage, o.score, o.rating) == (72.2, 72, Rating.GOOD)


def test_la_position_near_the_good_edge():
    # 23/36 -> 64, good band 63-87: 2 x 64 = 128 < 63 + 87 = 150 -> lower half;
    # 88 - 64 = 24 points to outstanding; 64 - 63 + 1 = 2 points down to requires improvement.
    # In statement points: up, 32/36 = 88.9 -> 89 is the first total in outstanding: 32 - 23 = 9;
    # down, 22/36 -> 61 is requires improvement: 1.
    o = scored(nine(3, 3, 3, 3, 3, 2, 2, 2, 2)).overall
    p = o.position
    assert (p.band, p.low, p.high, p.half, p.to_next_band, p.to_lower_band) == (
        Rating.GOOD, 63, 87, "lower", 24, 2)
    assert (o.statement_points.to_next_band, o.statement_points.to_lower_band) == (9, 1)


def test_la_position_just_below_good():
    # 22/36 -> 61, requires improvement 39-62: 2 x 61 = 122 >= 101 -> upper half; 63 - 61 = 2 to good;
    # 61 - 39 + 1 = 23 to inadequate. Statement points: 23/36 -> 64 good: 1 up; down, 14/36 -> 39
    # is still requires improvement and 13/36 -> 36 is inadequate: 22 - 13 = 9.
    o = scored(nine(3, 3, 3, 3, 2, 2, 2, 2, 2)).overall
    p = o.position
    assert (p.half, p.to_next_band, p.to_lower_band) == ("upper", 2, 23)
    assert (o.statement_points.to_next_band, o.statement_points.to_lower_band) == (1, 9)


def test_la_position_at_the_ends_of_the_scale():
    # All 4: 100, outstanding, no band above. All 1: 25, inadequate, no band below.
    top = scored(nine(*(4,) * 9)).overall
    assert (top.position.to_next_band, top.statement_points.to_next_band) == (None, None)
    bottom = scored(nine(*(1,) * 9)).overall
    assert (bottom.position.to_lower_band, bottom.statement_points.to_lower_band) == (None, None)
    # 9/36 -> 25: 39 needs 100t/36 >= 38.5, t >= 13.86 -> t = 14: 5 points up.
    assert bottom.statement_points.to_next_band == 5


def test_la_all_nine_fewer_than_nine_gives_no_rating():
    # Eight scored: 3 x 7 + 2 = 23 of 32 possible. No percentage, score or rating; the partial sum
    # is information only, and the reason names the statement not scored.
    scores = dict(zip(NINE[:8], (3, 3, 3, 3, 3, 3, 3, 2), strict=True))
    o = scored(assessment(scores)).overall
    assert (o.rating, o.percentage, o.score, o.total) == (None, None, None, None)
    assert o.partial == {"scored": 8, "total": 23, "maximum": 32}
    assert "8 of 9 statements scored" in o.reason
    assert "Learning, improvement and innovation" in o.reason
    assert o.rule.id == "la-all-nine"


def test_la_all_nine_none_scored():
    o = scored(assessment({})).overall
    assert o.rating is None and o.partial is None
    assert "0 of 9" in o.reason


def test_la_themes_not_rated_subtotals():
    # working-with-people 3 + 3 + 3 = 9/12 = 75.0; providing-support 3 + 3 = 6/8 = 75.0;
    # ensuring-safety 2 + 2 = 4/8 = 50.0; leadership 2 + 2 = 4/8 = 50.0. Total 23/36.
    result = scored(nine(3, 3, 3, 3, 3, 2, 2, 2, 2))
    got = {slug: (t.total, t.maximum, t.percentage) for slug, t in result.themes.items()}
    assert got == {
        "working-with-people": (9, 12, 75.0), "providing-support": (6, 8, 75.0),
        "ensuring-safety": (4, 8, 50.0), "leadership": (4, 8, 50.0),
    }
    data = result.to_dict()
    assert all(t["rating"] is None for t in data["themes"].values())
    assert "key_questions" not in data


def test_la_themes_partial_subtotal():
    # Only assessing-needs (3) in working-with-people: 3/4 = 75.0, 1 of 3 scored; a theme with
    # nothing scored has 0/0 and no percentage.
    result = scored(assessment({"assessing-needs": 3}))
    t = result.themes["working-with-people"]
    assert (t.total, t.maximum, t.percentage, t.scored) == (3, 4, 75.0, 1)
    assert result.themes["leadership"].percentage is None


def test_theme_grouping_gives_the_same_result_as_flat():
    flat = nine(3, 3, 3, 3, 3, 2, 2, 2, 2)
    grouped = assessment({
        "working-with-people": {"assessing-needs": 3, "supporting-people-to-live-healthier-lives": 3,
                                "equity-in-experiences-and-outcomes": 3},
        "How local authorities provide support": {21: 3, 32: 3},
        "Theme 3": {"safe systems, pathways and transitions": 2, "Safeguarding": 2},
        "leadership": {"governance-management-and-sustainability": 2, "learning-improvement-and-innovation": 2},
    })
    assert scored(flat).to_dict() == scored(grouped).to_dict()


def test_json_contract_keys():
    data = scored(nine(3, 3, 3, 3, 3, 2, 2, 2, 2)).to_dict()
    assert data["kind"] == "local-authority"
    assert {k: data["overall"][k] for k in ("percentage", "score", "rating")} == {
        "percentage": 63.9, "score": 64, "rating": "good"}
    assert set(data["themes"]["leadership"]) >= {"statements", "total", "maximum", "percentage"}


def test_check_wrong_theme():
    a = assessment({"working-with-people": {"safeguarding": 3}})
    [(loc, message)] = local_authority.check(a, methodology())
    assert loc == ("scores", "working-with-people", "safeguarding")
    assert "belongs to theme ensuring-safety" in message


def test_check_statement_given_twice():
    a = assessment({"leadership": {31: 2}, "Governance, management and sustainability": 3})
    [(loc, message)] = local_authority.check(a, methodology())
    assert loc == ("scores", "governance-management-and-sustainability")
    assert "given twice (also at scores.leadership.governance-management-and-sustainability)" in message


def test_check_theme_with_a_score_and_statement_with_a_mapping():
    a = assessment({"leadership": 3, "safeguarding": {"safeguarding": 2}})
    problems = dict(local_authority.check(a, methodology()))
    assert "is a theme" in problems[("scores", "leadership")]
    assert "is a statement: expected one score" in problems[("scores", "safeguarding")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=9, max_size=9))
def test_la_bands_property(values):
    # Independent of the code: the whole number is floor(100t/36 + 1/2); the band by the §2 table.
    total = sum(values)
    whole = (200 * total + 36) // 72
    expected = (Rating.INADEQUATE if whole <= 38 else Rating.REQUIRES_IMPROVEMENT if whole <= 62
                else Rating.GOOD if whole <= 87 else Rating.OUTSTANDING)
    o = scored(nine(*values)).overall
    assert (o.total, o.score, o.rating) == (total, whole, expected)
