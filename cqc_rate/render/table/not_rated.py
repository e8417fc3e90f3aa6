"""Tables for a service CQC does not rate: its judgements (met / not met, and
what caused each "not met") and its explain table (the roll-up)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ...core.not_rated import NotRatedResult
from ...explanations.not_rated import NotRatedExplanation
from ...judgements import Judgement
from ...safe_text import safe
from ...terms import KEY_QUESTION_NAMES
from ..words import category_name, statement_name
from .common import Sections, steps_grid

JUDGEMENT_STYLE = {Judgement.MET: "green", Judgement.NOT_MET: "bold red"}


def judgement_text(judgement: Judgement | None, empty: str = "—") -> Text:
    if judgement is None:
        return Text(empty, style="dim")
    return Text(judgement.value, style=JUDGEMENT_STYLE[judgement])


def score_table(result: NotRatedResult) -> RenderableType:
    head = Table.grid(padding=(0, 1))
    head.add_column(no_wrap=True, style="bold", min_width=10)
    head.add_column(no_wrap=True, min_width=23)
    head.add_column(ratio=1)
    head.add_row("", Text("judgement", style="dim"), Text("because", style="dim"))
    for kq, r in result.key_questions.items():
        because = r.reason or ""
        if r.caused_by:
            because = "not met: " + ", ".join(statement_name(c) for c in r.caused_by)
        head.add_row(KEY_QUESTION_NAMES[kq], judgement_text(r.judgement, "none"),
                     Text(because, style="dim"))
    head.add_row("Overall", Text("not rated", style="bold"), Text(result.overall.reason, style="dim"))

    labels = [4 + len(category_name(c)) for r in result.key_questions.values() for s in r.statements
              for c, _ in s.categories] + [2 + len(s.statement.name) for r in result.key_questions.values()
                                          for s in r.statements]
    table = Table(box=None, show_header=True, header_style="bold", padding=(0, 1), pad_edge=False)
    table.add_column("Statement / evidence category", min_width=min(46, max(labels, default=10)))
    table.add_column("Judgement", no_wrap=True, min_width=23)
    table.add_column("Because", ratio=1)
    for kq, r in result.key_questions.items():
        if not r.statements:
            continue
        table.add_row(Text(KEY_QUESTION_NAMES[kq], style="bold"), judgement_text(r.judgement, "none"), "")
        for s in r.statements:
            why = "judged directly" if s.basis == "given" else (
                "not met: " + ", ".join(category_name(c) for c in s.caused_by) if s.caused_by
                else "every category met")
            table.add_row("  " + s.statement.name, judgement_text(s.judgement), why)
            for slug, judgement in s.categories:
                table.add_row(Text("    " + category_name(slug), style="dim"), judgement_text(judgement), "")
    parts: list[RenderableType] = [
        Text(safe(result.name), style="bold"),
        Text(f"{result.service_type.name} · {safe(result.file)} · not rated: judgements only", style="dim"),
        Text(""), head, Text(""), table,
    ]
    for note in result.notes:
        parts.append(Text(note, style="dim"))
    return Group(*parts)


def explain_table(e: NotRatedExplanation) -> RenderableType:
    r = e.result
    refs = Sections()
    parts: list[RenderableType] = [
        Text(safe(f"{r.name} — {r.service_type.name} ({r.file})"), style="bold"),
        Text(r.overall.reason, style="dim"),
    ]
    for kq, x in e.key_questions.items():
        title = Text(f"{KEY_QUESTION_NAMES[kq]}: ")
        title.append(x.judgement.value if x.judgement else "not judged",
                     style="red" if x.judgement and "not" in x.judgement.value else "green")
        parts.append(Rule(title, align="left"))
        grid = steps_grid()
        for step in x.steps:
            grid.add_row(step.id.replace("-", " ").capitalize(), Text(step.text), refs.ref(step.section))
        grid.add_row("Up", Text(x.up), Text(""))
        grid.add_row("Down", Text(x.down), Text(""))
        parts.append(grid)
    parts.append(refs.legend())
    return Group(*parts)
