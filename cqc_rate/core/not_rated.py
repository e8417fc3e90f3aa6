"""Services CQC does not rate: judgements, rolled up ("Services we do not rate").

Each evidence category assessed is judged "regulations met" or "not all
regulations met". A statement is "not all regulations met" when any of its
evidence categories is (or when it is judged so directly); a key question is
"not all regulations met" when any of its statements is; otherwise
"regulations met". A key question with nothing judged has no judgement. There
is never a score or a rating, and no overall result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..judgements import Judgement
from ..method.models import (
    Methodology,
    NotRatedRules,
    QualityStatement,
    ServiceType,
    SourcedRule,
)
from ..terms import KEY_QUESTION_NAMES, KEY_QUESTIONS
from .results import NOT_RATED, json_key

if TYPE_CHECKING:  # the input model is built only when a file is read
    from ..inputs.not_rated import NotRatedAssessment

Loc = tuple[Any, ...]


def _j(judgement: Judgement | None) -> str | None:
    return judgement.value if judgement is not None else None


def _rule(rule: SourcedRule | None) -> dict[str, object] | None:
    return None if rule is None else {"id": rule.id, "text": rule.source, "reading": rule.reading}


def roll_up(judgements: list[Judgement]) -> Judgement | None:
    """One "not all regulations met" below makes it "not all regulations met"; none judged: None."""
    if not judgements:
        return None
    return Judgement.NOT_MET if Judgement.NOT_MET in judgements else Judgement.MET


@dataclass(frozen=True, slots=True)
class StatementJudgement:
    statement: QualityStatement
    judgement: Judgement
    basis: str  # "given" (one judgement for the statement) | "evidence categories"
    categories: tuple[tuple[str, Judgement], ...] = ()  # (evidence category slug, judgement)
    caused_by: tuple[str, ...] = ()  # the evidence categories judged not met
    rule: SourcedRule | None = None

    def to_dict(self) -> dict[str, object]:
        s = self.statement
        return {
            "id": s.slug, "api_id": s.api_id, "name": s.name,
            "judgement": _j(self.judgement), "basis": self.basis,
            "evidence": {json_key(slug): j.value for slug, j in self.categories} if self.categories else None,
            "caused_by": list(self.caused_by),
            "rule": _rule(self.rule),
        }


@dataclass(frozen=True, slots=True)
class KeyQuestionJudgement:
    key_question: str
    statements: tuple[StatementJudgement, ...]  # only the statements judged
    judgement: Judgement | None
    caused_by: tuple[str, ...] = ()  # slugs of the statements judged not met
    rule: SourcedRule | None = None
    reason: str | None = None  # why there is no judgement

    def to_dict(self) -> dict[str, object]:
        return {
            "status": NOT_RATED,
            "judgement": _j(self.judgement),
            "caused_by": list(self.caused_by),
            "rule": _rule(self.rule),
            "reason": self.reason,
            "statements": [s.to_dict() for s in self.statements],
        }


@dataclass(frozen=True, slots=True)
class NoOverall:
    """Services CQC does not rate have no overall result: the rating is always null."""

    reason: str
    source: str
    rating: None = None

    def to_dict(self) -> dict[str, object]:
        return {"rating": None, "status": NOT_RATED, "score": None, "percentage": None, "judgement": None,
                "reason": self.reason, "rule": self.source}


@dataclass(frozen=True, slots=True)
class NotRatedResult:
    file: str
    name: str
    service_type: ServiceType
    key_questions: Mapping[str, KeyQuestionJudgement]
    overall: NoOverall
    notes: tuple[str, ...] = ()
    methodology: str | None = None  # the --methodology overlay file, when one was used

    kind = "not-rated"

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "kind": self.kind,
            **({"methodology": self.methodology} if self.methodology is not None else {}),
            "service": {"name": self.name, "type": self.service_type.key},
            "levels": list(self.service_type.levels),
            "key_questions": {kq: r.to_dict() for kq, r in self.key_questions.items()},
            "overall": self.overall.to_dict(),
            "notes": list(self.notes),
        }


def _section(model: Any, kq: str) -> Mapping[str, Any]:
    return (getattr(model, kq) or {}) if model is not None else {}


def check(assessment: NotRatedAssessment, method: Methodology) -> list[tuple[Loc, str]]:
    """An evidence-category mapping must judge at least one category."""
    problems: list[tuple[Loc, str]] = []
    for kq in KEY_QUESTIONS:
        for slug, entry in _section(assessment.judgements, kq).items():
            if isinstance(entry, Mapping) and not entry:
                problems.append((("judgements", kq, slug), (
                    "no evidence-category judgements given: expected category: met/not met pairs, "
                    "or one judgement (met or not met) for the statement")))
    return problems


def judge_statement(statement: QualityStatement, entry: Judgement | Mapping[str, Judgement],
                    rules: NotRatedRules) -> StatementJudgement:
    if isinstance(entry, Judgement):
        return StatementJudgement(statement, entry, "given")
    categories = tuple(entry.items())
    judgement = roll_up([j for _, j in categories])
    assert judgement is not None  # check() refuses an empty mapping
    caused = tuple(slug for slug, j in categories if j is Judgement.NOT_MET)
    rule = rules.rule("not-met-in-a-category") if caused else rules.rule("all-met")
    return StatementJudgement(statement, judgement, "evidence categories", categories, caused, rule)


def judge_key_question(kq: str, given: Mapping[str, Any], rules: NotRatedRules,
                       method: Methodology) -> KeyQuestionJudgement:
    statements = tuple(judge_statement(s, given[s.slug], rules)
                       for s in method.catalogue.statements_of(kq) if s.slug in given)
    judgement = roll_up([s.judgement for s in statements])
    if judgement is None:
        return KeyQuestionJudgement(kq, statements, None, reason="no statements judged")
    caused = tuple(s.statement.slug for s in statements if s.judgement is Judgement.NOT_MET)
    rule = rules.rule("not-met-in-a-statement") if caused else rules.rule("all-met")
    return KeyQuestionJudgement(kq, statements, judgement, caused, rule)


def score(name: str, assessment: NotRatedAssessment, method: Methodology,
          rules: NotRatedRules | None = None) -> NotRatedResult:
    """A checked assessment -> key-question judgements; never a score or a rating."""
    rules = rules or method.not_rated
    stype = method.service_type(assessment.service.type)
    assert stype is not None and stype.kind == "not-rated"
    results = {kq: judge_key_question(kq, _section(assessment.judgements, kq), rules, method) for kq in KEY_QUESTIONS}
    notes = []
    if all(r.judgement is None for r in results.values()):
        notes.append("nothing judged: give judgements: per key question and statement")
    unjudged = [KEY_QUESTION_NAMES[kq] for kq, r in results.items() if r.judgement is None]
    if unjudged and len(unjudged) < len(KEY_QUESTIONS):
        notes.append(f"no judgement for {', '.join(unjudged)}: no statements judged")
    return NotRatedResult(
        file=name, name=assessment.service.name, service_type=stype, key_questions=results,
        overall=NoOverall(
            reason=(f"not rated: CQC has no legal power to rate {stype.name.lower()}, so there is "
                    "no overall score, judgement or rating"),
            source=rules.no_rating,
        ),
        notes=tuple(notes),
        methodology=method.overlay,
    )
