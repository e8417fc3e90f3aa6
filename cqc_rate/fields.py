"""Pydantic field types shared by the input models and the shipped data.

Each validator turns a loose spelling into the canonical value or raises a
PydanticCustomError whose message says what was wrong and what was expected;
the loader adds the file, line and column.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from .safe_text import cut, excerpt, quoted
from .terms import KEY_QUESTION_WORDS, RATING_WORDS, Rating, key_question_of, odd_characters, rating_of


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
    if isinstance(value, str):
        # Cut short and escaped (a message never echoes a file), and any character no
        # name uses shown as its code, so a look-alike letter is visible: 'gp\u0430'.
        odd = odd_characters(value)
        shown = cut(value)
        if odd:
            shown = "".join(f"\\u{ord(c):04x}" if c in odd and ord(c) > 0x7F else c for c in shown)
        return quoted(shown, len(shown))
    return excerpt(repr(value))


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


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def check_date(value: Any) -> datetime.date:
    """A date as YAML reads `2025-03-14` (or that text in quotes); nothing else: a number
    (`0` would be 1970-01-01, choosing a method) or a date with a time is refused."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError(
        "date", "expected a date like 2025-03-14 (YYYY-MM-DD), got {got}", {"got": show_value(value)})


DateField = Annotated[
    datetime.date,
    BeforeValidator(check_date),
    WithJsonSchema({"format": "date", "type": "string"}),
]


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
