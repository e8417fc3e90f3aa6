"""Input model: the location file read by ``cqc-rate aggregate`` (README, "Output").

A location names its service type and lists its services, each with its
key-question ratings given directly (``ratings:``) or an assessment file
scored as by ``score`` (``assessment:``). NHS trusts may add the trust-level
well-led scores (``trust:``, level 5), and any aggregated rating may be
overridden with a written rationale (``overrides:``, professional judgement).

Checks that need more than one field (a level the type does not get, a
service with both ratings and an assessment) are in
:func:`cqc_rate.core.location.check`.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field, StrictBool, WithJsonSchema
from pydantic_core import PydanticCustomError

from ..fields import RatingField, show_value
from ..terms import KEY_QUESTION_WORDS, key_question_of, name_key
from .common import InputModel, ServiceTypeField, per_key_question

TARGET_WORDS = "location.<key question> (location.safe .. location.well-led), location.overall or trust"


def resolve_target(value: Any) -> str:
    """`location.Well-led` -> `location.well_led`; `Location.Overall` -> `location.overall`; `trust`."""
    if isinstance(value, str):
        text = value.strip()
        if name_key(text) == "trust":
            return "trust"
        prefix, dot, rest = text.partition(".")
        if dot and name_key(prefix) == "location":
            if name_key(rest) == "overall":
                return "location.overall"
            kq = key_question_of(rest)
            if kq is not None:
                return f"location.{kq}"
    raise PydanticCustomError(
        "override_target", "unknown override target {got}: expected " + TARGET_WORDS
        + " (key questions: " + KEY_QUESTION_WORDS + ")", {"got": show_value(value)})


def _rationale(value: Any) -> Any:
    # An override departs from the published principles: CQC "will record the
    # rationale clearly in the report", so a missing or blank one is refused.
    if value is None:  # missing, or `rationale:` with nothing after it
        raise PydanticCustomError(
            "rationale", "an override needs a written rationale (rationale:) saying why "
            "professional judgement departs from the principles")
    if isinstance(value, str) and not value.strip():
        raise PydanticCustomError(
            "rationale", "the rationale is empty: an override needs a written rationale saying "
            "why professional judgement departs from the principles")
    return value


def _path(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        raise PydanticCustomError("assessment_path", "the assessment path is empty: expected a file name")
    return value


TargetField = Annotated[
    str,
    BeforeValidator(resolve_target),
    WithJsonSchema({"type": "string", "examples": ["location.safe", "location.well-led", "location.overall", "trust"]}),
]


class LocationInfo(InputModel):
    name: str
    type: ServiceTypeField


class LocationService(InputModel):
    """One service at the location: its ratings, or an assessment file to score."""

    name: str
    ratings: per_key_question("ServiceRatings", "rating") | None = None  # type: ignore[valid-type]
    assessment: Annotated[str, BeforeValidator(_path)] | None = None
    significantly_small: StrictBool = False


class TrustSection(InputModel):
    """The trust-level well-led assessment (level 5): the 8 well-led statement scores."""

    scores: per_key_question("TrustScores", "statements")  # type: ignore[valid-type]


class Override(InputModel):
    model_config = ConfigDict(json_schema_extra={"required": ["target", "rating", "rationale"]})

    target: TargetField
    rating: RatingField
    # Required (a missing one is said plainly, as the rule an override must keep, and
    # checked alongside the other fields rather than before them).
    rationale: Annotated[str, BeforeValidator(_rationale)] = Field(
        default=None, validate_default=True, json_schema_extra={"minLength": 1})


class LocationFile(InputModel):
    """A location file (``cqc-rate aggregate``)."""

    model_config = ConfigDict(title="cqc-rate location file")

    location: LocationInfo
    services: list[LocationService] | None = None
    trust: TrustSection | None = None
    overrides: list[Override] | None = None
