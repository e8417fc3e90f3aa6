"""`explain --target KQ=RATING` (or ``overall=RATING``): the smallest set of statement-score
changes that gives a rated service that rating, or why none does.

A key question: :func:`~cqc_rate.explanations.steps.search_to`, the search `explain`
uses for its one-step what-ifs, to any rating: fewest statements changed, then fewest
points, then raising the lowest (lowering the highest) scores, then catalogue order.

The overall rating: for every key question, the cheapest change giving each rating it
can have (its own rating for nothing; a rating given directly or a withheld key
question cannot be moved by scores); every combination of those ratings is aggregated
with the service's principles (:func:`~cqc_rate.core.principles.aggregate`), and the
cheapest combination giving the target is the answer, by the same order: fewest
statements, then fewest points, then the fewest key questions changed, then the key
questions in order. Each key question's cost is independent of the others (its
statements are its own), so the cheapest combination is the cheapest answer.

Only the counted statement scores change (each stays 1-4); statements not scored are
not added. Applying the changes (as ``--set KQ.STATEMENT=SCORE``) and scoring again
gives the target: a property test holds the two to each other.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ..core.principles import aggregate
from ..core.results import KeyQuestionResult, ServiceResult
from ..method.models import Methodology
from ..terms import (
    KEY_QUESTION_NAMES,
    KEY_QUESTION_WORDS,
    KEY_QUESTIONS,
    RATING_WORDS,
    Rating,
    key_question_of,
    rating_of,
    rating_value,
)
from .steps import ScoreChange, WhatIf, search_to

OVERALL = "overall"


class TargetError(ValueError):
    """A --target that cannot be read: one line, naming it."""


@dataclass(frozen=True, slots=True)
class Target:
    """What --target asks for: a key question (or "overall") and a rating."""

    text: str
    scope: str  # a key question, or "overall"
    rating: Rating


def parse_target(text: str) -> Target:
    """`safe=good`, `overall=requires improvement` -> a Target; TargetError otherwise."""
    scope_text, eq, rating_text = text.partition("=")
    if not eq:
        raise TargetError(f"--target {text}: expected KEY_QUESTION=RATING or overall=RATING, e.g. safe=good")
    scope_text = scope_text.strip()
    if scope_text.lower() == OVERALL:
        scope = OVERALL
    else:
        kq = key_question_of(scope_text)
        if kq is None:
            raise TargetError(f"--target {text}: unknown key question {scope_text!r}: expected "
                              f"{KEY_QUESTION_WORDS}, or overall")
        scope = kq
    rating = rating_of(rating_text.strip())
    if rating is None:
        raise TargetError(f"--target {text}: unknown rating {rating_text.strip()!r}: expected {RATING_WORDS}")
    return Target(text, scope, rating)


@dataclass(frozen=True, slots=True)
class TargetChange:
    """One statement's score changed, under its key question."""

    key_question: str
    change: ScoreChange

    @property
    def setting(self) -> str:
        """The change as `--set` takes it."""
        kq = "well-led" if self.key_question == "well_led" else self.key_question
        return f"{kq}.{self.change.statement.slug}={self.change.after}"

    def to_dict(self) -> dict[str, object]:
        return {"key_question": self.key_question, **self.change.to_dict(), "set": self.setting}


@dataclass(frozen=True, slots=True)
class TargetResult:
    """The answer to --target: the changes that reach it, or why it cannot be reached."""

    scope: str  # a key question or "overall"
    target: Rating
    current: Rating | None
    reached: bool  # a set of changes was found (none needed when already there)
    changes: tuple[TargetChange, ...] = ()
    ratings_after: tuple[tuple[str, Rating], ...] = ()  # each key question's rating after the changes
    reason: str | None = None  # why it cannot be reached

    @property
    def points(self) -> int:
        return sum(abs(c.change.after - c.change.before) for c in self.changes)

    def to_dict(self) -> dict[str, object]:
        return {
            "scope": self.scope, "target": self.target.value, "current": rating_value(self.current),
            "reached": self.reached, "statements_changed": len(self.changes), "points": self.points,
            "changes": [c.to_dict() for c in self.changes],
            "ratings_after": {kq: r.value for kq, r in self.ratings_after},
            "reason": self.reason,
        }


