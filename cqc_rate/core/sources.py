"""Where each statement's score comes from (docs/methodology.md §3).

Precedence per statement: this assessment's score (``updated``) > a score kept
from an earlier assessment under this framework (``existing``) > a score
transferred from the published key-question rating (``transferred``) > none.

First-score transfer ("Calculating the first scores using our new
approach"): outstanding 4, good 3, requires improvement 2, inadequate 1 for
every unscored statement, with the exceptions listed in the methodology data.
Nothing is transferred for a service never inspected, nor from ratings earned
under a previous provider.

The 2023 method (assessments before 2 December 2024): a statement score comes
from its evidence-category scores: sum / (4 x categories) -> percentage ->
rounded half up -> banded into 1-4 (3, 2, 3, 3 = 11/16 = 68.75 -> 69 -> 3).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..method.models import Methodology, QualityStatement, TransferException
from ..terms import Rating
from .bands import Percentage
from .results import Evidence2023, StatementResult

Entry = int | Mapping[str, int]


def from_evidence(categories: Mapping[str, int], method: Methodology) -> Evidence2023:
    """The 2023 method: evidence-category scores -> a statement score."""
    pct = Percentage(sum(categories.values()), 4 * len(categories))
    # Positional (categories, total, maximum, percentage, whole): ~6 of these a file.
    return Evidence2023(tuple(categories.items()), pct.total, pct.maximum, pct.one_decimal, pct.score)


def statement_score(entry: Entry, method: Methodology) -> tuple[int, Evidence2023 | None]:
    if isinstance(entry, int):
        return entry, None
    evidence = from_evidence(entry, method)
    return method.band_for(evidence.whole).statement_score, evidence


@dataclass(frozen=True, slots=True)
class TransferContext:
    """What first-score transfer may draw on for one service."""

    ratings: Mapping[str, Rating]  # published key-question ratings usable for transfer
    asc_framework_only: bool  # the adult-social-care exceptions apply

    def exception_for(self, statement: QualityStatement, method: Methodology) -> TransferException | None:
        for exc in method.transfer.exception_of.get(statement.slug, ()):
            if exc.applies_to == "all" or self.asc_framework_only:
                return exc
        return None

    def transfer(self, statement: QualityStatement, method: Methodology) -> StatementResult | None:
        # Most statements have no exception: asked for without a call for those.
        exception = self.exception_for(statement, method) if statement.slug in method.transfer.exception_of else None
        source_kq = exception.from_key_question if exception else statement.key_question
        if source_kq is None or source_kq not in self.ratings:
            return None
        return StatementResult(statement, method.transfer.scores[self.ratings[source_kq]], "transferred",
                               source_kq, exception.source if exception else None)


def resolve(
    statements: tuple[QualityStatement, ...],
    updated: Mapping[str, Entry],
    existing: Mapping[str, Entry],
    context: TransferContext,
    method: Methodology,
    *,
    service_level: bool = True,
) -> tuple[StatementResult, ...]:
    """Each statement of a key question with its score and where it came from."""
    out = []
    sources = (("updated", updated), ("existing", existing))
    for statement in statements:
        applies = statement.service_level or not service_level
        for source, given in sources:
            entry = given.get(statement.slug)
            if entry is not None:
                score, evidence = statement_score(entry, method)
                # Positional: a batch makes ~30 of these a file, and keywords cost more.
                out.append(StatementResult(statement, score, source, None, None, evidence, applies))
                break
        else:
            moved = context.transfer(statement, method) if applies else None
            out.append(moved or StatementResult(statement, None, None, None, None, None, applies))
    return tuple(out)
