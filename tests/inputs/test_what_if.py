"""--set KEY=VALUE read and applied to a parsed assessment (cqc_rate.inputs.what_if)."""

from __future__ import annotations

import pytest

from cqc_rate.inputs.what_if import Setting, SettingError, apply, parse_setting, value_of


def test_values_are_read_as_a_file_would_hold_them():
    assert value_of("true") is True
    assert value_of("false") is False
    assert value_of("3") == 3
    assert value_of("3.5") == "3.5"  # not a whole number: text, refused as a score later
    assert value_of("yes") == "yes"  # not a boolean: refused as a history flag later


@pytest.mark.parametrize(("text", "path", "value"), [
    ("safe.safeguarding=3", ("scores", "safe", "safeguarding"), 3),
    ("Well-led.Freedom to speak up=4", ("scores", "well-led", "Freedom to speak up"), 4),
    ("caring=good", ("ratings", "caring"), "good"),
    ("history.provider_changed=true", ("history", "provider_changed"), True),
    ("existing_scores.safe.8=2", ("existing_scores", "safe", "8"), 2),
    ("existing_ratings.safe=good", ("existing_ratings", "safe"), "good"),
])
def test_keys_are_placed_where_a_file_would_hold_them(text, path, value):
    s = parse_setting(text)
    assert s.path == path
    assert s.value == value


@pytest.mark.parametrize("text", ["safe", "=3", "safe.x=", "bogus=3", "history=true", "scores.safe=3",
                                  "safe..x=3", "ratings.kind=good"])
def test_keys_that_cannot_be_placed_are_refused_naming_the_argument(text):
    with pytest.raises(SettingError) as caught:
        parse_setting(text)
    assert str(caught.value).startswith(f"--set {text}: ")


def test_a_statement_under_another_spelling_is_replaced_not_doubled():
    data = {"scores": {"Safe": {"Learning culture": 2}}, "ratings": {"safe": "good", "caring": "good"}}
    out, placed = apply(data, (parse_setting("safe.learning-culture=4"),))
    # The file's own key (spelling) is kept; the direct rating of safe, which would conflict, goes.
    assert out == {"scores": {"Safe": {"Learning culture": 4}}, "ratings": {"caring": "good"}}
    assert placed == (Setting("safe.learning-culture=4", ("scores", "Safe", "Learning culture"), 4),)
    assert data["scores"]["Safe"]["Learning culture"] == 2  # the input is not changed


def test_a_rating_given_directly_replaces_that_key_questions_scores():
    data = {"scores": {"caring": {"kindness-compassion-and-dignity": 4}, "safe": {"safeguarding": 3}}}
    out, _ = apply(data, (parse_setting("caring=good"),))
    assert out == {"scores": {"safe": {"safeguarding": 3}}, "ratings": {"caring": "good"}}
