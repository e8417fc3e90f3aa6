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


class TableRenderer:
    def __init__(self, out: TextIO, width: int | None = None, **_: Any) -> None:
        self.console = Console(file=out, width=width, highlight=False, soft_wrap=False)

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
        return f"limited from {r.band.value if r.band else '?'}: {r.limiter.limiter.id} ({', '.join(r.limiter.statements)})"
    if r.basis == "band" and r.position is not None:
        p = r.position
        nxt = f", {p.to_next_band} to next band" if p.to_next_band is not None else ""
        return f"band {p.low}-{p.high}, {p.half} half{nxt}"
    return r.reason or ""


def aggregation_text(agg: Aggregation) -> Text:
    text = Text()
    if agg.rating is None:
        text.append(agg.reason or "no rating", style="dim")
        return text
    counts = ", ".join(f"{n} {r}" for r, n in agg.counts.items() if n)
    rule = agg.rule
    text.append(f"{counts} of {agg.n} ({agg.bucket}); ")
    if rule is not None:
        text.append(f"{rule.id}{' (reading)' if rule.reading else ''}: {rule.source}")
    return text


@draw.register
def _service(result: ServiceResult) -> RenderableType:
    table = Table(
        title=f"{result.name} — {result.service_type.name} ({result.file})",
        caption=f"method {result.method}: {result.method_basis}",
        show_lines=False, expand=False,
    )
    table.add_column("Key question / statement")
    table.add_column("Score", justify="right")
    table.add_column("Source")
    table.add_column("%", justify="right")
    table.add_column("Rating")
    table.add_column("Basis / notes", overflow="fold")
    for kq, r in result.key_questions.items():
        pct = "—" if r.percentage is None else f"{r.percentage:.1f}"
        whole = "—" if r.score is None else str(r.score)
        table.add_row(
            Text(KEY_QUESTION_NAMES[kq], style="bold"),
            whole if r.total is None else f"{r.total}/{r.maximum} → {whole}",
            "",
            pct,
            rating_text(r.rating, "none"),
            kq_basis(r),
            end_section=not r.statements,
        )
        for flag in (*r.flags, *r.notes):
            table.add_row("", "", "", "", "", Text("! " + flag if flag in r.flags else flag, style="yellow" if flag in r.flags else "dim"))
        for i, s in enumerate(r.statements):
            source = s.source or ("not at service level" if not s.applies else "not scored")
            if s.transferred_from:
                source += f" ({KEY_QUESTION_NAMES[s.transferred_from].lower()})"
            extra = ""
            if s.evidence is not None:
                cats = ", ".join(f"{c} {v}" for c, v in s.evidence.categories)
                extra = f"2023: {cats} = {s.evidence.total}/{s.evidence.maximum} → {s.evidence.whole}%"
            table.add_row(
                Text("  " + s.statement.name, style="" if s.score is not None else "dim"),
                "—" if s.score is None else str(s.score),
                source, "", "", extra,
                end_section=i == len(r.statements) - 1,
            )
    overall = Table.grid(padding=(0, 1))
    overall.add_column(style="bold")
    overall.add_column()
    overall.add_row("Overall", rating_text(result.overall.rating, "none"))
    overall.add_row("Because", aggregation_text(result.overall))
    for flag in result.overall.flags:
        overall.add_row("Flag", Text(flag, style="yellow"))
    for note in result.notes:
        overall.add_row("Note", Text(note, style="dim"))
    return Group(table, overall)

from . import table_other  # noqa: E402,F401 - registers tables for local authorities and non-rated services
