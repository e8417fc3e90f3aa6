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
from ...terms import KEY_QUESTION_NAMES
from .common import Sections, steps_grid

JUDGEMENT_STYLE = {Judgement.MET: "green", Judgement.NOT_MET: "bold red"}


def judgement_text(judgement: Judgement | None, empty: str = "—") -> Text:
    if judgement is None:
        return Text(empty, style="dim")
    return Text(judgement.value, style=JUDGEMENT_STYLE[judgement])


def score_table(result: NotRatedResult) -> RenderableType:
    table = Table(
        title=f"{result.name} — {result.service_type.name} ({result.file})",
        caption="not rated: judgements only, no scores or ratings",
        show_lines=False, expand=False,
    )
    table.add_column("Key question / statement / evidence category", overflow="fold")
    table.add_column("Judgement")
    table.add_column("Because", overflow="fold")
    for kq, r in result.key_questions.items():
        because = r.reason or ""
        if r.caused_by:
            because = "not met: " + ", ".join(r.caused_by)
        table.add_row(Text(KEY_QUESTION_NAMES[kq], style="bold"), judgement_text(r.judgement, "none"),
                      Text(because, style="dim" if r.judgement is None else ""),
                      end_section=not r.statements)
        for i, s in enumerate(r.statements):
            last = i == len(r.statements) - 1
            why = "judged directly" if s.basis == "given" else (
                "not met: " + ", ".join(s.caused_by) if s.caused_by else "every category met")
            table.add_row("  " + s.statement.name, judgement_text(s.judgement), why,
                          end_section=last and not s.categories)
            for j, (slug, judgement) in enumerate(s.categories):
                table.add_row(Text("    " + slug, style="dim"), judgement_text(judgement), "",
                              end_section=last and j == len(s.categories) - 1)
    overall = Table.grid(padding=(0, 1))
    overall.add_column(style="bold")
    overall.add_column()
    overall.add_row("Overall", Text("none", style="dim"))
    overall.add_row("Because", Text(result.overall.reason, style="dim"))
    for note in result.notes:
        overall.add_row("Note", Text(note, style="dim"))
    return Group(table, overall)


def explain_table(e: NotRatedExplanation) -> RenderableType:
    r = e.result
    refs = Sections()
    parts: list[RenderableType] = [
        Text(f"{r.name} — {r.service_type.name} ({r.file})", style="bold"),
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
