"""From statement scores to a key-question rating (docs/methodology.md §2, "How we reach a rating").

Percentage = sum of the scores that exist / (4 x their number). The published
score is that percentage rounded half up to a whole number, and the bands
apply to the whole number (a reading: see README "Readings chosen"). Then the
limiters, read literally: a good band with any 1 is requires improvement; an
outstanding band with any 1 or 2 is good.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from ..method.models import Limiter, Methodology
from ..terms import RATING_TEXT, Rating


def half_up(value: Fraction) -> int:
    """Round half up (never to even): 62.5 -> 63, 87.5 -> 88."""
    return _half_up(value.numerator, value.denominator)


def _half_up(n: int, d: int) -> int:
    # floor(n/d + 1/2) = floor((2n + d) / 2d) for d > 0: exact, in whole numbers,
    # without building Fractions (a batch of 50,000 files does this millions of times).
    return (2 * n + d) // (2 * d)


class Percentage(NamedTuple):
    """total / maximum as a percentage, with the roundings the method uses (a named tuple:
    frozen, and made ~11 times a file)."""

    total: int
    maximum: int

    @property
    def exact(self) -> Fraction:
        return Fraction(100 * self.total, self.maximum)

    @property
    def one_decimal(self) -> float:
        # Half up from the exact fraction, so 21/32 = 65.625 -> 65.6 and 0.05s round up.
        return _half_up(1000 * self.total, self.maximum) / 10

    @property
    def score(self) -> int:
        return _half_up(100 * self.total, self.maximum)

    @property
    def on_half(self) -> bool:
        # exact.denominator == 2, without a Fraction: twice the percentage is whole, it is not.
        return (200 * self.total) % self.maximum == 0 and (100 * self.total) % self.maximum != 0


class Position(NamedTuple):
    """Where a whole-number score sits in its band (a named tuple: frozen, and made for
    every key question of a batch's files).

    `half` is "upper" when the score is at or above the middle of the band
    ((low + high) / 2), else "lower". `to_next_band` is how many points up to
    the next band's lowest score; `to_lower_band`, how many points down to fall
    into the band below. None where there is no such band.
    """

    band: Rating
    low: int
    high: int
    half: str
    to_next_band: int | None
    to_lower_band: int | None

    def to_dict(self) -> dict[str, object]:
        return {
            "band": RATING_TEXT[self.band], "low": self.low, "high": self.high, "half": self.half,
            "to_next_band": self.to_next_band, "to_lower_band": self.to_lower_band,
        }


def position(score: int, method: Methodology) -> Position:
    bands = method.bands
    index = method.band_index(score)
    band = bands[index]
    upper = bands[index + 1] if index + 1 < len(bands) else None
    return Position(
        band=band.rating,
        low=band.low,
        high=band.high,
        half="upper" if 2 * score >= band.low + band.high else "lower",
        to_next_band=(upper.low - score) if upper else None,
        to_lower_band=(score - band.low + 1) if index > 0 else None,
    )


def edge_flag(pct: Percentage, method: Methodology) -> str | None:
    """A flag where the exact percentage is x.5 and rounding up crosses into a band."""
    if not pct.on_half:
        return None
    score = pct.score
    for lower, upper in itertools.pairwise(method.bands):
        if score == upper.low:
            return (
                f"{float(pct.exact):g}% is exactly half-way: rounded half up to {score}, "
                f"{upper.rating.value}, not {lower.rating.value}"
            )
    return None


@dataclass(frozen=True, slots=True)
class LimiterHit:
    limiter: Limiter
    statements: tuple[str, ...]  # slugs of the statements whose scores triggered it


def apply_limiters(
    band: Rating, scores: Sequence[tuple[str, int]], method: Methodology
) -> tuple[Rating, LimiterHit | None]:
    """The rating after the limiters: each counted score is looked at once."""
    for limiter in method.limiters:
        if limiter.band is band:
            hits = tuple(slug for slug, score in scores if score in limiter.scores)
            if hits:
                return limiter.cap, LimiterHit(limiter, hits)
    return band, None


class Rated(NamedTuple):
    """Counted scores taken through the key-question rules: percentage, band, limiters, rating
    (a named tuple, as Position is)."""

    pct: Percentage
    band: Rating
    rating: Rating
    limiter: LimiterHit | None


_score_of = operator.itemgetter(1)  # (slug, score) -> score, without a Python call a statement


def rate(scores: Sequence[tuple[str, int]], method: Methodology) -> Rated:
    """The key-question rules in order: percentage -> whole number -> band -> limiters.
    The one definition that `score`, `explain` and the trust rating all use."""
    pct = Percentage(sum(map(_score_of, scores)), 4 * len(scores))
    band = method.band_for(pct.score).rating
    rating, hit = apply_limiters(band, scores, method)
    return Rated(pct, band, rating, hit)


def rate_band_only(scores: Sequence[tuple[str, int]], method: Methodology) -> Rated:
    """Percentage and band with no limiters (local authorities: a reading, docs/methodology.md §6)."""
    pct = Percentage(sum(map(_score_of, scores)), 4 * len(scores))
    band = method.band_for(pct.score).rating
    return Rated(pct, band, band, None)
