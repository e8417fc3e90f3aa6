"""`cqc-rate check`: published ratings in CQC public API location records, checked against
the method's own rules — the same `principles.aggregate`, bands and limiters that `score` and
`aggregate` use (docs/check.md). Pure: a record (a dict) and a method in, checks out.

What a record lets us check, for each rating set (current, each historic, each assessment):

- level 2: an overall rating from its five key-question ratings (the location's, or an
  assessment service group's), with the adult social care principles for social care
  locations and the health principles for the rest;
- levels 3 and 4 (health locations with core services): each location key-question rating
  from the services' ratings for it, and the location's overall from its five, as
  `aggregate` does (health principles);
- level 1: a key-question rating against its published percentageScore: the band, and the
  limiters (which need statement scores the API does not carry: a limiter can only be said
  to explain a rating, never shown to have applied).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..method.models import Methodology
from ..terms import KEY_QUESTIONS, Rating, key_question_of, rating_of
from .principles import aggregate

VERDICTS = ("agrees", "agrees-with-limiter", "departs", "cannot-check")
ASC, HEALTH = "adult-social-care", "health"


@dataclass(frozen=True, slots=True)
class Check:
    """One published rating checked: what was published, what the rules give, the verdict."""

    file: str
    location_id: str
    name: str | None
    rating_set: str  # current | historic:<reportDate> | assessment:<id or index>
    level: int
    key_question: str | None
    service: str | None  # the core service or assessment service group, where the rating is one's
    published: str | None  # the rating word as published
    expected: str | None
    verdict: str
    reason: str
    principle: str | None = None  # the rule (principle or limiter) id that gave `expected`

    def to_dict(self) -> dict[str, object]:
        return {
            "location_id": self.location_id, "name": self.name, "rating_set": self.rating_set,
            "level": self.level, "key_question": self.key_question, "service": self.service,
            "published": self.published, "expected": self.expected, "verdict": self.verdict,
            "reason": self.reason, "principle": self.principle, "file": self.file,
        }


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """One file's checks, and the records in it that could not be read (located problems)."""

    file: str
    checks: tuple[Check, ...]
    problems: tuple[Any, ...]  # cqc_rate.problems.Problem


def is_social_care(record: Mapping[str, Any]) -> bool:
    kind = str(record.get("type") or "").strip().lower()
    directorate = str(record.get("inspectionDirectorate") or "").strip().lower()
    return kind == "social care org" or directorate == "adult social care"


def _is_primary_medical(record: Mapping[str, Any]) -> bool:
    # GP practices' serviceRatings are population groups, not core services aggregated upward.
    kind = str(record.get("type") or "").strip().lower()
    directorate = str(record.get("inspectionDirectorate") or "").strip().lower()
    return kind == "primary medical services" or directorate == "primary medical services"


