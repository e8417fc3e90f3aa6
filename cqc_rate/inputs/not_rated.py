"""Input model: an assessment of a service CQC does not rate ("Services we do not rate").

Primary dental services, children's homes, sexual assault referral centres,
blood and transplant, hyperbaric oxygen therapy, medical laboratories,
prisons, young offender institutions and immigration removal centres get no
scores and no ratings, only judgements: ``judgements:`` per key question ->
statement -> one judgement word, or a mapping of evidence category ->
judgement word. Scores, ratings and transfer history are errors that say why.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    create_model,
)
from pydantic_core import PydanticCustomError

from ..fields import DateField, show_value
from ..judgements import Judgement
from ..terms import KEY_QUESTIONS, name_key, rating_of
from .common import (
    Forbidden,
    InputModel,
    KeyQuestionsModel,
    Service,
    annotated,
    mapping_of,
    no_duplicate_statements,
    once_or_per_category,
    statement_key,
)

_JUDGEMENT_KEYS = {
    name_key(spelling): judgement
    for judgement, spellings in (
        (Judgement.MET, ("met", "regulations met")),
        (Judgement.NOT_MET, ("not met", "not all regulations met")),
    )
    for spelling in spellings
}

JUDGEMENT_WORDS = "met (regulations met) or not met (not all regulations met)"


def check_judgement(value: Any) -> Judgement:
    if isinstance(value, Judgement):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise PydanticCustomError(
            "judgement_score",
            "{got} is a score, but CQC gives no scores to services it does not rate: expected " + JUDGEMENT_WORDS,
            {"got": show_value(value)},
        )
    judgement = _JUDGEMENT_KEYS.get(name_key(value)) if isinstance(value, str) else None
    if judgement is None and rating_of(value) is not None:
        raise PydanticCustomError(
            "judgement_rating",
            "{got} is a rating, but CQC gives no ratings to services it does not rate: expected " + JUDGEMENT_WORDS,
            {"got": show_value(value)},
        )
    if judgement is None:
        raise PydanticCustomError(
            "judgement", "unknown judgement {got}: expected " + JUDGEMENT_WORDS, {"got": show_value(value)})
    return judgement


JudgementField = Annotated[
    Judgement,
    BeforeValidator(check_judgement),
    WithJsonSchema({"type": "string", "description": JUDGEMENT_WORDS,
                    "examples": ["met", "not met", "regulations met", "not all regulations met"]}),
]


# A statement's judgement: one word, or one per evidence category.
JudgementEntry = once_or_per_category(JudgementField, "judgement")


@functools.cache
def judgements_model() -> type[InputModel]:
    """One optional field per key question: statement (of that key question) -> judgement."""
    fields: dict[str, Any] = {
        kq: (annotated(mapping_of(statement_key(kq), JudgementEntry), BeforeValidator(no_duplicate_statements))
             | None,
             Field(default=None, alias="well-led" if kq == "well_led" else kq))
        for kq in KEY_QUESTIONS
    }
    model = create_model("Judgements", __base__=KeyQuestionsModel, **fields)
    model.model_config["populate_by_name"] = True
    model.model_rebuild(force=True)
    return model


_NO_SCORES = ("CQC has no legal power to rate this type of service, so it gives no scores (for key questions, "
              "statements or evidence categories) and no ratings: give judgements: met or not met per statement "
              "or evidence category")


class NotRatedAssessmentInfo(InputModel):
    date: DateField | None = None
    method: Annotated[Any, Forbidden(
        "assessment.method picks how a rated service's scores are reached; services CQC does not rate get "
        "judgements, not scores"
    )] = None


class NotRatedAssessment(InputModel):
    """An assessment of a service CQC does not rate: judgements only."""

    model_config = ConfigDict(title="cqc-rate assessment file (service not rated)")

    service: Service
    assessment: NotRatedAssessmentInfo | None = None
    judgements: judgements_model() | None = None  # type: ignore[valid-type]
    scores: Annotated[Any, Forbidden("scores are not given here: " + _NO_SCORES)] = None
    existing_scores: Annotated[Any, Forbidden("existing_scores are not given here: " + _NO_SCORES)] = None
    ratings: Annotated[Any, Forbidden("ratings are not given here: " + _NO_SCORES)] = None
    existing_ratings: Annotated[Any, Forbidden("existing_ratings are not given here: " + _NO_SCORES)] = None
    history: Annotated[Any, Forbidden(
        "history is about transferring scores from published ratings; services CQC does not rate have "
        "neither scores nor ratings"
    )] = None
