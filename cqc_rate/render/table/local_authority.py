"""Tables for a local authority: its score table (theme subtotals, the overall
rating and its position) and its explain table (the nine statements taken
through the arithmetic, as a key question is)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ...core.local_authority import LocalAuthorityResult
from ...explanations.local_authority import LocalAuthorityExplanation
from .common import Sections, key_question_rows, rating_text, title_rule


def score_table(result: LocalAuthorityResult) -> RenderableType:
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


def explain_table(e: LocalAuthorityExplanation) -> RenderableType:
    r = e.result
    refs = Sections()
    parts: list[RenderableType] = [
        Text(f"{r.name} — {r.service_type.name} ({r.file})", style="bold"),
        Text("an overall rating only, from the nine statements weighted equally; themes are not rated. "
             "(u) scored in this assessment", style="dim"),
        title_rule("Overall", e.overall.rating),
        key_question_rows(e.overall, refs),
    ]
    for note in (*r.notes, *e.notes):
        parts.append(Text(note, style="dim"))
    parts.append(refs.legend())
    return Group(*parts)
