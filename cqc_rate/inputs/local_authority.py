"""Input model: a local authority assessment file (Care Act Part 1).

Nine quality statements in four themes (interim guidance, February 2023,
"Assessment framework for local authorities"), each scored 1-4 under
``scores:``, flat or grouped by theme. Statement keys are matched leniently
(names, slugs, API ids; "Supporting people to lead healthier lives" is
statement 12) but must be one of the nine. Keys that belong to rated services
(history, ratings, existing_*) are errors that say why.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Discriminator, Tag, WithJsonSchema
from pydantic_core import PydanticCustomError

from ..fields import DateField, Score, show_value
from ..method import base_catalogue as catalogue  # names are the same in every version
from ..terms import key_question_of, name_key, suggest
from .common import Forbidden, InputModel, Service, no_duplicate_statements


def nine() -> str:
    return ", ".join(catalogue().local_authority_slugs)


def themes() -> str:
    return ", ".join(t.slug for t in catalogue().themes)


def resolve_la_statement(value: Any) -> str:
    """A statement reference -> its slug, limited to the nine local authority statements."""
    cat = catalogue()
    statement = cat.statement(value)
    if statement is None:
        if key_question_of(value) is not None:
            raise PydanticCustomError(
                "la_key_question",
                "{got} is a key question: local authority scores are not grouped by key question; give the nine "
                "statements flat or under their themes (" + themes() + ")",
                {"got": show_value(value)},
            )
        if cat.theme(value) is not None:
            raise PydanticCustomError(
                "la_nested_theme",
                "{got} is a theme: themes go directly under scores:, each holding its own statements",
                {"got": show_value(value)},
            )
        if cat.category(value) is not None:
            raise PydanticCustomError(
                "la_category",
                "{got} is an evidence category: a local authority gets one score 1-4 per statement",
                {"got": show_value(value)},
            )
        names = {name_key(spelling): s.name for s in cat.statements if s.slug in cat.local_authority_slugs
                 for spelling in (s.name, s.slug, *s.aliases)}
        close = suggest(str(value), names)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise PydanticCustomError(
            "la_statement", "unknown local authority statement {got}" + hint + " (the nine: " + nine() + ")",
            {"got": show_value(value)},
        )
    if statement.slug not in cat.local_authority_slugs:
        raise PydanticCustomError(
            "la_statement_outside",
            "'{name}' is not one of the nine statements CQC assesses for local authorities (" + nine() + ")",
            {"name": statement.name},
        )
    return statement.slug


def resolve_la_key(value: Any) -> str:
    """A key directly under `scores:`: a theme (-> its slug) or one of the nine statements."""
    cat = catalogue()
    theme = cat.theme(value)
    if theme is not None:
        return theme.slug
    if cat.statement(value) is None and key_question_of(value) is None and cat.category(value) is None:
        # Neither a statement nor a theme: the closest of both (a misspelt theme is a theme).
        names = {name_key(spelling): s.name for s in cat.statements if s.slug in cat.local_authority_slugs
                 for spelling in (s.name, s.slug, *s.aliases)}
        names |= {name_key(spelling): t.slug for t in cat.themes for spelling in (t.slug, t.name, *t.aliases)}
        close = suggest(str(value), names)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise PydanticCustomError(
            "la_statement",
            "unknown local authority statement {got}" + hint + " (the nine: " + nine()
            + "; or a theme grouping them: " + themes() + ")",
            {"got": show_value(value)},
        )
    return resolve_la_statement(value)


LAStatementKey = Annotated[
    str,
    BeforeValidator(resolve_la_statement),
    WithJsonSchema({"type": ["string", "integer"], "description": "one of the nine local authority statements"}),
]

LAScoresKey = Annotated[
    str,
    BeforeValidator(resolve_la_key),
    WithJsonSchema({"type": ["string", "integer"],
                    "description": "a local authority statement, or a theme grouping statements"}),
]

ThemeGroup = Annotated[dict[LAStatementKey, Score], BeforeValidator(no_duplicate_statements)]


def _score_or_group(value: Any) -> str:
    return "group" if isinstance(value, dict) else "score"


# A statement's score, or a theme's mapping of statement -> score; which one
# belongs where (a theme key holds a mapping, a statement key a score) is
# checked in core.local_authority.check, where both key and value are known.
LAEntry = Annotated[
    Annotated[Score, Tag("score")] | Annotated[ThemeGroup, Tag("group")],
    Discriminator(_score_or_group),
]

def _no_duplicate_themes(value: Any) -> Any:
    """Two spellings of one theme would silently drop one group of scores."""
    if not isinstance(value, dict):
        return value
    seen: dict[str, Any] = {}
    for key in value:
        theme = catalogue().theme(key)
        if theme is None:
            continue
        if theme.slug in seen:
            raise PydanticCustomError(
                "duplicate_theme",
                "'{first}' and '{second}' both name the theme '{name}': give it once",
                {"first": seen[theme.slug], "second": key, "name": theme.slug},
            )
        seen[theme.slug] = key
    return value


LAScores = Annotated[
    dict[LAScoresKey, LAEntry],
    BeforeValidator(no_duplicate_statements),
    BeforeValidator(_no_duplicate_themes),
]


class LAAssessmentInfo(InputModel):
    date: DateField | None = None
    method: Annotated[Any, Forbidden(
        "assessment.method picks how a rated service's statement scores are reached; a local authority's "
        "nine statement scores are given directly (1-4 each)"
    )] = None


class LocalAuthorityAssessment(InputModel):
    """A local authority assessment: the nine statement scores."""

    model_config = ConfigDict(title="cqc-rate local authority assessment file")

    service: Service
    assessment: LAAssessmentInfo | None = None
    scores: LAScores | None = None
    history: Annotated[Any, Forbidden(
        "history is about transferring scores from published ratings of a service; local authorities "
        "have none to transfer: give the nine statement scores under scores:"
    )] = None
    existing_ratings: Annotated[Any, Forbidden(
        "existing_ratings are a rated service's published key-question ratings; a local authority has "
        "no key-question ratings: give the nine statement scores under scores:"
    )] = None
    existing_scores: Annotated[Any, Forbidden(
        "local authority statement scores all go under scores: (the nine, flat or grouped by theme)"
    )] = None
    ratings: Annotated[Any, Forbidden(
        "a local authority's only rating is the overall one, computed from the nine statement scores; "
        "there are no key-question ratings to give"
    )] = None
    judgements: Annotated[Any, Forbidden(
        "judgements are for services CQC does not rate; local authorities are rated: give scores"
    )] = None
