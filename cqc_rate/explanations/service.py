"""`explain` for a rated service (levels 1 and 2).

Each key question: its steps and the smallest statement-score changes that
move it one step (:func:`~cqc_rate.explanations.steps.explain_key_question`).

What would change the overall rating: each key-question rating moved one step
up or down, aggregated again with the same principles
(:func:`~cqc_rate.core.principles.aggregate`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..core.principles import aggregate
from ..core.results import Aggregation, ServiceResult
from ..method.models import Methodology
from ..terms import KEY_QUESTION_NAMES, KEY_QUESTIONS, Rating, rating_value
from .steps import (
    DOWN,
    UP,
    KeyQuestionExplanation,
    Step,
    aggregation_steps,
    explain_key_question,
    one_step_moves,
)
from .target import TargetResult


@dataclass(frozen=True, slots=True)
class OverallMove:
    """One key-question rating moved one step, and the overall rating that would give."""

    key_question: str
    direction: str
    before: Rating
    after: Rating
    overall: Aggregation

    def to_dict(self) -> dict[str, object]:
        return {
            "key_question": self.key_question, "direction": self.direction,
            "from": self.before.value, "to": self.after.value,
            "overall": rating_value(self.overall.rating),
            "principle": None if self.overall.rule is None else self.overall.rule.id,
        }


@dataclass(frozen=True, slots=True)
class OverallExplanation:
    aggregation: Aggregation
    steps: tuple[Step, ...]
    moves: tuple[OverallMove, ...] = ()  # every one-step move tried

    @property
    def rating(self) -> Rating | None:
        return self.aggregation.rating

    def would_change(self, direction: str) -> tuple[OverallMove, ...]:
        return tuple(m for m in self.moves if m.direction == direction and m.overall.rating != self.rating)

    def to_dict(self) -> dict[str, object]:
        return {
            **self.aggregation.to_dict(),
            "steps": [s.to_dict() for s in self.steps],
            "what_would_change_it": {d: [m.to_dict() for m in self.would_change(d)] for d in (UP, DOWN)},
            "moves_tried": [m.to_dict() for m in self.moves],
        }


@dataclass(frozen=True, slots=True)
class ServiceExplanation:
    result: ServiceResult
    key_questions: dict[str, KeyQuestionExplanation]  # those asked for (--key-question)
    overall: OverallExplanation
    target: TargetResult | None = None  # explain --target: the changes that reach it, or why none do

    kind = "service"

    @property
    def file(self) -> str:
        return self.result.file

    def to_dict(self) -> dict[str, object]:
        r = self.result
        return {
            "file": r.file,
            "kind": self.kind,
            "explanation": True,
            **({"methodology": r.methodology} if r.methodology is not None else {}),
            "service": {"name": r.name, "type": r.service_type.key},
            "method": r.method,
            "method_basis": r.method_basis,
            "levels": list(r.service_type.levels),
            "key_questions": {kq: e.to_dict() for kq, e in self.key_questions.items()},
            "overall": self.overall.to_dict(),
            "notes": list(r.notes),
            **({"set": [s.to_dict() for s in r.settings]} if r.settings else {}),
            **({"target": self.target.to_dict()} if self.target is not None else {}),
        }


def explain_overall(result: ServiceResult, ratings: dict[str, Rating | None],
                    method: Methodology) -> OverallExplanation:
    sec = method.sections
    stype = result.service_type
    key = stype.principles
    assert key is not None
    levels = " and ".join(str(level) for level in stype.levels)
    steps = [Step("levels", sec["levels"],
                  f"{stype.name}: rated at levels {levels}; the overall rating (level 2) aggregates "
                  "the five key-question ratings")]
    missing = [kq for kq in KEY_QUESTIONS if ratings[kq] is None]
    if missing:
        names = ", ".join(KEY_QUESTION_NAMES[kq] for kq in missing)
        agg = Aggregation(None, None, key, reason=(
            f"no overall rating: all five key questions need a rating; none for {names}"))
        steps.append(Step("overall-needs-five", sec["overall-needs-five"], agg.reason or ""))
        return OverallExplanation(agg, tuple(steps))
    given = [ratings[kq] for kq in KEY_QUESTIONS]
    agg = aggregate(given, key, method)  # type: ignore[arg-type]
    steps.extend(aggregation_steps(agg, "key-question ratings", method))
    steps.append(Step("rating", sec[f"principles.{key}"], f"overall rating: {rating_value(agg.rating)}"))
    moves = [OverallMove(KEY_QUESTIONS[i], direction, given[i], after, overall)  # type: ignore[arg-type]
             for i, direction, after, overall in one_step_moves(given, key, method)]  # type: ignore[arg-type]
    return OverallExplanation(agg, tuple(steps), tuple(moves))


def explain(result: ServiceResult, *, key_questions: Iterable[str] | None = None,
            method: Methodology) -> ServiceExplanation:
    """A rated service: each key question's steps and what would move it, then the overall rating."""
    every = {kq: explain_key_question(r, method) for kq, r in result.key_questions.items()}
    wanted = set(key_questions) if key_questions is not None else set(KEY_QUESTIONS)
    overall = explain_overall(result, {kq: e.rating for kq, e in every.items()}, method)
    return ServiceExplanation(result, {kq: e for kq, e in every.items() if kq in wanted}, overall)
