"""Input model: the assessment file of a service CQC rates (levels 1 and 2).

Statement scores per key question (``scores:``, ``existing_scores:``), published
ratings (``existing_ratings:``), ratings given directly (``ratings:``), the
assessment's date or method and the service's history. Checks that need more
than one field are in :func:`cqc_rate.core.service.check`.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict

from .common import (
    AssessmentInfo,
    Forbidden,
    History,
    InputModel,
    Service,
    per_key_question,
)


class ServiceAssessment(InputModel):
    """An assessment of a service CQC rates (levels 1 and 2)."""

    model_config = ConfigDict(title="cqc-rate assessment file")

    service: Service
    assessment: AssessmentInfo | None = None
    history: History | None = None
    existing_ratings: per_key_question("ExistingRatings", "rating") | None = None  # type: ignore[valid-type]
    existing_scores: per_key_question("ExistingScores", "statements") | None = None  # type: ignore[valid-type]
    scores: per_key_question("Scores", "statements") | None = None  # type: ignore[valid-type]
    ratings: per_key_question("Ratings", "rating") | None = None  # type: ignore[valid-type]
    judgements: Annotated[Any, Forbidden(
        "judgements are for services CQC does not rate; this service type is rated: give scores"
    )] = None
