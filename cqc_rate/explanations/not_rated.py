"""`explain` for services CQC does not rate ("Services we do not rate").

There is no arithmetic to show: each evidence category is judged "regulations
met" or "not all regulations met", and one "not met" anywhere below makes the
statement and the key question above it "not all regulations met". The
explanation walks that roll-up and says what would change each key
question's judgement: every "not met" below it becoming met (up), or any one
judgement below it becoming not met (down).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..core.not_rated import KeyQuestionJudgement, NotRatedResult, StatementJudgement
from ..core.results import NOT_RATED
from ..judgements import Judgement
from ..method.models import Methodology
from ..terms import KEY_QUESTION_NAMES
from .steps import Step


@dataclass(frozen=True, slots=True)
class JudgementExplanation:
    key_question: str
    judgement: Judgement | None
    steps: tuple[Step, ...]
    up: str  # what would make it "regulations met"
    down: str  # what would make it "not all regulations met"

    def to_dict(self) -> dict[str, object]:
        return {
            "status": NOT_RATED,
            "judgement": self.judgement.value if self.judgement else None,
            "steps": [s.to_dict() for s in self.steps],
            "what_would_change_it": {"up": self.up, "down": self.down},
        }


@dataclass(frozen=True, slots=True)
class NotRatedExplanation:
    result: NotRatedResult
    key_questions: dict[str, JudgementExplanation]

    kind = "not-rated"

    @property
    def file(self) -> str:
        return self.result.file

    def to_dict(self) -> dict[str, object]:
        r = self.result
        return {
            "file": r.file, "kind": self.kind, "explanation": True,
            **({"methodology": r.methodology} if r.methodology is not None else {}),
            "service": {"name": r.name, "type": r.service_type.key},
            "key_questions": {kq: x.to_dict() for kq, x in self.key_questions.items()},
            "overall": {"rating": None, "status": NOT_RATED, "reason": r.overall.reason},
            "notes": list(r.notes),
        }


def _statement_line(s: StatementJudgement) -> str:
    if s.categories:
        cats = ", ".join(f"{slug} {'met' if j is Judgement.MET else 'not met'}" for slug, j in s.categories)
        return f"{s.statement.name}: {cats} → {s.judgement.value}"
    return f"{s.statement.name}: {s.judgement.value} (judged for the statement)"


def explain_judgement(kq: KeyQuestionJudgement, method: Methodology) -> JudgementExplanation:
    section = method.sections["not-rated"]
    name = KEY_QUESTION_NAMES[kq.key_question]
    if kq.judgement is None:
        why = kq.reason or "nothing judged"
        return JudgementExplanation(kq.key_question, None, (Step("not-judged", section, f"{name}: {why}"),),
                                    f"judge its statements to give a judgement ({why})", "nothing judged to change")
    steps = [Step("statement", section, _statement_line(s)) for s in kq.statements]
    not_met = [s for s in kq.statements if s.judgement is Judgement.NOT_MET]
    if not_met:
        causes = "; ".join(f"{s.statement.name} ({', '.join(s.caused_by) or 'judged not met'})" for s in not_met)
        steps.append(Step("roll-up", section, f"one 'not met' below makes {name} {kq.judgement.value}: {causes}"))
        up = "every 'not met' below becoming met: " + causes
        down = "already not all regulations met: nothing lower"
    else:
        steps.append(Step("roll-up", section, f"every judgement below is met, so {name} is {kq.judgement.value}"))
        up = "already regulations met: nothing higher"
        down = "any one statement or evidence category judged not met"
    return JudgementExplanation(kq.key_question, kq.judgement, tuple(steps), up, down)


def explain(result: NotRatedResult, *, key_questions: Iterable[str] | None = None,
            method: Methodology) -> NotRatedExplanation:
    wanted = set(key_questions) if key_questions else None
    return NotRatedExplanation(result, {
        kq: explain_judgement(j, method) for kq, j in result.key_questions.items() if wanted is None or kq in wanted})
