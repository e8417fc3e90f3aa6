"""Rich tables for people at a terminal: one screen per result.

Plain text (no ANSI codes) when the output is not a terminal or NO_COLOR is
set; Rich decides that. Each kind of result registers its drawing function
with :func:`draw` (functools.singledispatch), so new kinds add a module, not
a branch here.
"""

from __future__ import annotations

import functools
from typing import Any, TextIO

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..core.results import Aggregation, KeyQuestionResult, ServiceResult
from ..terms import KEY_QUESTION_NAMES, Rating

RATING_STYLE = {
    Rating.OUTSTANDING: "bold green",
    Rating.GOOD: "green",
    Rating.REQUIRES_IMPROVEMENT: "yellow",
    Rating.INADEQUATE: "bold red",
}


def rating_text(rating: Rating | None, empty: str = "—") -> Text:
    if rating is None:
        return Text(empty, style="dim")
    return Text(rating.value, style=RATING_STYLE[rating])


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # Rich would exit 1, which means "threshold not met" here; let the CLI decide.
        raise BrokenPipeError


class TableRenderer:
    def __init__(self, out: TextIO, width: int | None = None, **_: Any) -> None:
        self.console = _Console(file=out, width=width, highlight=False, soft_wrap=False)

    def start(self, many: bool) -> None:
        self.count = 0

    def item(self, result: Any) -> None:
        if self.count:
            self.console.print()
        self.console.print(draw(result))
        self.count += 1

    def finish(self) -> None:
        pass


@functools.singledispatch
def draw(result: Any) -> RenderableType:
    raise TypeError(f"no table for {type(result).__name__}")  # pragma: no cover


def kq_basis(r: KeyQuestionResult) -> str:
    if r.basis == "given":
        return "given directly"
    if r.basis == "limiter" and r.limiter is not None:
        return f"{r.band.value if r.band else '?'} band limited by {r.limiter.limiter.id}: {', '.join(r.limiter.statements)}"
    if r.basis == "band" and r.position is not None:
        p = r.position
        nxt = f", {p.to_next_band} points to the next band" if p.to_next_band is not None else ""
        return f"band {p.low}-{p.high}, {p.half} half{nxt}"
    return r.reason or ""


def aggregation_text(agg: Aggregation) -> Text:
    text = Text()
    if agg.rating is None:
        text.append(agg.reason or "no rating", style="dim")
        return text
    counts = ", ".join(f"{n} {r}" for r, n in agg.counts.items() if n)
    rule = agg.rule
    text.append(f"{counts} ({agg.n} ratings); ")
    if rule is not None:
        text.append(f"{rule.id}{' (a reading)' if rule.reading else ''}: ", style="bold")
        text.append(rule.source)
    return text


@draw.register
def _service(result: ServiceResult) -> RenderableType:
    parts: list[RenderableType] = [
        Text(f"{result.name}", style="bold"),
        Text(f"{result.service_type.name} · {result.file} · method {result.method} ({result.method_basis})", style="dim"),
    ]
    for kq, r in result.key_questions.items():
        parts.append(Text(""))
        parts.append(kq_heading(kq, r))
        for flag in r.flags:
            parts.append(Text(f"  ! {flag}", style="yellow"))
        for note in r.notes:
            parts.append(Text(f"  {note}", style="dim"))
        if r.statements:
            parts.append(statements_table(r))
    parts.append(Text(""))
    parts.append(overall_grid(result.overall, result.notes))
    return Group(*parts)


def kq_heading(kq: str, r: KeyQuestionResult) -> Text:
    text = Text(f"{KEY_QUESTION_NAMES[kq]}: ", style="bold")
    text.append_text(rating_text(r.rating, "no rating"))
    if r.total is not None:
        text.append(f"  {r.total}/{r.maximum} = {r.percentage:.1f}% → {r.score}")
    basis = kq_basis(r)
    if basis:
        text.append(f"  ({basis})", style="dim" if r.basis != "limiter" else "yellow")
    return text


def statements_table(r: KeyQuestionResult) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
    table.add_column("indent", width=1)  # so a wrapped statement name stays indented
    table.add_column("statement", width=44, overflow="fold")  # the longest names are 44
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("source", overflow="fold")
    limited = set(r.limiter.statements) if r.limiter else set()
    for s in r.statements:
        source = s.source or ("trust level only" if not s.applies else "not scored")
        if s.transferred_from:
            source += f" from {KEY_QUESTION_NAMES[s.transferred_from].lower()}"
        if s.evidence is not None:
            cats = ", ".join(f"{c} {v}" for c, v in s.evidence.categories)
            source += f"; 2023: {cats} = {s.evidence.total}/{s.evidence.maximum} = {s.evidence.percentage:g}% → {s.evidence.whole}"
        score = Text("—" if s.score is None else str(s.score), style="yellow bold" if s.statement.slug in limited else "")
        table.add_row("", Text(s.statement.name, style="" if s.score is not None else "dim"), score, Text(source, style="dim"))
    return table


def overall_grid(overall: Aggregation, notes: tuple[str, ...] = ()) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("Overall:", rating_text(overall.rating, "no rating"))
    grid.add_row("", aggregation_text(overall))
    for flag in overall.flags:
        grid.add_row("", Text(f"! {flag}", style="yellow"))
    for note in notes:
        grid.add_row("", Text(note, style="dim"))
    return grid


from . import table_explain  # noqa: E402,F401 - registers the explain tables with `draw`
from . import table_location  # noqa: E402,F401 - registers the location table
from . import table_other  # noqa: E402,F401 - registers tables for local authorities and non-rated services
