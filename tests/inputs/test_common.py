"""inputs.common.plain_statements: the one-call reading of a key question's statement
scores gives exactly what the full schema gives, or steps aside (None) for it.

The full schema is the same model with plain_statements made to step aside always; any
mapping, valid or not, must come out of both the same: the same value, or a
ValidationError with the same problems at the same places.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from cqc_rate.inputs import common
from cqc_rate.method import base_catalogue as catalogue
from cqc_rate.terms import KEY_QUESTIONS

SCORES = common.per_key_question("Scores", "statements")

STATEMENT_SPELLINGS = [spelling for s in catalogue().statements
                       for spelling in (s.slug, s.name, s.api_id, str(s.api_id), s.name.upper())]
CATEGORY_SPELLINGS = [spelling for c in catalogue().categories for spelling in (c.slug, c.name, c.api_id)]
ODD_VALUES = [0, 5, -1, True, False, None, "3", 3.0, [], "good"]

# Weighted to the plain, so that many of the sections drawn are read in one call.
good_scores = st.integers(1, 4)
scores = st.one_of(good_scores, good_scores, good_scores, good_scores, st.sampled_from(ODD_VALUES))
ODD_KEYS = ["no such statement", "", 99, 3.5]


def own_spellings(kq: str) -> list[Any]:
    return [spelling for s in catalogue().statements_of(kq)
            for spelling in (s.slug, s.name, s.api_id, str(s.api_id), s.name.upper())]


entries = st.one_of(
    scores, scores, scores,
    st.dictionaries(st.one_of(*[st.sampled_from(CATEGORY_SPELLINGS)] * 4, st.sampled_from(["nope", 7])), scores,
                    max_size=3),
)


@st.composite
def key_question_sections(draw: st.DrawFn) -> tuple[str, dict[Any, Any]]:
    # Mostly the key question's own statements (so most draws are plain and read in one
    # call), sometimes any statement or no statement at all.
    kq = draw(st.sampled_from(KEY_QUESTIONS))
    own = st.sampled_from(own_spellings(kq))
    keys = st.one_of(own, own, own, own, st.sampled_from(STATEMENT_SPELLINGS), st.sampled_from(ODD_KEYS))
    return kq, draw(st.dictionaries(keys, entries, max_size=5))


def outcome(data: dict[str, Any]) -> Any:
    try:
        return SCORES.model_validate(data).model_dump()
    except ValidationError as exc:
        return [(e["loc"], e["type"], e["msg"]) for e in exc.errors()]


@settings(max_examples=300, deadline=None)
@given(key_question_sections())
def test_same_outcome_as_the_full_schema(drawn: tuple[str, dict[Any, Any]]) -> None:
    kq, section = drawn
    data = {kq: section}
    fast = outcome(data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(common, "plain_statements", lambda key_question, value: None)
        full = outcome(data)
    assert fast == full


def test_a_plain_section_is_read_in_one_call() -> None:
    # Slug, name and API id of three safe statements; one with evidence categories by name.
    safe = catalogue().statements_of("safe")
    first_category = catalogue().categories[0]
    section = {safe[0].slug: 3, safe[1].name: 4, safe[2].api_id: {first_category.name: 2}}
    assert common.plain_statements("safe", section) == {
        safe[0].slug: 3, safe[1].slug: 4, safe[2].slug: {first_category.slug: 2}}


@pytest.mark.parametrize("section", [
    {"no such statement": 3},  # unknown: the full schema suggests names
    {"learning-culture": 5},  # out of range
    {"learning-culture": True},  # a bool is never a score
    {"learning-culture": 3, "Learning culture": 3},  # one statement named twice
    {"kindness-compassion-and-dignity": 3},  # a caring statement under safe
    {"learning-culture": {"nope": 2}},  # unknown evidence category
    {"learning-culture": "3"},  # text, refused where it stands
])
def test_anything_else_steps_aside(section: dict[Any, Any]) -> None:
    assert common.plain_statements("safe", section) is None
