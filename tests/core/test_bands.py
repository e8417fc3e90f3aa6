"""Bands, rounding, position and limiters ("How we reach a rating"; docs/methodology.md §2).

Every expected value is worked out by hand in the comment beside it:
percentage = total / (4 x statements) x 100, one decimal half up; the whole
number (half up) is banded 25-38 inadequate, 39-62 requires improvement,
63-87 good, 88-100 outstanding.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cqc_rate.core.bands import Percentage, apply_limiters, edge_flag, half_up, position
from cqc_rate.method import method_in_force as methodology
from cqc_rate.terms import Rating

M = methodology()
OUT, GOOD, RI, INAD = Rating.OUTSTANDING, Rating.GOOD, Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE


def band(total: int, maximum: int) -> Rating:
    return M.band_for(Percentage(total, maximum).score).rating


# ------------------------------------------------------------ worked example


def test_worked_example_safe_21_of_32() -> None:
    # 2+3+3+2+3+3+2+3 = 21; 21/32 = 0.65625 -> 65.625% -> 65.6 (one decimal), 66 whole -> good
    pct = Percentage(21, 32)
    assert pct.exact == Fraction(525, 8)
    assert pct.one_decimal == 65.6
    assert pct.score == 66
    assert M.band_for(pct.score).rating is GOOD
    assert edge_flag(pct, M) is None


# ------------------------------------------------------------ rounding


def test_half_up_rounds_halves_up_not_to_even() -> None:
    # round() would give 62 and 88 (banker's rounding); the method rounds half up.
    assert half_up(Fraction(125, 2)) == 63  # 62.5
    assert half_up(Fraction(175, 2)) == 88  # 87.5
    assert half_up(Fraction(77, 2)) == 39  # 38.5
    assert half_up(Fraction(249, 4)) == 62  # 62.25
    assert half_up(Fraction(251, 4)) == 63  # 62.75


def test_one_decimal_rounding_half_up_13_of_16() -> None:
    # 13/16 = 81.25% -> 81.3 half up (round(81.25, 1) would give 81.2)
    assert Percentage(13, 16).one_decimal == 81.3


def test_one_decimal_rounding_half_up_10_of_32() -> None:
    # 10/32 = 31.25% -> 31.3 at one decimal, 31 whole -> inadequate
    pct = Percentage(10, 32)
    assert pct.one_decimal == 31.3
    assert pct.score == 31


def test_one_decimal_rounding_down_9_of_32() -> None:
    # 9/32 = 28.125% -> 28.1
    assert Percentage(9, 32).one_decimal == 28.1


def test_one_decimal_of_2023_example_11_of_16() -> None:
    # 11/16 = 68.75% -> 68.8 at one decimal, 69 whole
    assert Percentage(11, 16).one_decimal == 68.8
    assert Percentage(11, 16).score == 69


# ------------------------------------------------------------ band edges (whole numbers)


@pytest.mark.parametrize(
    ("total", "maximum", "whole", "rating"),
    [
        (25, 100, 25, INAD),  # lowest possible: every score 1
        (38, 100, 38, INAD),  # top of inadequate
        (39, 100, 39, RI),  # bottom of requires improvement
        (62, 100, 62, RI),  # top of requires improvement
        (63, 100, 63, GOOD),  # bottom of good
        (87, 100, 87, GOOD),  # top of good
        (88, 100, 88, OUT),  # bottom of outstanding
        (100, 100, 100, OUT),  # every score 4
    ],
)
def test_band_edges_whole_numbers(total: int, maximum: int, whole: int, rating: Rating) -> None:
    assert Percentage(total, maximum).score == whole
    assert band(total, maximum) is rating


def test_band_edge_38_from_statements_6_of_16() -> None:
    # 6/16 = 37.5% -> 38 whole (half up) -> still inadequate; 38 is no band's lowest score, no flag
    pct = Percentage(6, 16)
    assert pct.score == 38
    assert band(6, 16) is INAD
    assert edge_flag(pct, M) is None


def test_band_edge_39_from_statements_11_of_28() -> None:
    # 11/28 = 39.29% -> 39 -> requires improvement
    assert Percentage(11, 28).score == 39
    assert band(11, 28) is RI


def test_band_edge_38_5_rounds_up_to_requires_improvement_flagged() -> None:
    # 77/200 = 38.5% -> 39 -> requires improvement, and flagged as a .5 on the edge
    pct = Percentage(77, 200)
    assert pct.score == 39
    assert band(77, 200) is RI
    assert edge_flag(pct, M) is not None


def test_band_edge_20_of_32_is_62_5_rounded_to_63_good_flagged() -> None:
    # 20/32 = 62.5% -> 63 (half up) -> good; a reader may expect requires improvement
    pct = Percentage(20, 32)
    assert pct.exact == Fraction(125, 2)
    assert pct.one_decimal == 62.5
    assert pct.score == 63
    assert band(20, 32) is GOOD
    flag = edge_flag(pct, M)
    assert flag is not None and "62.5" in flag and "good" in flag and "requires improvement" in flag


def test_band_edge_28_of_32_is_87_5_rounded_to_88_outstanding_flagged() -> None:
    # 28/32 = 87.5% -> 88 (half up) -> outstanding; a reader may expect good
    pct = Percentage(28, 32)
    assert pct.one_decimal == 87.5
    assert pct.score == 88
    assert band(28, 32) is OUT
    flag = edge_flag(pct, M)
    assert flag is not None and "87.5" in flag and "outstanding" in flag


def test_band_edge_87_2_stays_good_despite_over_87_wording() -> None:
    # 109/125 = 87.2% -> 87 whole -> good (bands apply to the whole number; docs/methodology.md §6)
    pct = Percentage(109, 125)
    assert pct.one_decimal == 87.2
    assert pct.score == 87
    assert band(109, 125) is GOOD
    assert edge_flag(pct, M) is None


def test_band_edge_62_4_stays_requires_improvement() -> None:
    # 312/500 = 62.4% -> 62 -> requires improvement
    assert Percentage(312, 500).score == 62
    assert band(312, 500) is RI


def test_half_inside_a_band_is_not_flagged() -> None:
    # 29/40 = 72.5% -> 73, a .5 but inside good, not on an edge: no flag
    pct = Percentage(29, 40)
    assert pct.on_half and pct.score == 73
    assert edge_flag(pct, M) is None


# ------------------------------------------------------------ position in band


def test_position_lower_half_of_good_worked_example() -> None:
    # 66 in good 63-87: middle (63+87)/2 = 75, 66 < 75 -> lower; 88-66 = 22 up; 66-63+1 = 4 down to 62
    p = position(66, M)
    assert (p.band, p.low, p.high, p.half) == (GOOD, 63, 87, "lower")
    assert p.to_next_band == 22
    assert p.to_lower_band == 4


def test_position_middle_of_band_counts_as_upper_half() -> None:
    # 75 = (63+87)/2 -> upper
    assert position(75, M).half == "upper"
    assert position(74, M).half == "lower"


def test_position_requires_improvement_upper_half() -> None:
    # 54 in 39-62: middle 50.5, 54 >= 50.5 -> upper; 63-54 = 9 up; 54-39+1 = 16 down
    p = position(54, M)
    assert (p.band, p.half, p.to_next_band, p.to_lower_band) == (RI, "upper", 9, 16)


def test_position_inadequate_has_no_lower_band() -> None:
    # 25 in 25-38: middle 31.5 -> lower; 39-25 = 14 up; nothing below inadequate
    p = position(25, M)
    assert (p.band, p.half, p.to_next_band, p.to_lower_band) == (INAD, "lower", 14, None)


def test_position_outstanding_has_no_next_band() -> None:
    # 88 in 88-100: middle 94 -> lower; nothing above; 88-88+1 = 1 point down to 87
    p = position(88, M)
    assert (p.band, p.half, p.to_next_band, p.to_lower_band) == (OUT, "lower", None, 1)


def test_position_bottom_of_good_is_one_point_from_requires_improvement() -> None:
    # 63: 63-63+1 = 1 point down to 62 (requires improvement)
    assert position(63, M).to_lower_band == 1


# ------------------------------------------------------------ limiters


def test_limiter_good_limited_by_a_1() -> None:
    # 3,3,3,3,3,3,3,1 = 22/32 = 68.75 -> 69 -> good band, a 1 -> requires improvement
    scores = [(f"s{i}", 3) for i in range(7)] + [("s7", 1)]
    assert band(22, 32) is GOOD
    rating, hit = apply_limiters(GOOD, scores, M)
    assert rating is RI
    assert hit is not None and hit.limiter.id == "good-limited-by-a-1" and hit.statements == ("s7",)


def test_limiter_good_band_with_a_2_is_not_limited() -> None:
    # a 2 does not limit a good band
    rating, hit = apply_limiters(GOOD, [("a", 3), ("b", 2), ("c", 4)], M)
    assert (rating, hit) == (GOOD, None)


def test_limiter_outstanding_limited_by_a_1_or_2_with_a_2() -> None:
    # 4,4,4,4,4,4,4,2 = 30/32 = 93.75 -> 94 -> outstanding band, a 2 -> good
    scores = [(f"s{i}", 4) for i in range(7)] + [("s7", 2)]
    assert band(30, 32) is OUT
    rating, hit = apply_limiters(OUT, scores, M)
    assert rating is GOOD
    assert hit is not None and hit.limiter.id == "outstanding-limited-by-a-1-or-2"


def test_limiter_outstanding_limited_by_a_1_ends_at_good_not_requires_improvement() -> None:
    # 4x7 + 1 = 29/32 = 90.6 -> 91 -> outstanding band; the 1 caps it at good, once (not on to RI)
    scores = [(f"s{i}", 4) for i in range(7)] + [("s7", 1)]
    assert band(29, 32) is OUT
    rating, hit = apply_limiters(OUT, scores, M)
    assert rating is GOOD
    assert hit is not None and hit.statements == ("s7",)


def test_limiter_names_every_statement_that_triggered_it() -> None:
    rating, hit = apply_limiters(OUT, [("a", 4), ("b", 1), ("c", 2), ("d", 3)], M)
    assert rating is GOOD and hit is not None and hit.statements == ("b", "c")


@pytest.mark.parametrize("rating", [RI, INAD])
def test_limiters_do_not_apply_below_good(rating: Rating) -> None:
    assert apply_limiters(rating, [("a", 1), ("b", 1)], M) == (rating, None)


# ------------------------------------------------------------ properties (integer arithmetic as the oracle)

statement_scores = st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=8)


@settings(max_examples=200, deadline=None)
@given(statement_scores)
def test_rounding_half_up_matches_integer_arithmetic(scores: list[int]) -> None:
    total, maximum = sum(scores), 4 * len(scores)
    pct = Percentage(total, maximum)
    # half up of 100t/m is floor((200t + m) / 2m); to one decimal, floor((2000t + m) / 2m) / 10
    assert pct.score == (200 * total + maximum) // (2 * maximum)
    assert pct.one_decimal == ((2000 * total + maximum) // (2 * maximum)) / 10
    assert 25 <= pct.score <= 100


@settings(max_examples=200, deadline=None)
@given(statement_scores)
def test_limiters_read_literally(scores: list[int]) -> None:
    named = [(f"s{i}", s) for i, s in enumerate(scores)]
    band_rating = band(sum(scores), 4 * len(scores))
    rating, hit = apply_limiters(band_rating, named, M)
    if band_rating is GOOD and 1 in scores:
        assert rating is RI and hit is not None
    elif band_rating is OUT and (1 in scores or 2 in scores):
        assert rating is GOOD and hit is not None
    else:
        assert rating is band_rating and hit is None
