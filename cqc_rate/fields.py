"""Pydantic field types shared by the input models and the shipped data.

Each validator turns a loose spelling into the canonical value or raises a
PydanticCustomError whose message says what was wrong and what was expected;
the loader adds the file, line and column.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from .terms import KEY_QUESTION_WORDS, RATING_WORDS, Rating, key_question_of, rating_of


def show_value(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"  # as YAML spells it
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()  # as the file wrote it, not datetime.date(...)
    if isinstance(value, (bytes, bytearray)):
        return "binary data (!!binary)"  # not Python's b'...'
    return repr(value)


def check_score(value: Any) -> int:
    # bool is an int in Python; a YAML `true` is never a score.
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
        return value
    raise PydanticCustomError(
        "score", "score must be a whole number from 1 to 4, got {got}", {"got": show_value(value)}
    )


def check_rating(value: Any) -> Rating:
    rating = rating_of(value)
    if rating is None:
        raise PydanticCustomError(
            "rating", "unknown rating {got}: expected " + RATING_WORDS, {"got": show_value(value)}
        )
    return rating


def check_key_question(value: Any) -> str:
    kq = key_question_of(value)
    if kq is None:
        raise PydanticCustomError(
            "key_question",
            "unknown key question {got}: expected " + KEY_QUESTION_WORDS,
            {"got": show_value(value)},
        )
    return kq


Score = Annotated[
    int,
    BeforeValidator(check_score),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 4}),
]

RatingField = Annotated[
    Rating,
    BeforeValidator(check_rating),
    WithJsonSchema(
        {
            "type": "string",
            "description": "outstanding, good, requires improvement or inadequate (any case; RI accepted)",
            "examples": [r.value for r in Rating],
        }
    ),
]

KeyQuestionField = Annotated[
    str,
    BeforeValidator(check_key_question),
    WithJsonSchema({"type": "string", "examples": ["safe", "effective", "caring", "responsive", "well-led"]}),
]
