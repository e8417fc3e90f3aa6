"""Result objects: frozen values that carry how they were reached.

Each has ``to_dict()`` giving the JSON contract (README, "Output"); renderers read
these objects and nothing else.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, NamedTuple

from ..method.models import Band, QualityStatement, Rule, ServiceType
from ..terms import RATING_TEXT, Rating, rating_value
from .bands import LimiterHit, Position

# The JSON `status` beside every rating that can be null (docs/json.md), as the CSV says it:
RATED = "rated"  # from statement scores, or aggregated from ratings (an override included)
GIVEN = "given"  # given directly in the input
WITHHELD = "withheld"  # no rating: `reason` says why
NOT_RATED = "not-rated"  # never rated: a service CQC does not rate, or a local authority's themes
STATUSES: tuple[str, ...] = (RATED, GIVEN, WITHHELD, NOT_RATED)


def status_of(rating: Rating | None, basis: str | None = None) -> str:
    """`rated`, `given` (basis "given") or `withheld` (no rating)."""
    if rating is None:
        return WITHHELD
    return GIVEN if basis == "given" else RATED


@functools.lru_cache(maxsize=1024)  # ~20 a result, from a few dozen names (ratings, categories)
def json_key(name: str) -> str:
    """A JSON object key in snake_case: "requires improvement" -> "requires_improvement"."""
    return name.replace(" ", "_").replace("-", "_")


def fraction_dict(value: Fraction | None) -> dict[str, int] | None:
    """An exact fraction as numbers: {"numerator": N, "denominator": D} (lowest terms)."""
    return None if value is None else {"numerator": value.numerator, "denominator": value.denominator}


# (JSON key, rating text), best first: "requires_improvement", "requires improvement".
_COUNT_KEYS = tuple((json_key(RATING_TEXT[r]), RATING_TEXT[r]) for r in reversed(Rating.ordered()))


def counts_dict(counts: dict[str, int]) -> dict[str, int]:
    """Counts by rating, always all four (best first), keyed in snake_case."""
    return {key: counts.get(text, 0) for key, text in _COUNT_KEYS}


class Evidence2023(NamedTuple):
    """A statement scored under the 2023 method from its evidence categories (a named
    tuple, as StatementResult is)."""

    categories: tuple[tuple[str, int], ...]  # (evidence category slug, score)
    total: int
    maximum: int
    percentage: float  # one decimal
    whole: int  # the percentage rounded half up; banded into the statement score

    def to_dict(self) -> dict[str, object]:
        return {
            "categories": {json_key(slug): score for slug, score in self.categories},
            "total": self.total, "maximum": self.maximum,
            "percentage": self.percentage, "score": self.whole,
        }


class StatementResult(NamedTuple):
    """A statement's score and where it came from. A named tuple, frozen as the dataclasses
    here are, because a batch makes ~30 a file: a frozen dataclass takes ~4 times as long
    to make (each field set through object.__setattr__), ~6% of a file's CPU."""

    statement: QualityStatement
    score: int | None
    source: str | None  # "updated" | "existing" | "transferred" | None
    transferred_from: str | None = None  # the key question whose published rating gave the score
    transfer_rule: str | None = None  # the source text of a transfer exception, where one applied
    evidence: Evidence2023 | None = None
    applies: bool = True  # False: not assessed at this level (environmental sustainability)

    def to_dict(self) -> dict[str, object]:
        s = self.statement
        out: dict[str, object] = {
            "id": s.slug, "api_id": s.api_id, "name": s.name,
            "score": self.score, "source": self.source,
        }
        if self.transferred_from is not None:
            out["transferred_from"] = self.transferred_from
        if self.transfer_rule is not None:
            out["transfer_rule"] = self.transfer_rule
        if self.evidence is not None:
            out["evidence"] = self.evidence.to_dict()
        if not self.applies:
            out["applies"] = False
        return out


@dataclass(frozen=True, slots=True)
class KeyQuestionResult:
    key_question: str
    statements: tuple[StatementResult, ...]
    rating: Rating | None
    basis: str | None  # "band" | "limiter" | "given" | None (no rating)
    total: int | None = None
    maximum: int | None = None
    exact: Fraction | None = None
    percentage: float | None = None
    score: int | None = None
    band: Rating | None = None
    limiter: LimiterHit | None = None
    position: Position | None = None
    reason: str | None = None  # why there is no percentage or no rating
    flags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        return status_of(self.rating, self.basis)

    def to_dict(self) -> dict[str, object]:
        return {
            "percentage": self.percentage,
            "score": self.score,
            "rating": rating_value(self.rating),
            "status": self.status,
            "basis": self.basis,
            "band": rating_value(self.band),
            "total": self.total,
            "maximum": self.maximum,
            "limiter": None if self.limiter is None else {
                "id": self.limiter.limiter.id,
                "cap": self.limiter.limiter.cap.value,
                "statements": list(self.limiter.statements),
                "rule": self.limiter.limiter.source,
            },
            "position": None if self.position is None else self.position.to_dict(),
            "reason": self.reason,
            "flags": list(self.flags),
            "notes": list(self.notes),
            "statements": [s.to_dict() for s in self.statements],
        }


@dataclass(frozen=True, slots=True)
class Aggregation:
    """A rating aggregated from underlying ratings by a principle set."""

    rating: Rating | None
    rule: Rule | None
    principles: str | None  # the principle set's key
    counts: dict[str, int] = field(default_factory=dict)
    n: int = 0
    bucket: str | None = None
    reason: str | None = None
    flags: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        return status_of(self.rating)

    def to_dict(self) -> dict[str, object]:
        return {
            "rating": rating_value(self.rating),
            "status": self.status,
            "principles": self.principles,
            "principle": None if self.rule is None else {
                "id": self.rule.id, "text": self.rule.source, "reading": self.rule.reading,
            },
            "counts": counts_dict(self.counts),
            "underlying": self.n,
            "bucket": self.bucket,
            "reason": self.reason,
            "flags": list(self.flags),
        }


@dataclass(frozen=True, slots=True)
class ServiceResult:
    file: str
    name: str
    service_type: ServiceType
    method: str  # the id of the method version used: "2023" | "2024"
    method_basis: str  # how the method was chosen
    key_questions: dict[str, KeyQuestionResult]
    overall: Aggregation
    notes: tuple[str, ...] = ()
    methodology: str | None = None  # the --methodology overlay file, when one was used
    bands: tuple[Band, ...] = ()  # the bands scored with (an overlay's), for drawing the scale
    # What if: the --set values applied before scoring (cqc_rate.inputs.what_if.Setting), in order.
    settings: tuple[Any, ...] = ()

    kind = "service"

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "kind": self.kind,
            "service": {"name": self.name, "type": self.service_type.key},
            "method": self.method,
            **({"methodology": self.methodology} if self.methodology is not None else {}),
            "method_basis": self.method_basis,
            "levels": list(self.service_type.levels),
            "key_questions": {kq: r.to_dict() for kq, r in self.key_questions.items()},
            "overall": self.overall.to_dict(),
            "notes": list(self.notes),
            **({"set": [s.to_dict() for s in self.settings]} if self.settings else {}),
        }
