"""A local authority's overall rating (docs/methodology.md §4, last paragraph; interim guidance,
February 2023, "How we will determine ratings").

Nine quality statements in four themes, each scored 1-4. The overall
percentage is the sum of all nine scores / 36 (every statement weighted
equally), rounded half up to the whole-number score and banded as a key
question is (25-38 inadequate, 39-62 requires improvement, 63-87 good,
88-100 outstanding). No limiters. Fewer than nine scores: no overall
percentage, score or rating, with the reason; the partial sum is information.
Themes get subtotals, never a rating.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..method.models import (
    Band,
    LocalAuthorityRules,
    Methodology,
    QualityStatement,
    ServiceType,
    SourcedRule,
    Theme,
)
from ..terms import Rating
from .bands import Percentage, Position, edge_flag, position
from .results import NOT_RATED, json_key, status_of

if TYPE_CHECKING:  # the input model is built only when a file is read
    from ..inputs.local_authority import LocalAuthorityAssessment

Loc = tuple[Any, ...]


def _r(rating: Rating | None) -> str | None:
    return rating.value if rating is not None else None


def _rule(rule: SourcedRule) -> dict[str, object]:
    return {"id": rule.id, "text": rule.source, "reading": rule.reading}


@dataclass(frozen=True, slots=True)
class LAStatementResult:
    statement: QualityStatement
    theme: str  # the theme's slug
    score: int | None

    def to_dict(self) -> dict[str, object]:
        s = self.statement
        return {"id": s.slug, "api_id": s.api_id, "name": s.name, "theme": self.theme,
                "score": self.score, "source": "updated" if self.score is not None else None}


@dataclass(frozen=True, slots=True)
class ThemeResult:
    """A theme's subtotal: information only, never a rating."""

    theme: Theme
    statements: tuple[LAStatementResult, ...]
    total: int
    maximum: int  # 4 x the statements scored
    percentage: float | None  # one decimal; None when nothing in the theme is scored

    @property
    def scored(self) -> int:
        return sum(1 for s in self.statements if s.score is not None)

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.theme.name,
            "statements": [s.to_dict() for s in self.statements],
            "scored": self.scored, "of": len(self.statements),
            "total": self.total, "maximum": self.maximum, "percentage": self.percentage,
            "rating": None,  # themes are not rated
            "status": NOT_RATED,
        }


@dataclass(frozen=True, slots=True)
class StatementPoints:
    """How far the total is, in statement-score points, from the neighbouring bands.

    `to_next_band`: the fewest extra points (on any statements) that would lift
    the whole-number score into the next band up; `to_lower_band`: the fewest
    points lost that would drop it into the band below. None where there is no
    such band or the scores cannot reach it (each statement stays within 1-4).
    """

    to_next_band: int | None
    to_lower_band: int | None

    def to_dict(self) -> dict[str, object]:
        return {"to_next_band": self.to_next_band, "to_lower_band": self.to_lower_band}


@dataclass(frozen=True, slots=True)
class LAOverall:
    rating: Rating | None
    basis: str | None  # "band" | None (no rating)
    rule: SourcedRule
    total: int | None = None
    maximum: int | None = None
    exact: Fraction | None = None
    percentage: float | None = None
    score: int | None = None
    position: Position | None = None
    statement_points: StatementPoints | None = None
    reason: str | None = None
    partial: Mapping[str, int] | None = None  # fewer than nine: the sum so far, information only
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        pos = None
        if self.position is not None:
            pos = self.position.to_dict()
            if self.statement_points is not None:
                pos["statement_points"] = self.statement_points.to_dict()
        return {
            "percentage": self.percentage, "score": self.score, "rating": _r(self.rating),
            "status": status_of(self.rating), "basis": self.basis, "total": self.total, "maximum": self.maximum,
            "position": pos, "reason": self.reason,
            "partial": None if self.partial is None else dict(self.partial),
            "rule": _rule(self.rule), "flags": list(self.flags),
        }


@dataclass(frozen=True, slots=True)
class LocalAuthorityResult:
    file: str
    name: str
    service_type: ServiceType
    statements: tuple[LAStatementResult, ...]  # the nine, in theme order
    themes: Mapping[str, ThemeResult]
    overall: LAOverall
    rules: tuple[SourcedRule, ...] = ()
    notes: tuple[str, ...] = ()
    methodology: str | None = None  # the --methodology overlay file, when one was used
    bands: tuple[Band, ...] = ()  # the bands scored with (an overlay's), for drawing the scale

    kind = "local-authority"

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "kind": self.kind,
            **({"methodology": self.methodology} if self.methodology is not None else {}),
            "service": {"name": self.name, "type": self.service_type.key},
            "levels": list(self.service_type.levels),
            "themes": {json_key(slug): t.to_dict() for slug, t in self.themes.items()},
            "overall": self.overall.to_dict(),
            "rules": [_rule(r) for r in self.rules],
            "notes": list(self.notes),
        }


# ------------------------------------------------------------------ checking


