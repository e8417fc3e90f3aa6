"""`explain` for a local authority (interim guidance, "How we will determine ratings").

The nine statement scores, then the same arithmetic steps as a key question —
sum, percentage, rounding, band — with no limiters (a reading), and the
smallest statement-score changes that move the overall rating one step, found
by the same search as for a key question (:func:`~cqc_rate.explanations.steps.search`
with :func:`~cqc_rate.core.bands.rate_band_only`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from ..core.bands import rate_band_only
from ..core.local_authority import LocalAuthorityResult
from ..core.results import NOT_RATED, StatementResult, json_key
from ..method.models import Methodology
from .steps import (
    DOWN,
    UP,
    KeyQuestionExplanation,
    Step,
    WhatIf,
    arithmetic_steps,
    names,
    search,
)

LA_NOTE_KEY_QUESTION = ("--key-question does not apply: a local authority gets an overall rating only "
                        "(no key-question ratings)")


@dataclass(frozen=True, slots=True)
class LocalAuthorityExplanation:
    result: LocalAuthorityResult
    overall: KeyQuestionExplanation  # the nine statements taken through the arithmetic, as a key question is
    notes: tuple[str, ...] = ()

    kind = "local-authority"

    @property
    def file(self) -> str:
        return self.result.file

    def to_dict(self) -> dict[str, object]:
        r = self.result
        overall = self.overall.to_dict()
        overall["rule"] = {"id": r.overall.rule.id, "text": r.overall.rule.source, "reading": r.overall.rule.reading}
        return {
            "file": r.file,
            "kind": self.kind,
            "explanation": True,
            **({"methodology": r.methodology} if r.methodology is not None else {}),
            "service": {"name": r.name, "type": r.service_type.key},
            "levels": list(r.service_type.levels),
            "themes": {json_key(slug): {"name": t.theme.name, "statements": list(t.theme.statements),
                                        "total": t.total, "maximum": t.maximum, "percentage": t.percentage,
                                        "rating": None, "status": NOT_RATED}
                       for slug, t in r.themes.items()},
            "overall": overall,
            "notes": [*r.notes, *self.notes],
        }


def _la_statements(result: LocalAuthorityResult) -> tuple[StatementResult, ...]:
    """The nine as statement results (every score given is this assessment's: `updated`)."""
    return tuple(StatementResult(s.statement, s.score, "updated" if s.score is not None else None)
                 for s in result.statements)


def _by_theme(result: LocalAuthorityResult) -> str:
    return "; ".join(
        f"{t.theme.name}: " + ", ".join(f"{s.statement.name} {'—' if s.score is None else s.score}"
                                        for s in t.statements)
        for t in result.themes.values())


def explain(result: LocalAuthorityResult, *, key_questions: Iterable[str] | None = None,
            method: Methodology) -> LocalAuthorityExplanation:
    """The overall rating: nine statements, sum, percentage, rounding, band; what would move it."""
    sec = method.sections
    statements = _la_statements(result)
    counted = [s for s in statements if s.score is not None]
    missing = [s for s in statements if s.score is None]
    steps = [Step("statements", sec["local-authority"], (
        f"{len(counted)} of {len(statements)} statement scores, every statement weighted equally "
        f"(themes are not rated) — {_by_theme(result)}"))]
    notes = (LA_NOTE_KEY_QUESTION,) if key_questions else ()
    if result.overall.rating is None or missing:
        need = f"no rating to move: score {names(missing)} to give a rating"
        steps.append(Step("withheld", sec["local-authority-all-nine"], result.overall.reason or "no overall rating"))
        x = KeyQuestionExplanation("overall", None, None, statements, tuple(steps),
                                   WhatIf(UP, None, reason=need), WhatIf(DOWN, None, reason=need),
                                   reason=result.overall.reason)
        return LocalAuthorityExplanation(result, x, notes)
    rated = rate_band_only([(s.statement.slug, s.score) for s in counted], method)  # type: ignore[misc]
    where = {"sum": "local-authority", "percentage": "local-authority", "band": "local-authority-bands",
             "limiter": "local-authority-bands", "rating": "local-authority-bands"}
    arithmetic = arithmetic_steps(rated, counted, method,
                                  no_limiters="no limiters: the local authority guidance names none")
    steps += [dataclasses.replace(s, section=sec[where[s.id]]) if s.id in where else s for s in arithmetic]
    x = KeyQuestionExplanation(
        "overall", rated.rating, "band", statements, tuple(steps),
        search(counted, rated.rating, UP, method, rate_band_only),
        search(counted, rated.rating, DOWN, method, rate_band_only),
        rated=rated)
    return LocalAuthorityExplanation(result, x, notes)