# A key question's ways to each rating: rating -> (statements, points, changes).
Options = dict[Rating, tuple[int, int, tuple[ScoreChange, ...]]]


def _why_fixed(r: KeyQuestionResult) -> str:
    name = KEY_QUESTION_NAMES[r.key_question]
    if r.basis == "given":
        return f"{name} is given directly (ratings:): no statement score changes it"
    return f"{name} has no rating ({r.reason or 'no statement scores'}): score it first"


def _options(r: KeyQuestionResult, method: Methodology) -> Options:
    """Each rating the key question can be given by changing its counted scores, at its cost."""
    assert r.rating is not None
    options: Options = {r.rating: (0, 0, ())}
    if r.basis == "given":
        return options
    counted = [s for s in r.statements if s.score is not None]
    for rating in Rating.ordered():
        if rating is r.rating:
            continue
        found = search_to(counted, r.rating, rating, method)
        if found.found:
            options[rating] = (len(found.changes), found.points, found.changes)
    return options


def _key_question(result: ServiceResult, target: Target, method: Methodology) -> TargetResult:
    r = result.key_questions[target.scope]
    name = KEY_QUESTION_NAMES[target.scope]
    if r.rating is None or r.basis == "given":
        return TargetResult(target.scope, target.rating, r.rating, False, reason=_why_fixed(r))
    if r.rating is target.rating:
        return TargetResult(target.scope, target.rating, r.rating, True,
                            ratings_after=((target.scope, r.rating),),
                            reason=None)
    counted = [s for s in r.statements if s.score is not None]
    found: WhatIf = search_to(counted, r.rating, target.rating, method)
    if not found.found:
        return TargetResult(target.scope, target.rating, r.rating, False, reason=f"{name}: {found.reason}")
    return TargetResult(target.scope, target.rating, r.rating, True,
                        tuple(TargetChange(target.scope, c) for c in found.changes),
                        ((target.scope, target.rating),))


def _overall(result: ServiceResult, target: Target, method: Methodology) -> TargetResult:
    current = result.overall.rating
    principles = result.service_type.principles
    assert principles is not None
    missing = [kq for kq in KEY_QUESTIONS if result.key_questions[kq].rating is None]
    if missing:
        why = "; ".join(_why_fixed(result.key_questions[kq]) for kq in missing)
        return TargetResult(OVERALL, target.rating, current, False,
                            reason=f"no overall rating without all five key-question ratings: {why}")
    options = {kq: _options(result.key_questions[kq], method) for kq in KEY_QUESTIONS}
    best: tuple[tuple[int, int, int, tuple[int, ...]], tuple[Rating, ...]] | None = None
    for combo in itertools.product(*(sorted(options[kq], key=lambda x: x.rank) for kq in KEY_QUESTIONS)):
        if aggregate(list(combo), principles, method).rating is not target.rating:
            continue
        costs = [options[kq][rating] for kq, rating in zip(KEY_QUESTIONS, combo, strict=True)]
        moved = tuple(i for i, c in enumerate(costs) if c[0])
        key = (sum(c[0] for c in costs), sum(c[1] for c in costs), len(moved), moved)
        if best is None or key < best[0]:
            best = (key, combo)
    if best is None:
        fixed = [_why_fixed(result.key_questions[kq]) for kq in KEY_QUESTIONS
                 if result.key_questions[kq].basis == "given"]
        why = f"no ratings the key questions can still reach by their statement scores make it {target.rating.value}"
        if fixed:
            why += f" ({'; '.join(fixed)})"
        return TargetResult(OVERALL, target.rating, current, False, reason=why)
    combo = best[1]
    changes = tuple(TargetChange(kq, c) for kq, rating in zip(KEY_QUESTIONS, combo, strict=True)
                    for c in options[kq][rating][2])
    return TargetResult(OVERALL, target.rating, current, True, changes, tuple(zip(KEY_QUESTIONS, combo, strict=True)))


def reach(result: ServiceResult, target: Target, method: Methodology) -> TargetResult:
    """The smallest set of statement-score changes giving `target`, or why there is none."""
    if target.scope == OVERALL:
        return _overall(result, target, method)
    return _key_question(result, target, method)