def check(assessment: LocalAuthorityAssessment, method: Methodology) -> list[tuple[Loc, str]]:
    """Theme groups hold their own statements; each statement is given once."""
    cat = method.catalogue
    theme_slugs = {t.slug: t for t in cat.themes}
    problems: list[tuple[Loc, str]] = []
    seen: dict[str, Loc] = {}

    def given(slug: str, loc: Loc) -> None:
        if slug in seen:
            where = ".".join(str(p) for p in seen[slug])
            problems.append((loc, f"'{cat.by_slug[slug].name}' is given twice (also at {where}): give it once"))
        else:
            seen[slug] = loc

    for key, entry in (assessment.scores or {}).items():
        if key in theme_slugs:
            theme = theme_slugs[key]
            if not isinstance(entry, dict):
                problems.append((("scores", key), (
                    f"{key} is a theme: expected its statements ({', '.join(theme.statements)}) "
                    "with a score 1-4 each under it")))
                continue
            if not entry:
                problems.append((("scores", key), f"no statement scores given under theme {key}: "
                                 f"expected statement: score pairs ({', '.join(theme.statements)})"))
            for slug in entry:
                home = cat.theme_of_statement[slug]
                if home.slug != key:
                    problems.append((("scores", key, slug), (
                        f"'{cat.by_slug[slug].name}' belongs to theme {home.slug} ({home.name}), "
                        f"not {key}: move it under {home.slug}")))
                given(slug, ("scores", key, slug))
        else:
            if isinstance(entry, dict):
                problems.append((("scores", key), (
                    f"'{cat.by_slug[key].name}' is a statement: expected one score 1-4, got a mapping "
                    f"(group statements under a theme: {', '.join(theme_slugs)})")))
                continue
            given(key, ("scores", key))
    return problems


# ------------------------------------------------------------------- scoring


def flat_scores(assessment: LocalAuthorityAssessment) -> dict[str, int]:
    """statement slug -> score, whether the file gave them flat or by theme."""
    out: dict[str, int] = {}
    for key, entry in (assessment.scores or {}).items():
        if isinstance(entry, dict):
            out.update(entry)
        else:
            out[key] = entry
    return out


def statement_points(total: int, n: int, method: Methodology) -> StatementPoints:
    """Points of statement score to the next band up and down (see StatementPoints)."""
    score = Percentage(total, 4 * n).score
    band = method.band_for(score)
    index = method.bands.index(band)
    up = down = None
    if index + 1 < len(method.bands):
        up = next((k for k in range(1, 4 * n - total + 1)
                   if Percentage(total + k, 4 * n).score >= method.bands[index + 1].low), None)
    if index > 0:
        down = next((k for k in range(1, total - n + 1)
                     if Percentage(total - k, 4 * n).score < band.low), None)
    return StatementPoints(up, down)


def overall(scores: Mapping[str, int], method: Methodology, rules: LocalAuthorityRules) -> LAOverall:
    slugs = method.catalogue.local_authority_slugs
    required = rules.statements_required
    counted = [scores[s] for s in slugs if s in scores]
    if len(counted) < required:
        missing = [method.catalogue.by_slug[s].name for s in slugs if s not in scores]
        reason = (f"no overall rating: {len(counted)} of {required} statements scored; the overall percentage "
                  f"comes from all {required}, equally weighted (not scored: {', '.join(missing)})")
        partial = ({"scored": len(counted), "total": sum(counted), "maximum": 4 * len(counted)}
                   if counted else None)
        return LAOverall(None, None, rules.rule("la-all-nine"), reason=reason, partial=partial)
    pct = Percentage(sum(counted), 4 * len(counted))
    flag = edge_flag(pct, method)  # never fires for 36ths (25t/9 is never x.5), kept for safety
    return LAOverall(
        rating=method.band_for(pct.score).rating,
        basis="band",
        rule=rules.rule("la-equal-weighting"),
        total=pct.total, maximum=pct.maximum, exact=pct.exact,
        percentage=pct.one_decimal, score=pct.score,
        position=position(pct.score, method),
        statement_points=statement_points(pct.total, len(counted), method),
        flags=(flag,) if flag else (),
    )


def theme_result(theme: Theme, scores: Mapping[str, int], method: Methodology) -> ThemeResult:
    statements = tuple(LAStatementResult(method.catalogue.by_slug[s], theme.slug, scores.get(s))
                       for s in theme.statements)
    counted = [s.score for s in statements if s.score is not None]
    pct = Percentage(sum(counted), 4 * len(counted)).one_decimal if counted else None
    return ThemeResult(theme, statements, sum(counted), 4 * len(counted), pct)


def score(name: str, assessment: LocalAuthorityAssessment, method: Methodology,
          rules: LocalAuthorityRules | None = None) -> LocalAuthorityResult:
    """A checked local authority assessment -> its theme subtotals and overall rating."""
    rules = rules or method.local_authority
    stype = method.service_type(assessment.service.type)
    assert stype is not None and stype.kind == "local-authority"
    scores = flat_scores(assessment)
    themes = {t.slug: theme_result(t, scores, method) for t in method.catalogue.themes}
    statements = tuple(s for t in themes.values() for s in t.statements)
    return LocalAuthorityResult(
        file=name, name=assessment.service.name, service_type=stype,
        statements=statements, themes=themes,
        overall=overall(scores, method, rules),
        rules=rules.rules,
        methodology=method.overlay,
        bands=tuple(method.bands),
    )

