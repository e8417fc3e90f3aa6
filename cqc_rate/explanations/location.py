"""`explain` for a location file ("How we will aggregate ratings", "How we rate NHS trusts").

- level 3, each key question: the service ratings counted (and those left out
  as significantly small, or not rated for it), the counts, the principle that
  held, any override; what would move it: each counted service's rating moved
  one step and aggregated again with :func:`~cqc_rate.core.principles.aggregate`;
- level 4: the five level-3 ratings after overrides, likewise, each moved one
  step;
- level 5: the trust-level well-led statements explained as a key question
  (steps and the smallest score changes), then moderation.

Each aggregation is recomputed from the underlying ratings, never copied from
the result, so a disagreement with `aggregate` would show in the tests. Where
an override stands, what would move the *computed* rating is still given; the
override replaces whatever the principles give.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from ..core.location import LocationRating, LocationResult, Override, TrustResult
from ..core.principles import aggregate
from ..core.results import Aggregation, status_of
from ..method.models import Methodology
from ..terms import KEY_QUESTION_NAMES, KEY_QUESTIONS, Rating, rating_value
from .steps import (
    DOWN,
    UP,
    KeyQuestionExplanation,
    Step,
    WhatIf,
    aggregation_steps,
    explain_key_question,
    names,
    one_step_moves,
    statement_steps,
)


@dataclass(frozen=True, slots=True)
class Underlying:
    """One rating beneath an aggregation, and whether it counts."""

    name: str  # a service's name (level 3) or a key question id (level 4)
    rating: Rating | None
    status: str  # "counted" | "left out" (significantly small) | "not rated"
    computed: Rating | None = None  # level 4: what the principles gave, where an override replaced it

    @property
    def counted(self) -> bool:
        return self.status == "counted"

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"name": self.name, "rating": rating_value(self.rating), "inclusion": self.status}
        if self.computed is not None:
            out["computed"] = rating_value(self.computed)
        return out


@dataclass(frozen=True, slots=True)
class RatingMove:
    """One underlying rating moved one step, and what the principles then give."""

    what: str  # "service" | "key_question"
    name: str
    direction: str
    before: Rating
    after: Rating
    result: Aggregation

    def to_dict(self) -> dict[str, object]:
        return {
            self.what: self.name, "direction": self.direction,
            "from": self.before.value, "to": self.after.value,
            "computed": rating_value(self.result.rating),
            "principle": None if self.result.rule is None else self.result.rule.id,
        }


@dataclass(frozen=True, slots=True)
class AggregatedExplanation:
    """A location rating (level 3 or 4): its underlying ratings, the principle, any override."""

    level: int
    target: str  # "location.<kq>" | "location.overall" (as an override names it)
    computed: Aggregation  # recomputed from the counted underlying ratings
    override: Override | None
    inputs: tuple[Underlying, ...]
    steps: tuple[Step, ...]
    moves: tuple[RatingMove, ...] = ()  # every one-step move tried

    @property
    def rating(self) -> Rating | None:
        return self.override.rating if self.override is not None else self.computed.rating

    def would_change(self, direction: str) -> tuple[RatingMove, ...]:
        """Moves that change what the principles give (an override stands whatever they give)."""
        return tuple(m for m in self.moves
                     if m.direction == direction and m.result.rating != self.computed.rating)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "level": self.level, "target": self.target,
            "rating": rating_value(self.rating), "status": status_of(self.rating),
            "computed": rating_value(self.computed.rating),
            "override": None if self.override is None else self.override.to_dict(),
        }
        out.update((k, v) for k, v in self.computed.to_dict().items() if k not in out)
        out["inputs"] = [u.to_dict() for u in self.inputs]
        out["steps"] = [s.to_dict() for s in self.steps]
        out["what_would_change_it"] = {
            d: [m.to_dict() for m in self.would_change(d)] for d in (UP, DOWN)}
        out["override_stands"] = self.override is not None
        out["moves_tried"] = [m.to_dict() for m in self.moves]
        return out


@dataclass(frozen=True, slots=True)
class TrustExplanation:
    """Level 5: the trust-level well-led statements as a key question, then moderation."""

    well_led: KeyQuestionExplanation  # rating: what the statements give (before moderation)
    override: Override | None

    @property
    def computed(self) -> Rating | None:
        return self.well_led.rating

    @property
    def rating(self) -> Rating | None:
        return self.override.rating if self.override is not None else self.computed

    def to_dict(self) -> dict[str, object]:
        out = self.well_led.to_dict()
        out.update({"level": 5, "rating": rating_value(self.rating), "status": status_of(self.rating),
                    "computed": rating_value(self.computed),
                    "override": None if self.override is None else self.override.to_dict(),
                    "override_stands": self.override is not None})
        return out


@dataclass(frozen=True, slots=True)
class LocationExplanation:
    result: LocationResult
    steps: tuple[Step, ...]  # which levels the type gets
    key_questions: dict[str, AggregatedExplanation] | None  # level 3 (those asked for)
    overall: AggregatedExplanation | None  # level 4
    trust: TrustExplanation | None  # level 5
    notes: tuple[str, ...] = ()

    kind = "location"

    @property
    def file(self) -> str:
        return self.result.file

    def to_dict(self) -> dict[str, object]:
        r = self.result
        out: dict[str, object] = {
            "file": r.file,
            "kind": self.kind,
            "explanation": True,
            **({"methodology": r.methodology} if r.methodology is not None else {}),
            "location": {"name": r.name, "type": r.service_type.key, "levels": list(r.service_type.levels),
                         "left_out": list(r.left_out)},
            "steps": [s.to_dict() for s in self.steps],
            "services": [s.to_dict() for s in r.services],
        }
        if self.key_questions is not None:
            out["key_questions"] = {kq: e.to_dict() for kq, e in self.key_questions.items()}
        if self.overall is not None:
            out["overall"] = self.overall.to_dict()
        if self.trust is not None:
            out["trust"] = self.trust.to_dict()
        out["notes"] = list(self.notes)
        return out


def _and(numbers: Iterable[int]) -> str:
    words = [str(n) for n in numbers]
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def _listed(items: Iterable[tuple[str, Rating | None]]) -> str:
    return ", ".join(f"{name} {rating_value(rating) or 'none'}" for name, rating in items)


def _moves(what: str, ratings: list[tuple[str, Rating]], key: str, method: Methodology) -> tuple[RatingMove, ...]:
    """Each underlying rating moved one step up and one step down, aggregated again."""
    values = [rating for _, rating in ratings]
    return tuple(RatingMove(what, ratings[i][0], direction, values[i], after, result)
                 for i, direction, after, result in one_step_moves(values, key, method))


def _judgement_steps(label: str, computed: Aggregation, override: Override | None,
                     principles: str, method: Methodology) -> list[Step]:
    """The override, where there is one, and the resulting rating."""
    sec = method.sections
    steps = []
    if override is not None:
        steps.append(Step("override", sec["override"], (
            f"professional judgement departs from the principles: {rating_value(computed.rating) or 'none'} → "
            f"{override.rating.value}; rationale: \"{override.rationale}\"")))
    rating = override.rating if override is not None else computed.rating
    steps.append(Step("rating", sec["override"] if override is not None else principles,
                      f"{label}: {rating_value(rating) or 'none'}" + (" (override)" if override is not None else "")))
    return steps


def _aggregated(level: int, target: str, label: str, inputs: list[Underlying], what: str,
                reported: LocationRating, key: str, method: Methodology, first: list[Step],
                *, complete: bool = True) -> AggregatedExplanation:
    """`complete` False: an input is missing that the level needs (level 4 needs all five)."""
    sec = method.sections
    principles = sec[f"principles.{key}"]
    counted = [(u.name, u.rating) for u in inputs if u.counted and u.rating is not None]
    steps = list(first)
    moves: tuple[RatingMove, ...] = ()
    if counted and complete:
        computed = aggregate([r for _, r in counted], key, method)
        steps += aggregation_steps(computed, f"{what.replace('_', '-')} ratings", method)
        moves = _moves(what, counted, key, method)
    else:
        computed = reported.computed  # nothing to aggregate: the reason says why
        steps.append(Step("no-rating", sec["location-overall"] if level == 4 else principles,
                          computed.reason or "no rating"))
    steps += _judgement_steps(label, computed, reported.override, principles, method)
    return AggregatedExplanation(level, target, computed, reported.override, tuple(inputs), tuple(steps), moves)


def explain_location_key_question(result: LocationResult, kq: str, method: Methodology) -> AggregatedExplanation:
    """Level 3: the services' ratings for one key question, aggregated."""
    assert result.key_questions is not None
    sec = method.sections
    key = result.service_type.principles
    assert key is not None
    name = KEY_QUESTION_NAMES[kq].lower()
    inputs = [Underlying(s.name, s.rating(kq),
                         "left out" if s.left_out else "not rated" if s.rating(kq) is None else "counted")
              for s in result.services]
    counted = [(u.name, u.rating) for u in inputs if u.counted]
    unrated = [u.name for u in inputs if u.status == "not rated"]
    text = (f"{len(counted)} service rating{'s' if len(counted) != 1 else ''} for {name} counted, "
            f"weighted equally: {_listed(counted) or 'none'}")
    if unrated:
        text += f". Not rated for {name}, so not counted: {', '.join(unrated)}"
    first = [Step("services", sec[f"principles.{key}"], text)]
    left = [(u.name, u.rating) for u in inputs if u.status == "left out"]
    if left:
        first.append(Step("left-out", sec["significantly-small"], (
            "left out as significantly small (principle 2: services are weighted equally except where "
            f"they are significantly small): {_listed(left)}")))
    return _aggregated(3, f"location.{kq}", f"location {name} rating (level 3)", inputs, "service",
                       result.key_questions[kq], key, method, first)


