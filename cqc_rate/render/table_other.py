"""Rich tables for local authorities and services CQC does not rate.

Registered with :func:`cqc_rate.render.table.draw`; imported at the bottom of
that module.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..core.local_authority import LocalAuthorityResult
from ..core.not_rated import NotRatedResult
from ..judgements import Judgement
from ..terms import KEY_QUESTION_NAMES
from .table import draw, rating_text

JUDGEMENT_STYLE = {Judgement.MET: "green", Judgement.NOT_MET: "bold red"}


def judgement_text(judgement: Judgement | None, empty: str = "—") -> Text:
    if judgement is None:
        return Text(empty, style="dim")
    return Text(judgement.value, style=JUDGEMENT_STYLE[judgement])


@draw.register
def _local_authority(result: LocalAuthorityResult) -> RenderableType:
    table = Table(
        title=f"{result.name} — {result.service_type.name} ({result.file})",
        caption="theme subtotals are information only: themes are not rated",
        show_lines=False, expand=False,
    )
    table.add_column("Theme / statement")
    table.add_column("Score", justify="right")
    table.add_column("%", justify="right")
    for theme in result.themes.values():
        sub = f"{theme.total}/{theme.maximum}" if theme.maximum else "—"
        pct = "—" if theme.percentage is None else f"{theme.percentage:.1f}"
        table.add_row(Text(theme.theme.name, style="bold"), sub, pct)
        for i, s in enumerate(theme.statements):
            table.add_row(
                Text("  " + s.statement.name, style="" if s.score is not None else "dim"),
                "—" if s.score is None else str(s.score), "",
                end_section=i == len(theme.statements) - 1,
            )
    o = result.overall
    overall = Table.grid(padding=(0, 1))
    overall.add_column(style="bold")
    overall.add_column()
    overall.add_row("Overall", rating_text(o.rating, "none"))
    if o.rating is not None and o.position is not None:
        p = o.position
        overall.add_row("Score", f"{o.total}/{o.maximum} = {o.percentage:.1f}% → {o.score}")
        where = f"band {p.low}-{p.high}, {p.half} half"
        points = o.statement_points
        if p.to_next_band is not None:
            where += f"; {p.to_next_band} to the next band"
            if points is not None and points.to_next_band is not None:
                where += f" ({points.to_next_band} statement point{'s' if points.to_next_band != 1 else ''} up)"
        if p.to_lower_band is not None:
            where += f"; {p.to_lower_band} above the band below"
            if points is not None and points.to_lower_band is not None:
                where += f" ({points.to_lower_band} statement point{'s' if points.to_lower_band != 1 else ''} down)"
        overall.add_row("Position", where)
        overall.add_row("Because", Text(f"{o.rule.id}: {o.rule.source}"))
    else:
        overall.add_row("Because", Text(o.reason or "no rating", style="dim"))
        if o.partial is not None:
            overall.add_row("Partial", Text(
                f"{o.partial['total']}/{o.partial['maximum']} from {o.partial['scored']} statements "
                "(information only, not a rating)", style="dim"))
    for flag in o.flags:
        overall.add_row("Flag", Text(flag, style="yellow"))
    for note in result.notes:
        overall.add_row("Note", Text(note, style="dim"))
    return Group(table, overall)


@draw.register
def _not_rated(result: NotRatedResult) -> RenderableType:
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
