"""Lenient names for key questions and ratings (docs/methodology.md §1)."""

import pytest

from cqc_rate.terms import Rating, key_question_of, name_key, rating_of


@pytest.mark.parametrize("text", ["well-led", "well_led", "Well-led", "wellled", "WELL LED", "Well–led"])
def test_well_led_spellings(text):
    assert key_question_of(text) == "well_led"


@pytest.mark.parametrize("text", ["safety", "wel-led", "", "caring!!x"])
def test_unknown_key_question(text):
    assert key_question_of(text) is None


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("Outstanding", Rating.OUTSTANDING),
        ("GOOD", Rating.GOOD),
        ("RI", Rating.REQUIRES_IMPROVEMENT),
        ("ri", Rating.REQUIRES_IMPROVEMENT),
        ("requires_improvement", Rating.REQUIRES_IMPROVEMENT),
        ("Requires Improvement", Rating.REQUIRES_IMPROVEMENT),
        ("inadequate", Rating.INADEQUATE),
    ],
)
def test_rating_words(text, rating):
    assert rating_of(text) is rating


@pytest.mark.parametrize("text", ["gud", "excellent", "", "poor"])
def test_unknown_rating_word(text):
    assert rating_of(text) is None


def test_ratings_are_ordered_lowest_first():
    assert [r.rank for r in Rating.ordered()] == [0, 1, 2, 3]
    assert Rating.OUTSTANDING.rank > Rating.GOOD.rank > Rating.REQUIRES_IMPROVEMENT.rank > Rating.INADEQUATE.rank


def test_name_key_ignores_case_punctuation_apostrophes_dashes_and_plurals():
    assert name_key("Responding to people’s immediate needs") == name_key("responding-to-peoples-immediate-need")
    assert name_key("Equity in experience and outcomes") == name_key("Equity in experiences & outcomes")
    assert name_key("Environmental sustainability – sustainable development") == name_key(
        "environmental_sustainability_sustainable_development")