def _list(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def _word(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _kq_ratings(entries: Any) -> dict[str, dict[str, Any]]:
    """Key question -> its entry, for the entries named as key questions (others ignored)."""
    out: dict[str, dict[str, Any]] = {}
    for entry in _list(entries):
        kq = key_question_of(entry.get("name"))
        if kq is not None and kq not in out:
            out[kq] = entry
    return out


class _Checker:
    def __init__(self, record: Mapping[str, Any], file: str, method: Methodology) -> None:
        self.record, self.file, self.method = record, file, method
        self.location_id = str(record.get("locationId"))
        self.name = _word(record.get("name"))
        self.social_care = is_social_care(record)
        self.own_principles = ASC if self.social_care else HEALTH
        self.by_services = not self.social_care and not _is_primary_medical(record)

    def check(self, rating_set: str, level: int, published: str | None, expected: Rating | None,
              verdict: str, reason: str, *, key_question: str | None = None, service: str | None = None,
              principle: str | None = None) -> Check:
        return Check(self.file, self.location_id, self.name, rating_set, level, key_question, service,
                     published, expected.value if expected else None, verdict, reason, principle)

    def from_ratings(self, rating_set: str, level: int, published_word: str | None, inputs: list[tuple[str, Any]],
                     principles: str, need: int | None, what: str, *, key_question: str | None = None,
                     service: str | None = None) -> Check:
        """A published rating against what `principles` give from `inputs` ((label, published word))."""
        published = rating_of(published_word)
        if published is None:
            return self.check(rating_set, level, published_word, None, "cannot-check",
                              f"the published {what} is not a rating ({published_word!r})",
                              key_question=key_question, service=service)
        rated = [(label, rating_of(word)) for label, word in inputs]
        ratings = [r for _, r in rated if r is not None]
        unrated = [f"{label}: {_word(word) or 'none'}" for (label, word), (_, r) in zip(inputs, rated, strict=True)
                   if r is None]
        if not ratings or (need is not None and len(ratings) < need):
            have = f"{len(ratings)} of {need}" if need is not None else "none"
            gap = f" ({'; '.join(unrated)})" if unrated else ""
            return self.check(rating_set, level, published_word, None, "cannot-check",
                              f"too few ratings to aggregate: {have} rated{gap}",
                              key_question=key_question, service=service)
        result = aggregate(ratings, principles, self.method)
        if result.rating is None:
            return self.check(rating_set, level, published_word, None, "cannot-check",
                              result.reason or "the principles give no rating",
                              key_question=key_question, service=service)
        rule = result.rule
        rule_id = rule.id if rule else None
        counts = ", ".join(f"{n} {r}" for r, n in result.counts.items() if n)
        pset = self.method.principle_sets[principles].name
        left = f"; not counted: {'; '.join(unrated)}" if unrated else ""
        if result.rating is published:
            return self.check(rating_set, level, published_word, result.rating, "agrees",
                              f"{counts}: {pset}, {rule_id}{left}", key_question=key_question, service=service,
                              principle=rule_id)
        text = f" ({' '.join(rule.source.split())})" if rule else ""
        return self.check(rating_set, level, published_word, result.rating, "departs",
                          f"{counts}: {pset}, {rule_id}{text} gives {result.rating.value}, "
                          f"published {published.value}{left}",
                          key_question=key_question, service=service, principle=rule_id)

    def overall(self, rating_set: str, level: int, block: Mapping[str, Any], principles: str,
                service: str | None = None) -> Iterator[Check]:
        """The block's overall rating from its own key-question ratings."""
        if _word(block.get("rating")) is None:
            return
        kqs = _kq_ratings(block.get("keyQuestionRatings"))
        if not kqs:
            return  # nothing published to check it against
        inputs = [(kq, kqs[kq].get("rating") if kq in kqs else None) for kq in KEY_QUESTIONS]
        yield self.from_ratings(rating_set, level, _word(block.get("rating")), inputs, principles, 5,
                                "overall rating", service=service)

    def percentages(self, rating_set: str, block: Mapping[str, Any], service: str | None) -> Iterator[Check]:
        """Level 1: each key-question rating against its published percentageScore."""
        for kq, entry in _kq_ratings(block.get("keyQuestionRatings")).items():
            if "percentageScore" not in entry or _word(entry.get("rating")) is None:
                continue
            yield self.percentage(rating_set, kq, entry, service)

    def percentage(self, rating_set: str, kq: str, entry: Mapping[str, Any], service: str | None) -> Check:
        word = _word(entry.get("rating"))
        raw = entry.get("percentageScore")
        published = rating_of(word)
        at = {"key_question": kq, "service": service}
        if published is None:
            return self.check(rating_set, 1, word, None, "cannot-check",
                              f"the published key-question rating is not a rating ({word!r})", **at)
        score = _whole(raw)
        if score is None:
            return self.check(rating_set, 1, word, None, "cannot-check",
                              f"percentageScore {raw!r} is not a whole-number score", **at)
        try:
            band = self.method.band_for(score).rating
        except ValueError:
            return self.check(rating_set, 1, word, None, "cannot-check",
                              f"percentageScore {score} is outside every band", **at)
        if band is published:
            return self.check(rating_set, 1, word, band, "agrees", f"score {score} is in the {band.value} band", **at)
        for limiter in self.method.limiters:
            if limiter.band is band and limiter.cap is published:
                scores = " or ".join(str(s) for s in limiter.scores)
                return self.check(
                    rating_set, 1, word, band, "agrees-with-limiter",
                    f"score {score} is in the {band.value} band; {published.value} is what limiter "
                    f"{limiter.id} gives where a quality statement is scored {scores} (statement scores are not "
                    "in the record)", principle=limiter.id, **at)
        return self.check(rating_set, 1, word, band, "departs",
                          f"score {score} is in the {band.value} band, published {published.value}, "
                          "which no limiter explains", **at)

    def services(self, rating_set: str, location: Mapping[str, Any], services: list[dict[str, Any]],
                 what: str) -> Iterator[Check]:
        """Levels 3 and 4, as `aggregate` does: the location's key questions from its services'."""
        rated = [(s, _kq_ratings(s.get("keyQuestionRatings"))) for s in services]
        rated = [(s, kqs) for s, kqs in rated if kqs]
        if not rated:
            return
        location_kqs = _kq_ratings(location.get("keyQuestionRatings"))
        for kq in KEY_QUESTIONS:
            entry = location_kqs.get(kq)
            if entry is None or _word(entry.get("rating")) is None:
                continue
            inputs = [(_word(s.get("name")) or f"{what} {i}", kqs[kq].get("rating"))
                      for i, (s, kqs) in enumerate(rated, 1) if kq in kqs]
            inputs = [(label, word) for label, word in inputs if rating_of(word) is not None] or inputs
            yield self.from_ratings(rating_set, 3, _word(entry.get("rating")), inputs, HEALTH, None,
                                    "key-question rating", key_question=kq)
        yield from self.overall(rating_set, 4, location, HEALTH)

    def rating_set(self, rating_set: str, overall: Any, services: Any, what: str) -> Iterator[Check]:
        blocks = _list(overall)
        groups = _list(services)
        for block in blocks:
            if self.by_services and any(_kq_ratings(s.get("keyQuestionRatings")) for s in groups):
                yield from self.services(rating_set, block, groups, what)
            else:
                yield from self.overall(rating_set, 2, block, self.own_principles)

    def all(self) -> Iterator[Check]:
        current = self.record.get("currentRatings")
        if isinstance(current, dict):
            yield from self.rating_set("current", current.get("overall"), current.get("serviceRatings"),
                                       "service")
        for i, historic in enumerate(_list(self.record.get("historicRatings")), 1):
            label = f"historic:{_word(historic.get('reportDate')) or i}"
            yield from self.rating_set(label, historic.get("overall"), historic.get("serviceRatings"), "service")
        for i, block in enumerate(_list(self.record.get("assessment")), 1):
            ident = next((_word(block.get(k)) for k in ("assessmentId", "id") if _word(block.get(k))), None)
            label = f"assessment:{ident or i}"
            found = block.get("ratings")
            ratings: dict[str, Any] = found if isinstance(found, dict) else {}
            groups = _list(ratings.get("asgRatings"))
            for block_overall in _list(ratings.get("overall")):
                yield from self.percentages(label, block_overall, None)
            for n, group in enumerate(groups, 1):
                name = _word(group.get("name")) or _word(group.get("title")) or f"group {n}"
                yield from self.percentages(label, group, name)
                yield from self.overall(label, 2, group, self.own_principles, service=name)
            yield from self.rating_set(label, ratings.get("overall"), groups, "service group")


def _whole(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() else None
    if isinstance(raw, str):
        text = raw.strip().removesuffix("%").strip()
        if text.isdigit():
            return int(text)
        try:
            value = float(text)
        except ValueError:
            return None
        return int(value) if value.is_integer() else None
    return None


def check_record(record: Mapping[str, Any], method: Methodology, file: str = "") -> list[Check]:
    """Every checkable published rating in one location record (see the module's docstring)."""
    return list(_Checker(record, file, method).all())
