"""Rich tables for people at a terminal: one screen per result (``--format table``).

One module per kind — :mod:`.service`, :mod:`.local_authority`,
:mod:`.not_rated`, :mod:`.location` — each with that kind's score table and
its explain table; what they share is in :mod:`.common`. :func:`tables` finds
the drawing functions of each kind through the one registry of kinds,
:data:`cqc_rate.kinds.KINDS`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TextIO, cast

from rich.console import RenderableType

from ...kinds import KINDS
from .common import PlainOut, TableConsole


@functools.cache
def tables() -> dict[type, Callable[[Any], RenderableType]]:
    """Result or explanation type -> the function drawing it: each kind's
    render.table.<module> has score_table and explain_table (cqc_rate.kinds)."""
    found: dict[type, Callable[[Any], RenderableType]] = {}
    for kind in KINDS:
        module = kind.layer("render.table")
        found[kind.result_type()] = module.score_table
        found[kind.explanation_type()] = module.explain_table
    return found


def draw(result: Any) -> RenderableType:
    """The table for a result or an explanation, by the drawing function of its type."""
    known = tables()
    for cls in type(result).__mro__:
        if cls in known:
            return known[cls](result)
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