def explain_location_overall(result: LocationResult, method: Methodology) -> AggregatedExplanation:
    """Level 4: the five level-3 ratings, after overrides, aggregated."""
    assert result.key_questions is not None and result.overall is not None
    sec = method.sections
    key = result.service_type.principles
    assert key is not None
    inputs = []
    parts = []
    for kq in KEY_QUESTIONS:
        lr = result.key_questions[kq]
        overridden = lr.override is not None
        inputs.append(Underlying(kq, lr.rating, "counted" if lr.rating is not None else "not rated",
                                 computed=lr.computed.rating if overridden else None))
        parts.append(f"{KEY_QUESTION_NAMES[kq]} {rating_value(lr.rating) or 'none'}"
                     + (f" (override; the principles gave {rating_value(lr.computed.rating) or 'none'})"
                        if overridden else ""))
    first = [Step("inputs", sec["location-overall"],
                  "the five location key-question ratings (level 3), after overrides: " + ", ".join(parts))]
    return _aggregated(4, "location.overall", "overall location rating (level 4)", inputs, "key_question",
                       result.overall, key, method, first, complete=all(u.counted for u in inputs))


def explain_trust(trust: TrustResult, method: Methodology) -> TrustExplanation:
    """Level 5: the 8 trust-level well-led statements, scored like a key question, then moderation."""
    sec = method.sections
    frame = Step("trust", sec["trust"], (
        "level 5: the trust rating is the well-led rating from the trust-level assessment of the "
        "8 well-led quality statements, scored like a key question, then moderation"))
    kq = trust.well_led
    if kq is not None and trust.computed is not None:
        x = explain_key_question(kq, method)
        steps = [frame, *x.steps]
    else:
        missing = [s for s in kq.statements if s.score is None] if kq is not None else []
        need = (f"no rating to move: score {names(missing)} to give a rating" if missing
                else "no rating to move: give the trust-level well-led scores (trust: scores: well-led:)")
        steps = [frame, *(statement_steps(kq, method) if kq is not None else []),
                 Step("withheld", sec["trust-needs-eight"], trust.reason or "no trust rating")]
        x = KeyQuestionExplanation("well_led", None, None, kq.statements if kq is not None else (), (),
                                   WhatIf(UP, None, reason=need), WhatIf(DOWN, None, reason=need),
                                   reason=trust.reason)
    if trust.override is not None:
        steps.append(Step("moderation", sec["trust"], (
            f"moderation (professional judgement): {rating_value(trust.computed) or 'none'} → "
            f"{trust.override.rating.value}; "
            f"rationale: \"{trust.override.rationale}\"")))
        steps.append(Step("trust-rating", sec["override"],
                          f"trust rating (level 5): {trust.override.rating.value} (moderated)"))
    else:
        steps.append(Step("trust-rating", sec["trust"],
                          f"trust rating (level 5): {rating_value(trust.computed) or 'none'}"))
    return TrustExplanation(dataclasses.replace(x, steps=tuple(steps)), trust.override)


def explain(result: LocationResult, *, key_questions: Iterable[str] | None = None,
            method: Methodology) -> LocationExplanation:
    """A location file: level 3 for each key question asked for, then level 4, then level 5."""
    sec = method.sections
    stype = result.service_type
    made = [n for n in (3, 4, 5) if n in stype.levels]
    steps = (Step("levels", sec["levels"], (
        f"{stype.name}: rated at levels {_and(stype.levels)}; a location file gives "
        f"level{'s' if len(made) != 1 else ''} {_and(made)}")),)
    wanted = set(key_questions) if key_questions else set(KEY_QUESTIONS)
    kqs = None
    if result.key_questions is not None:
        kqs = {kq: explain_location_key_question(result, kq, method) for kq in KEY_QUESTIONS if kq in wanted}
    overall = explain_location_overall(result, method) if result.overall is not None else None
    trust = explain_trust(result.trust, method) if result.trust is not None else None
    notes: tuple[str, ...] = ()
    if key_questions and kqs is None:
        notes = (f"--key-question does not apply: {stype.key} gets no location key-question "
                 "ratings (level 3) from a location file",)
    return LocationExplanation(result, steps, kqs, overall, trust, notes)
