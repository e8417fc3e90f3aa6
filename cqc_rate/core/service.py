"""A rated service: key-question ratings (level 1) and the overall rating (level 2).

``check`` finds what needs more than one field to see (a key question with
both scores and a rating, an evidence mapping under the 2024 method, a
history that contradicts itself); ``score`` turns a checked assessment into a
:class:`ServiceResult`.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from typing import Any

from ..inputs.service import ServiceAssessment
from ..method.models import Methodology
from ..terms import KEY_QUESTION_NAMES, KEY_QUESTIONS, Rating
from .bands import edge_flag, position, rate
from .principles import aggregate
from .results import Aggregation, KeyQuestionResult, ServiceResult, StatementResult
from .sources import TransferContext, resolve

Loc = tuple[Any, ...]


def _section(model: Any, kq: str) -> Mapping[str, Any]:
    return (getattr(model, kq) or {}) if model is not None else {}


def choose_method(assessment: ServiceAssessment, method: Methodology) -> tuple[str, str]:
    """(method id, why): `method` is the one chosen for this file (cqc_rate.method.method_for);
    this says why, from the file's assessment section and the method's dates."""
    info = assessment.assessment
    return method.id, _basis(info.method if info else None, info.date if info else None, method.id,
                             method.in_force_from, method.until, method.overlay_extends and method.overlay)


@functools.lru_cache(maxsize=512)
def _basis(named: str | None, date: datetime.date | None, chosen: str, since: datetime.date,
           until: datetime.date | None, overlay: str | None) -> str:
    """Why: asked for by check and score for every file, and dates repeat. `overlay`: an
    overlay that extends `chosen` for every file; named only where the file would not pick it."""
    if overlay and not (named == chosen if named is not None else
                        date is not None and since <= date and (until is None or date < until)
                        or date is None and until is None):
        return f"--methodology {overlay} extends method {chosen}"
    if named is not None:
        return "named in the file by assessment.method"
    if date is not None:
        if until is not None and date < until:
            return f"assessment dated {date}, before {_day(until)}"
        return f"assessment dated {date}, on or after {_day(since)}"
    return "no assessment date or method given: the current method"


@functools.lru_cache(maxsize=256)  # asked for every file of a batch; dates repeat
def _day(date: datetime.date) -> str:
    return f"{date.day} {date:%B %Y}"  # not %-d: that is glibc's alone


def check(assessment: ServiceAssessment, method: Methodology) -> list[tuple[Loc, str]]:
    """Problems that need more than one field to see, each with where it stands."""
    problems: list[tuple[Loc, str]] = []
    stype = method.service_type(assessment.service.type)
    if stype is None or stype.kind != "service" or stype.principles is None:
        # Reached only when no other kind of file is registered for this type (engine.KINDS).
        return [(("service", "type"), (
            f"{assessment.service.type} is not a service type rated from key-question scores; "
            "expected a rated type (`cqc-rate service-types` lists them)"))]
    history = assessment.history
    if assessment.ratings is not None and assessment.scores is not None:
        for kq in KEY_QUESTIONS:
            if getattr(assessment.ratings, kq) is not None and _section(assessment.scores, kq):
                problems.append((("ratings", kq), (
                    f"{KEY_QUESTION_NAMES[kq]} has both statement scores and a rating given directly: "
                    "give one or the other")))
    chosen, basis = choose_method(assessment, method)
    if method.statement_scores == "direct" and assessment.scores is not None:
        for kq in KEY_QUESTIONS:
            for slug, entry in _section(assessment.scores, kq).items():
                # An empty mapping is reported below, once, as what it is.
                if type(entry) is dict and entry:  # validated: a score (int) or a mapping (dict)
                    problems.append((("scores", kq, slug), _no_evidence_categories(chosen, basis, method)))
    for section in ("scores", "existing_scores"):
        for kq in KEY_QUESTIONS:
            for slug, entry in _section(getattr(assessment, section), kq).items():
                if type(entry) is dict and not entry:
                    problems.append(((section, kq, slug), "no evidence-category scores given: "
                                     "expected category: score pairs, or one score 1-4"))
    if history is not None:
        has_ratings = assessment.existing_ratings is not None and any(
            getattr(assessment.existing_ratings, kq) is not None for kq in KEY_QUESTIONS)
        if history.inspected_before is False and has_ratings:
            problems.append((("history", "inspected_before"), (
                "inspected_before is false, but existing_ratings are given: a service never inspected "
                "has no published ratings to transfer; remove one or the other")))
        if history.asc_framework_only is not None and assessment.service.type != "adult-social-care":
            problems.append((("history", "asc_framework_only"), (
                f"asc_framework_only applies only to adult-social-care services, not {assessment.service.type}")))
    return problems


def _no_evidence_categories(chosen: str, basis: str, method: Methodology) -> str:
    earlier = method.evidence_categories_method
    if earlier is None:
        return (f"evidence-category scores are not used by the {chosen} method ({basis}): "
                "give one score 1-4")
    return (f"evidence-category scores belong to the {earlier} method, but this assessment uses "
            f"the {chosen} method ({basis}): give one score 1-4, or set assessment.method: {earlier}")


def _inspected(assessment: ServiceAssessment) -> bool:
    history = assessment.history
    if history is not None and history.inspected_before is not None:
        return history.inspected_before
    return assessment.existing_ratings is not None and any(
        getattr(assessment.existing_ratings, kq) is not None for kq in KEY_QUESTIONS)


def transfer_context(assessment: ServiceAssessment) -> tuple[TransferContext, str | None]:
    """What may be transferred, and (when nothing may) why not."""
    history = assessment.history
    published = {kq: r for kq in KEY_QUESTIONS
                 if assessment.existing_ratings is not None
                 and (r := getattr(assessment.existing_ratings, kq)) is not None}
    inspected = _inspected(assessment)
    changed = bool(history and history.provider_changed)
    asc_only = assessment.service.type == "adult-social-care" and (
        history is None or history.asc_framework_only is None or history.asc_framework_only)
    why = None
    if not inspected:
        why = "the service has not been inspected before"
    elif changed:
        why = "the published ratings were earned under a previous provider"
    usable = published if why is None else {}
    return TransferContext(usable, asc_only), why


def score_key_question(
    kq: str,
    statements: tuple[StatementResult, ...],
    method: Methodology,
    *,
    rating_to_transfer: bool,
    why_no_rating: str,
) -> KeyQuestionResult:
    """Percentage, score, band, limiters and rating of one key question."""
    counted: list[tuple[str, int]] = []
    missing: list[str] = []
    for s in statements:  # one pass: every file's five key questions come through here
        if s.score is not None:
            counted.append((s.statement.slug, s.score))
        elif s.applies:
            missing.append(s.statement.name)
    notes: list[str] = []
    if missing and not rating_to_transfer:
        applicable = sum(1 for s in statements if s.applies)
        return KeyQuestionResult(
            kq, statements, None, None,
            reason=(f"withheld: {len(missing)} of {applicable} statements not assessed "
                    f"({', '.join(missing)}) and no previous rating to transfer from ({why_no_rating})"),
        )
    if not counted:
        return KeyQuestionResult(kq, statements, None, None, reason="no statement scores")
    if missing:
        notes.append(f"not scored, left out of both sums: {', '.join(missing)}")
    rated = rate(counted, method)
    pct = rated.pct
    flag = edge_flag(pct, method)
    whole = pct.score  # a property: worked out once here
    return KeyQuestionResult(
        kq, statements, rated.rating, "limiter" if rated.limiter else "band",
        total=pct.total, maximum=pct.maximum, exact=pct.exact,
        percentage=pct.one_decimal, score=whole, band=rated.band, limiter=rated.limiter,
        position=position(whole, method),
        flags=(flag,) if flag else (), notes=tuple(notes),
    )


def overall(key_questions: Mapping[str, KeyQuestionResult], principles: str, method: Methodology) -> Aggregation:
    missing = [kq for kq in KEY_QUESTIONS if key_questions[kq].rating is None]
    if missing:
        names = ", ".join(KEY_QUESTION_NAMES[kq] for kq in missing)
        return Aggregation(None, None, principles,
                           reason=f"no overall rating: all five key questions need a rating; none for {names}")
    return aggregate([key_questions[kq].rating for kq in KEY_QUESTIONS], principles, method)  # type: ignore[misc]


def score(name: str, assessment: ServiceAssessment, method: Methodology) -> ServiceResult:
    """A checked assessment -> its key-question and overall ratings."""
    stype = method.service_type(assessment.service.type)
    assert stype is not None and stype.principles is not None
    chosen, basis = choose_method(assessment, method)
    context, why_none = transfer_context(assessment)
    notes: list[str] = []
    if why_none and assessment.existing_ratings is not None:
        notes.append(f"existing ratings not used for transfer: {why_none}")
    results: dict[str, KeyQuestionResult] = {}
    for kq in KEY_QUESTIONS:
        given: Rating | None = assessment.ratings and getattr(assessment.ratings, kq)
        if given is not None:
            unused = [label for label, section in (("existing scores", assessment.existing_scores),
                                                   ("an existing rating", assessment.existing_ratings))
                      if section is not None and getattr(section, kq)]
            kq_notes = ["rating given directly (ratings:): it stands alone; no statement scores are used"]
            if unused:
                kq_notes.append(f"not used for this key question: {' and '.join(unused)}")
            results[kq] = KeyQuestionResult(kq, (), given, "given", notes=tuple(kq_notes))
            continue
        statements = resolve(
            method.catalogue.statements_of(kq),
            _section(assessment.scores, kq),
            _section(assessment.existing_scores, kq),
            context,
            method,
        )
        # The reason a key question has nothing to transfer: never inspected, else no published
        # rating for it at all, else (it had one) that rating was a previous provider's.
        published = assessment.existing_ratings is not None and getattr(assessment.existing_ratings, kq) is not None
        if why_none and (published or not _inspected(assessment)):
            why = why_none
        else:
            why = f"no published {KEY_QUESTION_NAMES[kq].lower()} rating"
        results[kq] = score_key_question(
            kq, statements, method, rating_to_transfer=kq in context.ratings, why_no_rating=why)
    return ServiceResult(
        file=name,
        name=assessment.service.name,
        service_type=stype,
        method=chosen,
        method_basis=basis,
        methodology=method.overlay,
        bands=tuple(method.bands),
        key_questions=results,
        overall=overall(results, stype.principles, method),
        notes=tuple(notes),
    )
