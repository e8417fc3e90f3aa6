"""The aggregation principles (docs/methodology.md §4; "How we will aggregate ratings").

One engine for every principle set in ``data/methodology.yaml``: count the
underlying ratings, find the bucket for how many there are, and take the first
rule whose counts all hold. Rules are read literally: each counts exactly the
rating it names (`below_good` counts requires improvement and inadequate).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..method.models import Count, Methodology, PrincipleSet
from ..terms import RATING_TEXT, Rating
from .results import Aggregation


def counts_of(ratings: Iterable[Rating]) -> dict[str, int]:
    counts = {RATING_TEXT[r]: 0 for r in reversed(Rating.ordered())}
    for r in ratings:
        counts[RATING_TEXT[r]] += 1
    return counts


def _holds(count: Count, n: int, bucket: int) -> bool | None:
    """True/False for the condition in this bucket; None when it does not apply there."""
    for op in ("at_least", "at_most", "exactly"):
        values = getattr(count, op)
        if values is None:
            continue
        value = values[bucket]
        if value is None:
            return None
        if op == "at_least" and not n >= value:
            return False
        if op == "at_most" and not n <= value:
            return False
        if op == "exactly" and not n == value:
            return False
    return True


def aggregate(ratings: list[Rating], key: str, method: Methodology) -> Aggregation:
    """Aggregate underlying ratings with the principle set `key`."""
    pset: PrincipleSet = method.principle_sets[key]
    counts = counts_of(ratings)
    n = len(ratings)
    bucket = next((i for i, b in enumerate(pset.buckets) if b.holds(n)), None)
    if bucket is None:
        sizes = ", ".join(b.label for b in pset.buckets)
        return Aggregation(None, None, key, counts, n, None,
                           reason=f"{pset.name} need {sizes} underlying ratings; there are {n}")
    tallies = dict(counts)
    tallies["below_good"] = counts[Rating.REQUIRES_IMPROVEMENT.value] + counts[Rating.INADEQUATE.value]
    for rule in pset.rules:
        results = [_holds(cond, tallies[name], bucket) for name, cond in rule.when.items()]
        if all(r is True for r in results):
            return Aggregation(rule.rating, rule, key, counts, n, pset.buckets[bucket].label,
                               flags=range_flags(ratings, rule.rating))
    raise AssertionError(f"no principle matched {counts} in {key}")  # the data covers every case


def range_flags(ratings: list[Rating], result: Rating | None) -> tuple[str, ...]:
    flags = []
    if Rating.INADEQUATE in ratings and Rating.OUTSTANDING in ratings:
        flags.append("underlying ratings range from inadequate to outstanding: "
                     "professional judgement may depart from the principles")
    if result is not None and Rating.INADEQUATE in ratings and result.rank >= Rating.GOOD.rank:
        flags.append(f"an underlying rating is inadequate but the principles give {result.value}")
    return tuple(flags)
