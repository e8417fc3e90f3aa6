"""The pieces every explanation is made of, and the key-question explanation they share.

A :class:`Step` is one step of the arithmetic or of the rules, with the
section of the method it comes from (the ``sections`` of the methodology
data). Every step is recomputed from the result's counted statement scores
with the same core functions `score` uses — :func:`~cqc_rate.core.bands.rate`
(the key-question rule sequence, the one definition `score_key_question`
calls too) and :func:`~cqc_rate.core.principles.aggregate` — never a second
copy of the rules.

What would change a key-question rating (:func:`search`): the smallest set of
changes to the counted statement scores (each stays 1-4) that gives a rating
exactly one step up, and one exactly one step down. "Smallest" is the fewest
statements changed; ties go to the fewest points moved, then (up) to raising
the lowest-scored statements or (down) to lowering the highest-scored, then
to catalogue order. Exactly one step is enough: the rating never falls when a
score rises (a higher band is capped no lower than the band below), and a
one-point move changes the rating by at most one step, so the first set of
statements that can reach any higher rating can also reach the next one.

Used by the explanations of each kind: :mod:`.service` (key questions of a
rated service), :mod:`.local_authority` (the nine statements, taken through
the same arithmetic) and :mod:`.location` (the trust-level well-led
statements, level 5).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..core.bands import Rated, position, rate
from ..core.principles import aggregate
from ..core.results import Aggregation, KeyQuestionResult, StatementResult, fraction_dict, status_of
from ..method.models import Methodology, QualityStatement
from ..terms import KEY_QUESTION_NAMES, Rating, rating_value

UP, DOWN = "up", "down"


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the arithmetic or of the rules, with the section it comes from."""

    id: str
    section: str
    text: str

    def to_dict(self) -> dict[str, object]:
        return {"step": self.id, "section": self.section, "text": self.text}


@dataclass(frozen=True, slots=True)
class ScoreChange:
    statement: QualityStatement
    source: str | None  # where the counted score came from
    before: int
    after: int

    def to_dict(self) -> dict[str, object]:
        return {"id": self.statement.slug, "api_id": self.statement.api_id, "name": self.statement.name,
                "source": self.source, "from": self.before, "to": self.after}


