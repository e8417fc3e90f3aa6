"""Rich tables for people at a terminal: one screen per result (``--format table``).

One module per kind — :mod:`.service`, :mod:`.local_authority`,
:mod:`.not_rated`, :mod:`.location` — each with that kind's score table and
its explain table; what they share is in :mod:`.common`. :data:`TABLES` names
the drawing function of each kind of result and of explanation, explicitly:
a new kind adds its lines here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO, cast

from rich.console import RenderableType

from ...core.local_authority import LocalAuthorityResult
from ...core.location import LocationResult
from ...core.not_rated import NotRatedResult
from ...core.results import ServiceResult
from ...explanations.local_authority import LocalAuthorityExplanation
from ...explanations.location import LocationExplanation
from ...explanations.not_rated import NotRatedExplanation
from ...explanations.service import ServiceExplanation
from . import local_authority, location, not_rated, service
from .common import PlainOut, TableConsole

# result or explanation type -> the function drawing it
TABLES: dict[type, Callable[[Any], RenderableType]] = {
    ServiceResult: service.score_table,
    LocalAuthorityResult: local_authority.score_table,
    NotRatedResult: not_rated.score_table,
    LocationResult: location.score_table,
    ServiceExplanation: service.explain_table,
    LocalAuthorityExplanation: local_authority.explain_table,
    NotRatedExplanation: not_rated.explain_table,
    LocationExplanation: location.explain_table,
}


def draw(result: Any) -> RenderableType:
    """The table for a result or an explanation, by the drawing function of its type."""
    for cls in type(result).__mro__:
        if cls in TABLES:
            return TABLES[cls](result)
    raise TypeError(f"no table for {type(result).__name__}")  # pragma: no cover


class TableRenderer:
    def __init__(self, out: TextIO, width: int | None = None, **_: Any) -> None:
        # PlainOut stands in for the stream (it forwards everything else to `out`):
        self.console = TableConsole(file=cast(TextIO, PlainOut(out)), width=width, highlight=False, soft_wrap=False)

    def start(self, many: bool) -> None:
        self.count = 0

    def item(self, result: Any) -> None:
        if self.count:
            self.console.print()
        self.console.print(draw(result))
        self.count += 1

    def finish(self) -> None:
        pass
