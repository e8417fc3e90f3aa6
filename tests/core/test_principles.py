"""Aggregation principles (docs/methodology.md §4; "Rating principles for adult social care",
"Ratings principles for health services").

Adult social care: 5 key-question ratings. Health: any number N of underlying
ratings, in buckets 1-3, 4-8 and 9 or more. Each test names the principle it
checks; the expected rating is read off the principle by hand.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cqc_rate.core.principles import aggregate, counts_of
from cqc_rate.method import method_in_force as methodology
from cqc_rate.terms import Rating

M = methodology()
O, G, RI, I = Rating.OUTSTANDING, Rating.GOOD, Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE


def asc(*ratings: Rating):
    return aggregate(list(ratings), "adult-social-care", M)


def health(*ratings: Rating):
    return aggregate(list(ratings), "health", M)


def test_counts_of_counts_each_rating_word() -> None:
    assert counts_of([O, G, G, I]) == {"outstanding": 1, "good": 2, "requires improvement": 0, "inadequate": 1}


# ================================================================ adult social care


def test_asc_principle_2_outstanding_two_outstanding_rest_good() -> None:
    # 2a: at least 2 outstanding; 2b: the other 3 good
    result = asc(O, O, G, G, G)
    assert result.rating is O and result.rule.id == "asc-2-outstanding"


def test_asc_principle_2_outstanding_all_five_outstanding() -> None:
    assert asc(O, O, O, O, O).rating is O


def test_asc_principle_2_one_outstanding_is_not_enough() -> None:
    # 1 outstanding, 4 good: 2a fails; principle 3 (no inadequate, no RI) gives good
    result = asc(O, G, G, G, G)
    assert result.rating is G and result.rule.id == "asc-3-good"


def test_asc_principle_2_needs_the_others_good_one_ri_gives_good() -> None:
    # 2 outstanding, 2 good, 1 RI: 2b fails (not all others good); 3: 0 inadequate, 1 RI -> good
    result = asc(O, O, G, G, RI)
    assert result.rating is G and result.rule.id == "asc-3-good"


def test_asc_principle_3_good_all_good() -> None:
    result = asc(G, G, G, G, G)
    assert result.rating is G and result.rule.id == "asc-3-good"


def test_asc_principle_3_good_one_requires_improvement() -> None:
    # no inadequate, no more than 1 RI -> good
    result = asc(G, G, G, G, RI)
    assert result.rating is G and result.rule.id == "asc-3-good"


def test_asc_principle_4_two_requires_improvement() -> None:
    result = asc(G, G, G, RI, RI)
    assert result.rating is RI and result.rule.id == "asc-4-requires-improvement"


def test_asc_principle_4_two_requires_improvement_with_three_outstanding() -> None:
    result = asc(O, O, O, RI, RI)
    assert result.rating is RI and result.rule.id == "asc-4-requires-improvement"


def test_asc_principle_5_two_inadequate() -> None:
    result = asc(I, I, G, G, G)
    assert result.rating is I and result.rule.id == "asc-5-inadequate"


def test_asc_principle_5_two_inadequate_beats_three_requires_improvement() -> None:
    # both 4 (3 RI) and 5 (2 inadequate) hold: the lower, inadequate, wins
    result = asc(I, I, RI, RI, RI)
    assert result.rating is I and result.rule.id == "asc-5-inadequate"


def test_asc_one_inadequate_gap_gives_requires_improvement() -> None:
    # The ASC text is silent on exactly 1 inadequate: read as health principle 6 -> RI (a reading)
    result = asc(I, G, G, G, G)
    assert result.rating is RI
    assert result.rule.id == "asc-one-inadequate" and result.rule.reading is True


def test_asc_one_inadequate_gap_with_two_outstanding_gives_requires_improvement_and_flags_range() -> None:
    result = asc(I, O, O, G, G)
    assert result.rating is RI and result.rule.id == "asc-one-inadequate"
    assert any("inadequate to outstanding" in f for f in result.flags)


def test_asc_one_inadequate_and_one_requires_improvement_gives_requires_improvement() -> None:
    # 1 RI is not "2 or more" (principle 4); the 1 inadequate reading gives RI
    result = asc(I, RI, G, G, G)
    assert result.rating is RI and result.rule.id == "asc-one-inadequate"


def test_asc_principles_need_exactly_five_ratings() -> None:
    result = asc(G, G, G, G)
    assert result.rating is None and result.reason is not None and "there are 4" in result.reason


def test_asc_result_carries_counts_and_bucket() -> None:
    result = asc(O, G, G, G, RI)
    assert result.counts == {"outstanding": 1, "good": 3, "requires improvement": 1, "inadequate": 0}
    assert result.n == 5 and result.bucket == "5"
    assert result.to_dict()["principle"]["id"] == "asc-3-good"


# ================================================================ health services
# Buckets by the number of underlying ratings: 1-3, 4-8, 9 or more.


# ---- principle 4: outstanding (>=1 / >=2 / >=3 outstanding, the rest good)


def test_health_principle_4_one_outstanding_in_1_to_3() -> None:
    assert health(O).rating is O
    result = health(O, G, G)  # n = 3, the top of the bucket: 1 outstanding is enough
    assert result.rating is O and result.rule.id == "health-4-outstanding" and result.bucket == "1-3"


def test_health_principle_4_bucket_edge_3_to_4_one_outstanding_no_longer_enough() -> None:
    # n = 4: 2 outstanding are needed; 1 outstanding + 3 good -> otherwise good
    result = health(O, G, G, G)
    assert result.rating is G and result.rule.id == "health-otherwise-good" and result.bucket == "4-8"


def test_health_principle_4_two_outstanding_in_4_to_8() -> None:
    assert health(O, O, G, G).rating is O  # n = 4
    assert health(O, O, G, G, G, G, G, G).rating is O  # n = 8


def test_health_principle_4_bucket_edge_8_to_9_two_outstanding_no_longer_enough() -> None:
    # n = 9: 3 outstanding are needed; 2 outstanding + 7 good -> good
    result = health(O, O, *[G] * 7)
    assert result.rating is G and result.bucket == "9 or more"


def test_health_principle_4_three_outstanding_in_9_or_more() -> None:
    result = health(O, O, O, *[G] * 6)
    assert result.rating is O and result.rule.id == "health-4-outstanding"


def test_health_principle_4_needs_the_rest_good() -> None:
    # n = 5, 3 outstanding, 1 good, 1 RI: the rest are not all good; 1 RI < 2 -> good
    result = health(O, O, O, G, RI)
    assert result.rating is G and result.rule.id == "health-otherwise-good"


# ---- principle 5: no higher than requires improvement (>=1 / >=2 / >=3 RI)


def test_health_principle_5_one_requires_improvement_in_1_to_3() -> None:
    result = health(RI, O, O)  # n = 3
    assert result.rating is RI and result.rule.id == "health-5-requires-improvement"


def test_health_principle_5_bucket_edge_3_to_4_one_requires_improvement_not_enough() -> None:
    # n = 4: 1 RI < 2 -> principle 5 does not apply; no inadequate, no outstanding -> good
    result = health(RI, G, G, G)
    assert result.rating is G and result.rule.id == "health-otherwise-good"


def test_health_principle_5_two_requires_improvement_in_4_to_8() -> None:
    assert health(RI, RI, G, G).rating is RI  # n = 4
    result = health(RI, RI, *[G] * 6)  # n = 8
    assert result.rating is RI and result.rule.id == "health-5-requires-improvement"


def test_health_principle_5_bucket_edge_8_to_9_two_requires_improvement_not_enough() -> None:
    # n = 9: 3 RI needed; 2 RI + 7 good -> good
    result = health(RI, RI, *[G] * 7)
    assert result.rating is G and result.rule.id == "health-otherwise-good"


def test_health_principle_5_three_requires_improvement_in_9_or_more() -> None:
    result = health(RI, RI, RI, *[G] * 6)
    assert result.rating is RI and result.rule.id == "health-5-requires-improvement"


# ---- principle 6: no higher than requires improvement (exactly 1 of 4-8 / 2 of 9+ inadequate)


def test_health_principle_6_does_not_apply_in_1_to_3() -> None:
    # n = 3 with 1 inadequate: principle 7 (1 or more) gives inadequate instead
    result = health(I, G, G)
    assert result.rating is I and result.rule.id == "health-7-inadequate"


def test_health_principle_6_one_inadequate_in_4_to_8() -> None:
    result = health(I, G, G, G)  # n = 4, the bottom of the bucket
    assert result.rating is RI and result.rule.id == "health-6-inadequate-limits"
    result = health(I, *[G] * 7)  # n = 8, the top
    assert result.rating is RI and result.rule.id == "health-6-inadequate-limits"


def test_health_principle_6_one_inadequate_in_4_to_8_with_outstanding_flags_range() -> None:
    result = health(I, O, O, O, O)  # n = 5, as a GP practice's overall rating
    assert result.rating is RI
    assert any("inadequate to outstanding" in f for f in result.flags)


def test_health_principle_6_two_inadequate_in_9_or_more() -> None:
    result = health(I, I, *[G] * 7)
    assert result.rating is RI and result.rule.id == "health-6-inadequate-limits"


def test_health_principle_6_one_inadequate_in_9_or_more_read_literally_gives_good_and_flags() -> None:
    # n = 9, 1 inadequate: neither 6 (exactly 2) nor 7 (3 or more) applies -> good (docs/methodology.md §6),
    # flagged because an underlying rating is inadequate
    result = health(I, *[G] * 8)
    assert result.rating is G and result.rule.id == "health-otherwise-good"
    assert any("inadequate but the principles give good" in f for f in result.flags)


# ---- principle 7: inadequate (>=1 / >=2 / >=3 inadequate)


def test_health_principle_7_one_inadequate_in_1_to_3() -> None:
    assert health(I).rating is I
    result = health(I, O, O)  # n = 3
    assert result.rating is I and result.rule.id == "health-7-inadequate"


def test_health_principle_7_one_inadequate_beats_requires_improvement_in_1_to_3() -> None:
    # 1 inadequate (7) and 1 RI (5) in n = 2: the lower, inadequate
    assert health(I, RI).rating is I


def test_health_principle_7_two_inadequate_in_4_to_8() -> None:
    assert health(I, I, G, G).rating is I  # n = 4
    result = health(I, I, *[G] * 6)  # n = 8
    assert result.rating is I and result.rule.id == "health-7-inadequate"


def test_health_principle_7_bucket_edge_8_to_9_two_inadequate_no_longer_enough() -> None:
    # n = 9: 2 inadequate -> principle 6, requires improvement
    assert health(I, I, *[G] * 7).rating is RI


def test_health_principle_7_three_inadequate_in_9_or_more() -> None:
    result = health(I, I, I, *[G] * 6)
    assert result.rating is I and result.rule.id == "health-7-inadequate"


# ---- otherwise good, and mixtures


def test_health_otherwise_good_all_good() -> None:
    result = health(G, G, G, G, G)
    assert result.rating is G and result.rule.id == "health-otherwise-good" and not result.flags


def test_health_one_inadequate_and_one_requires_improvement_in_4_to_8() -> None:
    # n = 5: inadequate 1 < 2 (7 no); RI 1 < 2 (5 no); exactly 1 inadequate (6) -> RI
    result = health(I, RI, G, G, G)
    assert result.rating is RI and result.rule.id == "health-6-inadequate-limits"


@pytest.mark.parametrize(("n", "label"), [(1, "1-3"), (3, "1-3"), (4, "4-8"), (8, "4-8"), (9, "9 or more"),
                                          (20, "9 or more")])
def test_health_bucket_edges(n: int, label: str) -> None:
    assert health(*[G] * n).bucket == label


def test_health_principles_need_at_least_one_rating() -> None:
    result = health()
    assert result.rating is None and result.reason is not None and "there are 0" in result.reason


# ================================================================ properties

ratings = st.sampled_from([O, G, RI, I])


def _raise_one(rs: list[Rating], i: int) -> list[Rating]:
    order = list(Rating.ordered())
    out = list(rs)
    out[i] = order[min(order.index(out[i]) + 1, 3)]
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(ratings, min_size=5, max_size=5), st.integers(min_value=0, max_value=4))
def test_asc_principles_never_fall_when_one_rating_rises(rs: list[Rating], i: int) -> None:
    assert asc(*_raise_one(rs, i)).rating.rank >= asc(*rs).rating.rank


@settings(max_examples=150, deadline=None)
@given(st.lists(ratings, min_size=1, max_size=12), st.data())
def test_health_principles_never_fall_when_a_rating_above_inadequate_rises(rs: list[Rating], data) -> None:
    # Raising an inadequate to requires improvement can lower the result under the literal reading:
    # see test_health_literal_reading_raising_an_inadequate_can_lower_the_result.
    i = data.draw(st.integers(min_value=0, max_value=len(rs) - 1))
    if rs[i] is not I:
        assert health(*_raise_one(rs, i)).rating.rank >= health(*rs).rating.rank


def test_health_literal_reading_raising_an_inadequate_can_lower_the_result() -> None:
    # Principles read literally, each counting exactly the rating it names (docs/methodology.md §6). n = 9:
    # 1 inadequate + 2 RI: 7 needs 3 inadequate, 6 exactly 2, 5 three RI -> none applies -> good (flagged);
    # the inadequate raised to RI: 3 RI -> principle 5 -> requires improvement.
    before = health(I, RI, RI, *[G] * 6)
    after = health(RI, RI, RI, *[G] * 6)
    assert before.rating is G and any("inadequate but the principles give good" in f for f in before.flags)
    assert after.rating is RI and after.rule.id == "health-5-requires-improvement"


@settings(max_examples=150, deadline=None)
@given(st.lists(ratings, min_size=1, max_size=12))
def test_health_principles_all_good_or_better_never_below_good(rs: list[Rating]) -> None:
    if all(r.rank >= G.rank for r in rs):
        assert health(*rs).rating in (G, O)
