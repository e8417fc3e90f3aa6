"""CSV renderer: one row per service or location, for spreadsheets and batch jobs.

Every kind's headline, in one fixed set of columns (documented in docs/csv.md;
the order is stable, new columns are only ever added at the end):

    file, kind, name, type,
    overall_status, overall_rating, overall_score, overall_percentage, trust_rating,
    then for each key question (safe, effective, caring, responsive, well_led):
    {kq}_status, {kq}_rating, {kq}_score, {kq}_percentage, {kq}_limited, {kq}_judgement

A status is ``rated`` (from scores, or aggregated from ratings), ``given``
(given directly), ``withheld`` (no rating, the reason is in the other outputs)
or ``not-rated`` (a service CQC does not rate: judgements only). Booleans are
``true``/``false``. A value a kind does not have (a local authority's key
questions, a non-acute trust's location ratings) is an empty cell. The header
is written even when no file was valid.
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

from ..core.local_authority import LocalAuthorityResult
from ..core.location import LocationResult
from ..core.not_rated import NotRatedResult
from ..core.results import KeyQuestionResult, ServiceResult
from ..safe_text import csv_cell
from ..terms import KEY_QUESTIONS

KQ_FIELDS = ("status", "rating", "score", "percentage", "limited", "judgement")
COLUMNS = ["file", "kind", "name", "type",
           "overall_status", "overall_rating", "overall_score", "overall_percentage", "trust_rating",
           *(f"{kq}_{what}" for kq in KEY_QUESTIONS for what in KQ_FIELDS)]


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _status(rating: object, given: bool = False) -> str:
    if rating is None:
        return "withheld"
    return "given" if given else "rated"


def _kq(r: KeyQuestionResult) -> dict[str, object]:
    return {
        "status": _status(r.rating, r.basis == "given"),
        "rating": r.rating.value if r.rating else None,
        "score": r.score, "percentage": r.percentage,
        "limited": None if r.rating is None else _bool(r.basis == "limiter"),
    }


def fields(result: Any) -> dict[str, object]:
    """The row of a result, by column name (absent: empty)."""
    out: dict[str, object] = {"file": result.file, "kind": getattr(result, "kind", ""),
                              "name": result.name, "type": result.service_type.key}
    if isinstance(result, ServiceResult):
        o = result.overall
        out.update(overall_status=_status(o.rating), overall_rating=o.rating.value if o.rating else None)
        for kq, r in result.key_questions.items():
            out.update({f"{kq}_{k}": v for k, v in _kq(r).items()})
    elif isinstance(result, LocalAuthorityResult):
        la = result.overall
        out.update(overall_status=_status(la.rating), overall_rating=la.rating.value if la.rating else None,
                   overall_score=la.score, overall_percentage=la.percentage)
    elif isinstance(result, NotRatedResult):
        out["overall_status"] = "not-rated"
        for kq, j in result.key_questions.items():
            out[f"{kq}_status"] = "not-rated"
            out[f"{kq}_judgement"] = j.judgement.value if j.judgement else None
    elif isinstance(result, LocationResult):
        if result.overall is not None:
            rating = result.overall.rating
            out.update(overall_status=_status(rating), overall_rating=rating.value if rating else None)
        if result.trust is not None:
            out["trust_rating"] = result.trust.rating.value if result.trust.rating else None
        for kq, lr in (result.key_questions or {}).items():
            rating = lr.rating
            out.update({f"{kq}_status": _status(rating), f"{kq}_rating": rating.value if rating else None})
    return out


def row(result: Any) -> list[object]:
    data = fields(result)
    # Text escaped and never a live formula (safe_text.csv_cell; docs/csv.md).
    return ["" if data.get(c) is None else csv_cell(data[c]) for c in COLUMNS]


class CsvRenderer:
    def __init__(self, out: TextIO, **_: Any) -> None:
        self.writer = csv.writer(out, lineterminator="\n")

    def start(self, many: bool) -> None:
        self.writer.writerow(COLUMNS)

    def item(self, result: Any) -> None:
        self.writer.writerow(row(result))

    def finish(self) -> None:
        pass
