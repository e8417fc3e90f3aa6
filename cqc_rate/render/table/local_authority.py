"""Tables for a local authority: its score table (theme subtotals, the overall
rating and its position) and its explain table (the nine statements taken
through the arithmetic, as a key question is)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ...core.local_authority import LocalAuthorityResult
from ...explanations.local_authority import LocalAuthorityExplanation
from ...safe_text import safe
from ...terms import Rating
from ..words import bands_of, points
from .common import Scale, Sections, key_question_rows, rating_text, title_rule
from .service import LegendLine, headline_grid


def _position(o) -> str:  # type: ignore[no-untyped-def]
    p = o.position
    ordered = Rating.ordered()
    i = ordered.index(p.band)
    said = f"{p.band.value} band {p.low}–{p.high}, {p.half} half"
    sp = o.statement_points
    if p.to_next_band is not None:
        said += f"; {points(p.to_next_band, 'percentage')} up to {ordered[i + 1].value}"
        if sp is not None and sp.to_next_band is not None:
            said += f" ({points(sp.to_next_band, 'statement')} up)"
    if p.to_lower_band is not None:
        said += f"; {points(p.to_lower_band, 'percentage')} down to {ordered[i - 1].value}"
        if sp is not None and sp.to_lower_band is not None:
            said += f" ({points(sp.to_lower_band, 'statement')} down)"
    return said


def score_table(result: LocalAuthorityResult) -> RenderableType:
    o = result.overall
    bands = bands_of(result)
    head = headline_grid(bands=bands)
    if o.rating is not None and o.score is not None:
        head.add_row("Overall", rating_text(o.rating), str(o.score), Scale(o.score, bands=bands))
    else:
        head.add_row("Overall", rating_text(o.rating, "no rating"), Text("—", style="dim"),
                     Text((o.reason or "no rating").split(" (", 1)[0], style="dim"))
    overall = Table.grid(padding=(0, 1))
    overall.add_column(style="bold", no_wrap=True, min_width=10)
    overall.add_column(ratio=1)
    if o.rating is not None and o.position is not None:
        overall.add_row("Score", f"{o.total}/{o.maximum} = {o.percentage:.1f}% → {o.score}")
        overall.add_row("Position", _position(o))
        overall.add_row("Because", "the nine statements weighted equally, banded as a key question is, "
                                   "with no limiters")
    elif o.reason and " (" in o.reason:
        overall.add_row("Because", Text(o.reason, style="dim"))
    if o.partial is not None and o.rating is None:
        overall.add_row("Partial", Text(
            f"{o.partial['total']}/{o.partial['maximum']} from {o.partial['scored']} statements "
            "(information only, not a rating)", style="dim"))
    for flag in o.flags:
        overall.add_row("Flag", Text(flag, style="yellow"))
    for note in result.notes:
        overall.add_row("Note", Text(note, style="dim"))

    table = Table(box=None, show_header=True, header_style="bold", padding=(0, 1), pad_edge=False,
                  title="Themes (information only: themes are not rated)", title_justify="left",
                  title_style="bold")
    table.add_column("Theme / statement", ratio=1)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("%", justify="right", no_wrap=True)
    for theme in result.themes.values():
        sub = f"{theme.total}/{theme.maximum}" if theme.maximum else "—"
        pct = "—" if theme.percentage is None else f"{theme.percentage:.1f}"
        table.add_row(Text(theme.theme.name, style="bold"), sub, pct)
        for s in theme.statements:
            table.add_row(
                Text("  " + s.statement.name, style="" if s.score is not None else "dim"),
                "—" if s.score is None else str(s.score), "",
            )
    return Group(
        Text(safe(result.name), style="bold"),
        Text(f"{result.service_type.name} · {safe(result.file)}", style="dim"),
        Text(""), head, overall, LegendLine(), Text(""), table,
    )


def explain_table(e: LocalAuthorityExplanation) -> RenderableType:
    r = e.result
    refs = Sections()
    parts: list[RenderableType] = [
        Text(safe(f"{r.name} — {r.service_type.name} ({r.file})"), style="bold"),
        Text("an overall rating only, from the nine statements weighted equally; themes are not rated. "
             "(u) scored in this assessment", style="dim"),
        title_rule("Overall", e.overall.rating),
        key_question_rows(e.overall, refs),
    ]
    for note in (*r.notes, *e.notes):
        parts.append(Text(note, style="dim"))
    parts.append(refs.legend())
    return Group(*parts)
