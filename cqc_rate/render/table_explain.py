"""Tables for `cqc-rate explain`: the steps of each rating, compact enough for one screen.

Each row ends with §n, a reference to the section of the method the step comes
from; the sections are listed once, numbered, under the table. The JSON
output carries every step in full with its section.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ..core.explain import (
    KeyQuestionExplanation,
    OverallExplanation,
    ServiceExplanation,
    WhatIf,
    decimal,
)
from ..core.results import StatementResult
from ..terms import KEY_QUESTION_NAMES
from .table import draw, rating_text

SOURCE_MARK = {"updated": "u", "existing": "e", "transferred": "t"}


class Sections:
    """Numbers each section of the method the first time a step cites it."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def ref(self, *sections: str) -> Text:
        refs = []
        for section in dict.fromkeys(sections):
            refs.append(f"§{self.numbers.setdefault(section, len(self.numbers) + 1)}")
        return Text(" ".join(refs), style="dim")

    def legend(self) -> RenderableType:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(style="dim", overflow="fold")
        for section, n in self.numbers.items():
            grid.add_row(f"§{n}", section)
        return grid


def _grid() -> Table:
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(ratio=1, overflow="fold")
    grid.add_column(no_wrap=True, justify="right")
    return grid


def _statement(s: StatementResult) -> str:
    if s.score is None:
        return f"{s.statement.name} —"
    mark = SOURCE_MARK.get(s.source or "", "?")
    if s.transferred_from and s.transferred_from != s.statement.key_question:
        mark += f" {KEY_QUESTION_NAMES[s.transferred_from].lower()}"
    return f"{s.statement.name} {s.score} ({mark})"


def what_if_text(w: WhatIf) -> Text:
    if not w.found or w.after is None:
        return Text(w.reason or "none", style="dim")
    verb = "raise" if w.direction == "up" else "lower"
    a = w.after
    text = Text(f"{verb} " + ", ".join(f"{c.statement.name} {c.before}→{c.after}" for c in w.changes))
    text.append(f": {a.pct.total}/{a.pct.maximum} = {a.pct.one_decimal:.1f}% → {a.pct.score} → ")
    if a.limiter is not None:
        text.append(f"{a.band.value}, limited by {a.limiter.limiter.id} → ")
    text.append_text(rating_text(a.rating))
    n = len(w.changes)
    text.append(f" ({n} statement{'s' if n != 1 else ''}, {w.points} point{'s' if w.points != 1 else ''})", style="dim")
    return text


def key_question_rows(x: KeyQuestionExplanation, refs: Sections) -> Table:
    grid = _grid()
    section = {step.id: step.section for step in x.steps}
    if x.basis == "given":
        grid.add_row("Given", x.steps[0].text, refs.ref(section["given"]))
    else:
        shown = [_statement(s) for s in x.statements if s.applies]
        cited = [section["statements"]] + ([section["transfer"]] if "transfer" in section else [])
        if x.rating is not None or any(s.score is not None for s in x.statements):
            grid.add_row("Statements", "; ".join(shown), refs.ref(*cited))
        for step in x.steps:
            if step.id == "method-2023":
                grid.add_row("2023", step.text, refs.ref(step.section))
    r = x.rated
    if r is not None:
        pct = r.pct
        exact = f"{decimal(pct.exact)}%"
        grid.add_row("Percentage", (
            f"{pct.total} of {pct.maximum} = {exact}, shown {pct.one_decimal:.1f}%; "
            f"rounded half up to {pct.score}" + (" (exactly half-way)" if pct.on_half else "")),
            refs.ref(section["percentage"], section["rounding"]))
        band_text = next(s.text for s in x.steps if s.id == "band")
        grid.add_row("Band", band_text, refs.ref(section["band"]))
        limiter = Text()
        if r.limiter is not None:
            hit = r.limiter
            named = ", ".join(f"{s.statement.name} {s.score}" for s in x.statements
                              if s.statement.slug in hit.statements)
            limiter.append(f"{hit.limiter.id}: {named} → ")
            limiter.append_text(rating_text(hit.limiter.cap))
        else:
            limiter.append(next(s.text for s in x.steps if s.id == "limiter"), style="dim")
        grid.add_row("Limiter", limiter, refs.ref(section["limiter"]))
    elif x.basis != "given":
        grid.add_row("No rating", x.reason or "", refs.ref(section["withheld"]))
    if x.rating is None:
        grid.add_row("Change", Text(x.up.reason or "no rating to move", style="dim"), "")
    elif x.basis == "given":
        grid.add_row("Change", what_if_text(x.up), "")
    else:
        grid.add_row("Up", what_if_text(x.up), "")
        grid.add_row("Down", what_if_text(x.down), "")
    return grid


def overall_rows(o: OverallExplanation, refs: Sections) -> Table:
    grid = _grid()
    section = {step.id: step.section for step in o.steps}
    agg = o.aggregation
    if agg.rating is None:
        grid.add_row("No rating", agg.reason or "", refs.ref(section["overall-needs-five"]))
        return grid
    counts = ", ".join(f"{n} {rating}" for rating, n in agg.counts.items() if n)
    group = "" if agg.bucket == str(agg.n) else f", counted as {agg.bucket}"
    grid.add_row("Counts", f"{counts} ({agg.n} ratings{group})", refs.ref(section["counts"]))
    if agg.rule is not None:
        principle = next(s.text for s in o.steps if s.id == "principle")
        grid.add_row("Principle", principle, refs.ref(section["principle"]))
    for direction, label in (("up", "Up"), ("down", "Down")):
        moves = o.would_change(direction)
        text = Text()
        if moves:
            by_result: dict[str, list[str]] = {}
            for m in moves:
                by_result.setdefault(m.overall.rating.value if m.overall.rating else "none", []).append(
                    f"{KEY_QUESTION_NAMES[m.key_question]} → {m.after.value}")
            for i, (result, which) in enumerate(by_result.items()):
                if i:
                    text.append("; ")
                text.append(f"{' or '.join(which)} gives ")
                text.append_text(rating_text(agg.rating.__class__(result)))
        elif any(m.direction == direction for m in o.moves):
            text.append("no one key question moved one step changes it", style="dim")
        else:
            text.append(f"already {agg.rating.value}", style="dim")
        grid.add_row(label, text, "")
    for flag in agg.flags:
        grid.add_row("Flag", Text(flag, style="yellow"), "")
    return grid


@draw.register
def _service_explanation(e: ServiceExplanation) -> RenderableType:
    r = e.result
    refs = Sections()
    parts: list[RenderableType] = [
        Text(f"{r.name} — {r.service_type.name} ({r.file})", style="bold"),
        Text(f"method {r.method}: {r.method_basis}. Sources: (u) updated, (e) existing, "
             "(t) transferred from the published rating", style="dim"),
    ]
    for kq, x in e.key_questions.items():
        title = Text(f"{KEY_QUESTION_NAMES[kq]}: ")
        title.append_text(rating_text(x.rating, "no rating"))
        if x.basis == "limiter":
            title.append(" (limited)")
        parts.append(Rule(title, align="left"))
        parts.append(key_question_rows(x, refs))
    title = Text("Overall: ")
    title.append_text(rating_text(e.overall.rating, "none"))
    parts.append(Rule(title, align="left"))
    parts.append(overall_rows(e.overall, refs))
    for note in r.notes:
        parts.append(Text(note, style="dim"))
    parts.append(refs.legend())
    return Group(*parts)


from . import table_explain_other  # noqa: E402,F401 - registers the explain tables for local authorities and locations
