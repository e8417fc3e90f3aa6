"""The rating methodology as data: bands, limiters, transfers, principles, service types.

``data/methodology.yaml`` holds the rules with the source text each comes
from; this module only gives them a shape (validated with the same field
types as input files) and a few lookups.
"""

from __future__ import annotations

import datetime
import functools
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from . import _data
from .fields import KeyQuestionField, RatingField, Score
from .terms import Rating, name_key, suggest


class _Frozen(BaseModel):
    # Built when first validated, as part of the top model: no validator per nested class.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Band(_Frozen):
    rating: RatingField
    low: int
    high: int
    statement_score: Score


class Limiter(_Frozen):
    id: str
    band: RatingField
    scores: tuple[Score, ...]
    cap: RatingField
    source: str


class TransferException(_Frozen):
    statement: str
    from_key_question: KeyQuestionField | None
    applies_to: Literal["all", "asc_framework_only"]
    source: str


class Transfer(_Frozen):
    scores: dict[RatingField, Score]
    exceptions: tuple[TransferException, ...]


class Count(_Frozen):
    """A count condition, one value per bucket (None: not in that bucket)."""

    at_least: tuple[int | None, ...] | None = None
    at_most: tuple[int | None, ...] | None = None
    exactly: tuple[int | None, ...] | None = None


class Rule(_Frozen):
    id: str
    rating: RatingField
    when: dict[str, Count]
    source: str
    reading: bool = False


class Bucket(_Frozen):
    min: int
    max: int | None

    def holds(self, n: int) -> bool:
        return n >= self.min and (self.max is None or n <= self.max)

    @property
    def label(self) -> str:
        if self.max is None:
            return f"{self.min} or more"
        return str(self.min) if self.min == self.max else f"{self.min}-{self.max}"


class PrincipleSet(_Frozen):
    name: str
    buckets: tuple[Bucket, ...]
    rules: tuple[Rule, ...]


class ServiceType(_Frozen):
    key: str
    name: str
    kind: Literal["rated", "local-authority", "not-rated"]
    levels: tuple[int, ...]
    principles: str | None = None
    aliases: tuple[str, ...] = ()


class Methodology(_Frozen):
    method_change_date: datetime.date
    bands: tuple[Band, ...] = Field(min_length=4, max_length=4)
    limiters: tuple[Limiter, ...]
    transfer: Transfer
    principle_sets: dict[str, PrincipleSet]
    service_types: tuple[ServiceType, ...]
    sections: dict[str, str] = Field(default_factory=dict)  # step -> section of the method (explain)

    @model_validator(mode="after")
    def _consistent(self) -> "Methodology":
        assert [b.rating for b in self.bands] == list(Rating.ordered())
        for lower, upper in zip(self.bands, self.bands[1:]):
            assert upper.low == lower.high + 1, "bands must be contiguous"
        for t in self.service_types:
            assert t.principles is None or t.principles in self.principle_sets, t.key
        return self

    @functools.cached_property
    def _type_keys(self) -> dict[str, ServiceType]:
        keys: dict[str, ServiceType] = {}
        for t in self.service_types:
            for spelling in (t.key, t.name, *t.aliases):
                keys[name_key(spelling)] = t
        return keys

    def service_type(self, ref: object) -> ServiceType | None:
        return self._type_keys.get(name_key(ref)) if isinstance(ref, str) else None

    def suggest_service_types(self, ref: object) -> list[str]:
        return suggest(str(ref), {k: t.key for k, t in self._type_keys.items()})

    def band_for(self, score: int) -> Band:
        for band in self.bands:
            if band.low <= score <= band.high:
                return band
        raise ValueError(f"score {score} is outside every band")  # 25..100 always holds


@functools.cache
def methodology() -> Methodology:
    return Methodology.model_validate(_data.read("methodology.yaml"))