@dataclass(frozen=True, slots=True)
class WhatIf:
    """The smallest change to the counted scores that moves a rating one step, or why there is none."""

    direction: str  # "up" | "down"
    target: Rating | None
    changes: tuple[ScoreChange, ...] = ()
    after: Rated | None = None
    reason: str | None = None

    @property
    def found(self) -> bool:
        return self.after is not None

    @property
    def points(self) -> int:
        return sum(abs(c.after - c.before) for c in self.changes)

    def to_dict(self) -> dict[str, object]:
        a = self.after
        return {
            "direction": self.direction,
            "target": rating_value(self.target),
            "found": self.found,
            "statements_changed": len(self.changes),
            "points": self.points,
            "changes": [c.to_dict() for c in self.changes],
            "total": a.pct.total if a else None,
            "maximum": a.pct.maximum if a else None,
            "percentage": a.pct.one_decimal if a else None,
            "score": a.pct.score if a else None,
            "band": rating_value(a.band) if a else None,
            "limiter": a.limiter.limiter.id if a and a.limiter else None,
            "rating": rating_value(a.rating) if a else None,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class KeyQuestionExplanation:
    key_question: str
    rating: Rating | None
    basis: str | None  # "band" | "limiter" | "given" | None
    statements: tuple[StatementResult, ...]
    steps: tuple[Step, ...]
    up: WhatIf
    down: WhatIf
    rated: Rated | None = None  # the recomputed arithmetic, where statements decided the rating
    reason: str | None = None

    def to_dict(self) -> dict[str, object]:
        r = self.rated
        return {
            "rating": rating_value(self.rating),
            "status": status_of(self.rating, self.basis),
            "basis": self.basis,
            "total": r.pct.total if r else None,
            "maximum": r.pct.maximum if r else None,
            "exact_percentage": None if r is None else fraction_dict(r.pct.exact),
            "percentage": r.pct.one_decimal if r else None,
            "score": r.pct.score if r else None,
            "band": rating_value(r.band) if r else None,
            "limiter": None if r is None or r.limiter is None else {
                "id": r.limiter.limiter.id, "cap": r.limiter.limiter.cap.value,
                "statements": list(r.limiter.statements), "rule": r.limiter.limiter.source,
            },
            "reason": self.reason,
            "steps": [s.to_dict() for s in self.steps],
            "statements": [s.to_dict() for s in self.statements],
            "what_would_change_it": {UP: self.up.to_dict(), DOWN: self.down.to_dict()},
        }



# ---------------------------------------------------------------- numbers


def decimal(value: Fraction) -> str:
    """A fraction as a decimal: exact where it ends within 4 places, else to 3 with '…'."""
    for places in range(5):
        scaled = value * 10**places
        if scaled.denominator == 1:
            return f"{float(value):.{places}f}"
    return f"{float(value):.3f}…"


def _scored(s: StatementResult) -> str:
    src = s.source or ""
    if s.transferred_from:
        src += f" from {KEY_QUESTION_NAMES[s.transferred_from].lower()}"
    return f"{s.statement.name} {s.score} ({src})"


def names(statements: Iterable[StatementResult]) -> str:
    return ", ".join(s.statement.name for s in statements)


# ------------------------------------------------------- key-question steps


def statement_steps(r: KeyQuestionResult, method: Methodology) -> list[Step]:
    sec = method.sections
    counted = [s for s in r.statements if s.score is not None]
    missing = [s for s in r.statements if s.applies and s.score is None]
    if counted:
        text = (f"{len(counted)} statement score{'s' if len(counted) != 1 else ''} counted: "
                + "; ".join(_scored(s) for s in counted)
                + (f". Not scored, left out of both sums: {names(missing)}" if missing else ""))
    else:
        text = "no statement scores"
    steps = [Step("statements", sec["statements"], text)]
    for s in counted:
        if s.evidence is not None:
            e = s.evidence
            cats = " + ".join(str(v) for _, v in e.categories)
            steps.append(Step("method-2023", sec["method-2023"], (
                f"{s.statement.name}: {cats} = {e.total}/{e.maximum} = "
                f"{decimal(Fraction(100 * e.total, e.maximum))}% → {e.whole} → statement score {s.score}")))
    moved = [s for s in counted if s.source == "transferred"]
    if moved:
        text = "; ".join(
            f"{s.statement.name} {s.score} from the published "
            f"{KEY_QUESTION_NAMES[s.transferred_from or r.key_question].lower()} rating"
            + (" (an exception)" if s.transfer_rule else "")
            for s in moved)
        steps.append(Step("transfer", sec["transfer"], f"first scores transferred: {text}"))
    return steps


def _where(score: int, method: Methodology) -> str:
    """Where the score sits in its band (core.bands.position)."""
    p = position(score, method)
    nxt = f", {p.to_next_band} percentage points below the next band" if p.to_next_band is not None else ""
    return f" ({p.half} half{nxt})"


def arithmetic_steps(rated: Rated, counted: Sequence[StatementResult], method: Methodology,
                     *, no_limiters: str | None = None) -> list[Step]:
    """Sum, percentage, rounding, band, limiter and rating steps. `no_limiters`: why no limiter
    is looked at, for a kind without them (the text of that step)."""
    sec = method.sections
    pct = rated.pct
    band = method.band_for(pct.score)
    steps = [
        Step("sum", sec["percentage"],
             f"sum {pct.total} of a maximum {pct.maximum} ({len(counted)} statements × 4)"),
        Step("percentage", sec["percentage"],
             f"{pct.total}/{pct.maximum} = {decimal(pct.exact)}%, shown as {pct.one_decimal:.1f}%"),
        Step("rounding", sec["rounding"],
             f"{decimal(pct.exact)}% rounded half up to the whole number {pct.score}"
             + (" (exactly half-way: rounded up)" if pct.on_half else "")),
        Step("band", sec["band"],
             f"{pct.score} is in {band.low}–{band.high}: {band.rating.value}" + _where(pct.score, method)),
    ]
    hit = rated.limiter
    if no_limiters is not None:
        steps.append(Step("limiter", sec["reading"], no_limiters))
    elif hit is not None:
        named = ", ".join(f"{s.statement.name} {s.score}" for s in counted if s.statement.slug in hit.statements)
        steps.append(Step("limiter", sec["limiters"], (
            f"{hit.limiter.id}: {named} → limited to {hit.limiter.cap.value}. \"{hit.limiter.source}\"")))
    else:
        limiter = next((lim for lim in method.limiters if lim.band is rated.band), None)
        if limiter is None:
            text = f"no limiter applies to the {rated.band.value} band"
        else:
            scores = " or ".join(str(s) for s in limiter.scores)
            text = f"{limiter.id} does not apply: no statement is scored {scores}"
        steps.append(Step("limiter", sec["limiters"], text))
    steps.append(Step("rating", sec["limiters"] if hit else sec["band"],
                      f"rating: {rated.rating.value} ({'limited' if hit else 'the band'})"))
    return steps


# ------------------------------------------------------- what would change it


def search(counted: Sequence[StatementResult], current: Rating, direction: str,
           method: Methodology,
           rate_with: Callable[[Sequence[tuple[str, int]], Methodology], Rated] | None = None) -> WhatIf:
    """The smallest change to the counted scores giving a rating exactly one step up/down.

    Searches k = 1, 2, ... changed statements and stops at the first k with a
    solution. A set of statements is skipped when even moving them all the way
    (to 4 up, to 1 down) does not reach the target: the rating is monotone in
    each score, so nothing smaller would. `rate_with` is the rule set (default
    :func:`rate`, with limiters; a kind without limiters passes :func:`~cqc_rate.core.bands.rate_band_only`).
    """
    step = 1 if direction == UP else -1
    ordered = Rating.ordered()
    index = current.rank + step
    if not 0 <= index < len(ordered):
        return WhatIf(direction, None, reason=(
            f"already {current.value}: there is no rating {'above' if step > 0 else 'below'} it"))
    return search_to(counted, current, ordered[index], method, rate_with)


def search_to(counted: Sequence[StatementResult], current: Rating, target: Rating, method: Methodology,
              rate_with: Callable[[Sequence[tuple[str, int]], Methodology], Rated] | None = None) -> WhatIf:
    """The smallest change to the counted scores giving exactly `target` (any number of steps
    from `current`, which it must differ from), ranked as :func:`search` ranks: fewest
    statements, then fewest points, then the preference, then catalogue order. The same
    pruning holds: a set that cannot reach the target moved all the way is skipped."""
    rate_with = rate_with or rate
    step = 1 if target.rank > current.rank else -1
    direction = UP if step > 0 else DOWN
    slugs = [s.statement.slug for s in counted]
    scores = [s.score for s in counted if s.score is not None]
    assert len(scores) == len(counted)  # every counted statement has a score
    cache: dict[tuple[int, ...], Rating] = {}

    def rated(values: Sequence[int]) -> Rated:
        return rate_with(list(zip(slugs, values, strict=True)), method)

    def rating(values: Sequence[int]) -> Rating:
        # The rating depends only on which scores there are, not on which statement has which.
        key = tuple(sorted(values))
        if key not in cache:
            cache[key] = rated(key).rating
        return cache[key]

    def reaches(values: Sequence[int]) -> bool:
        rank = rating(values).rank
        return rank >= target.rank if step > 0 else rank <= target.rank

    extreme = 4 if step > 0 else 1
    for k in range(1, len(scores) + 1):
        best: tuple[tuple[int, int, tuple[int, ...]], list[int]] | None = None
        for combo in itertools.combinations(range(len(scores)), k):
            values = list(scores)
            for i in combo:
                values[i] = extreme
            if any(scores[i] == extreme for i in combo) or not reaches(values):
                continue
            options = [range(scores[i] + 1, 5) if step > 0 else range(scores[i] - 1, 0, -1) for i in combo]
            for moved in itertools.product(*options):
                values = list(scores)
                for i, v in zip(combo, moved, strict=True):
                    values[i] = v
                if rating(values) is not target:
                    continue
                points = sum(abs(v - scores[i]) for i, v in zip(combo, moved, strict=True))
                preference = sum(scores[i] for i in combo) * (1 if step > 0 else -1)
                key = (points, preference, combo)
                if best is None or key < best[0]:
                    best = (key, values)
        if best is not None:
            values = best[1]
            changes = tuple(ScoreChange(counted[i].statement, counted[i].source, scores[i], values[i])
                            for i in best[0][2])
            return WhatIf(direction, target, changes, rated(values))
    reason = f"no change to the counted scores (each 1–4) gives {target.value}"
    if scores:
        furthest = rated([extreme] * len(scores))
        if furthest.limiter is not None:
            reason += (f": even with every counted score at {extreme} the limiter "
                       f"{furthest.limiter.limiter.id} gives {furthest.rating.value}")
        else:
            reason += f": with every counted score at {extreme} it is {furthest.rating.value}"
    return WhatIf(direction, target, reason=reason)


def _not_by_scores(direction: str, reason: str) -> WhatIf:
    return WhatIf(direction, None, reason=reason)


# ------------------------------------------------------------- a key question


def explain_key_question(r: KeyQuestionResult, method: Methodology) -> KeyQuestionExplanation:
    sec = method.sections
    name = KEY_QUESTION_NAMES[r.key_question]
    if r.basis == "given":
        assert r.rating is not None
        why = ("the rating was given directly: no statement arithmetic to change; "
               "a different rating is a different judgement")
        return KeyQuestionExplanation(
            r.key_question, r.rating, "given", r.statements,
            (Step("given", sec["given"],
                  f"{name} rating given directly (ratings:): {r.rating.value}; no statement scores are used"),),
            _not_by_scores(UP, why), _not_by_scores(DOWN, why))
    counted = [s for s in r.statements if s.score is not None]
    missing = [s for s in r.statements if s.applies and s.score is None]
    steps = statement_steps(r, method)
    if r.rating is None:
        # Withheld, or nothing scored: score gave no rating; say what must be assessed.
        if missing:
            need = f"assess {names(missing)} to give a rating"
        else:
            need = "score its statements to give a rating"
        steps.append(Step("withheld", sec["withheld"], f"no rating: {r.reason or 'no statement scores'}"))
        return KeyQuestionExplanation(
            r.key_question, None, None, r.statements, tuple(steps),
            _not_by_scores(UP, f"no rating to move: {need}"), _not_by_scores(DOWN, f"no rating to move: {need}"),
            reason=r.reason)
    rated = rate([(s.statement.slug, s.score) for s in counted], method)  # type: ignore[misc]
    steps.extend(arithmetic_steps(rated, counted, method))
    return KeyQuestionExplanation(
        r.key_question, rated.rating, "limiter" if rated.limiter else "band", r.statements, tuple(steps),
        search(counted, rated.rating, UP, method), search(counted, rated.rating, DOWN, method),
        rated=rated)


# ------------------------------------------------------------- aggregation


def _counts_text(agg: Aggregation) -> str:
    return ", ".join(f"{n} {rating}" for rating, n in agg.counts.items() if n)


def one_step_moves(ratings: Sequence[Rating], key: str,
                   method: Methodology) -> Iterator[tuple[int, str, Rating, Aggregation]]:
    """Each rating moved one step up, then one step down (where there is a step), the others
    kept, aggregated again with the principles `key`: (index, direction, moved to, result)."""
    ordered = Rating.ordered()
    for i, before in enumerate(ratings):
        for direction, step in ((UP, 1), (DOWN, -1)):
            index = before.rank + step
            if not 0 <= index < len(ordered):
                continue
            moved = list(ratings)
            moved[i] = ordered[index]
            yield i, direction, ordered[index], aggregate(moved, key, method)


def aggregation_steps(agg: Aggregation, what: str, method: Methodology) -> list[Step]:
    """The counts of the underlying ratings and the principle that held (tried in order)."""
    sec = method.sections
    key = agg.principles
    assert key is not None
    pset = method.principle_sets[key]
    principles = sec[f"principles.{key}"]
    steps = [Step("counts", principles,
                  f"{agg.n} {what} ({agg.bucket} underlying ratings): {_counts_text(agg)}")]
    if agg.rule is not None:
        rule = agg.rule
        tried = [r.id for r in pset.rules]
        earlier = tried[:tried.index(rule.id)]
        steps.append(Step("principle", f"{sec['reading']} › {pset.name}" if rule.reading else principles, (
            (f"tried in order, {', '.join(earlier)} do{'es' if len(earlier) == 1 else ''} not hold; "
             if earlier else "")
            + f"{rule.id}{' (a reading)' if rule.reading else ''} holds: \"{rule.source}\"")))
    return steps
