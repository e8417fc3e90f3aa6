"""Rich table for a location (``cqc-rate aggregate``): the services' ratings, the
location's aggregated ratings with the counts and principle behind each, any
override beside the computed rating with its rationale, and the trust rating."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..core.location import LocationRating, LocationResult, TrustResult
from ..terms import KEY_QUESTION_NAMES, KEY_QUESTIONS
from .table import draw, rating_text


def _services(result: LocationResult) -> Table:
    table = Table(title=f"{result.name} — {result.service_type.name} ({result.file})", expand=False)
    table.add_column("Service", overflow="fold")
    for kq in (*KEY_QUESTIONS, "overall"):
        # fold, never an ellipsis: a rating must be read whole
        table.add_column(KEY_QUESTION_NAMES.get(kq, "Overall"), overflow="fold")
    for i, s in enumerate(result.services):
        name = Text(s.name, style="dim" if s.left_out else "")
        if s.left_out:
            name.append(" (left out)", style="yellow")
        table.add_row(
            name,
            *(rating_text(s.rating(kq), "not rated") for kq in KEY_QUESTIONS),
            rating_text(s.overall.rating, "none"),
            end_section=i == len(result.services) - 1,
        )
    if result.key_questions is not None:
        kqs = result.key_questions
        table.add_row(
            Text("Location", style="bold"),
            *(_final(kqs[kq]) for kq in KEY_QUESTIONS),
            _final(result.overall) if result.overall is not None else Text(""),
        )
    notes = ["Location: levels 3 and 4" + ("; * overridden (see below)" if result.overrides() else "")] \
        if result.key_questions is not None else []
    notes += [f"{s.name}: scored from {s.assessment}" for s in result.services if s.assessment is not None]
    table.caption = "\n".join(notes) or None
    return table


def _final(r: LocationRating) -> Text:
    text = rating_text(r.rating, "none")
    if r.override is not None:
        text.append("*")
    return text


def _reached(result: LocationResult) -> Group:
    table = Table(title="How each aggregated rating was reached (health principles)", expand=False)
    table.add_column("Rating")
    table.add_column("Counts (bucket) and principle", overflow="fold")
    table.add_column("Computed")
    table.add_column("Override")
    table.add_column("Rationale / flags", overflow="fold")
    rows: list[tuple[str, LocationRating]] = []
    if result.key_questions is not None:
        rows += [(KEY_QUESTION_NAMES[kq], r) for kq, r in result.key_questions.items()]
    if result.overall is not None:
        rows.append(("Overall", result.overall))
    used: dict[str, str] = {}
    for i, (label, r) in enumerate(rows):
        agg = r.computed
        notes = Text()
        if r.override is not None:
            notes.append(r.override.rationale, style="italic")
        for flag in agg.flags:
            notes.append(("\n" if notes else "") + "! " + flag, style="yellow")
        if agg.rating is None:
            because = Text(agg.reason or "no rating", style="dim")
        else:
            because = Text(", ".join(f"{n} {name}" for name, n in agg.counts.items() if n) + f" of {agg.n} ({agg.bucket})")
            rule = agg.rule
            if rule is not None:
                because.append("\n" + rule.id + (" (reading)" if rule.reading else ""), style="cyan")
                used[rule.id] = rule.source
        table.add_row(
            Text(label, style="bold"), because, rating_text(agg.rating, "none"),
            rating_text(r.override.rating) if r.override is not None else Text("—", style="dim"),
            notes, end_section=i == len(rows) - 2,
        )
    legend = Table.grid(padding=(0, 1))
    legend.add_column(style="dim")
    legend.add_column(style="dim", overflow="fold")
    for rule_id, text in used.items():
        legend.add_row(rule_id, text)
    return Group(table, legend)


def _trust(trust: TrustResult) -> Group:
    table = Table(title="NHS trust rating (level 5): trust-level well-led statements", expand=False)
    table.add_column("Statement")
    table.add_column("Score", justify="right")
    kq = trust.well_led
    for s in kq.statements if kq is not None else ():
        table.add_row(Text(s.statement.name, style="" if s.score is not None else "dim"),
                      "—" if s.score is None else str(s.score))
    summary = Table.grid(padding=(0, 1))
    summary.add_column(style="bold")
    summary.add_column(overflow="fold")
    if kq is not None and kq.total is not None:
        summary.add_row("Well-led", f"{kq.total}/{kq.maximum} = {kq.percentage:.1f}% → {kq.score}, band {kq.band.value if kq.band else '?'}")
    if kq is not None and kq.limiter is not None:
        summary.add_row("Limiter", f"{kq.limiter.limiter.id} ({', '.join(kq.limiter.statements)})")
    for flag in kq.flags if kq is not None else ():
        summary.add_row("Flag", Text(flag, style="yellow"))
    summary.add_row("Computed", rating_text(trust.computed, "none"))
    if trust.reason:
        summary.add_row("Because", Text(trust.reason, style="dim"))
    if trust.override is not None:
        summary.add_row("Moderation", rating_text(trust.override.rating))
        summary.add_row("Rationale", Text(trust.override.rationale, style="italic"))
    summary.add_row("Trust rating", rating_text(trust.rating, "none"))
    parts: list[RenderableType] = [table] if kq is not None else []
    return Group(*parts, summary)


@draw.register
def _location(result: LocationResult) -> RenderableType:
    parts: list[RenderableType] = []
    if result.services:
        parts.append(_services(result))
    else:  # a trust with level 5 only: no services table to carry the title
        parts.append(Text(f"{result.name} — {result.service_type.name} ({result.file})", style="bold"))
    if result.left_out:
        parts.append(Text(f"Left out of aggregation (significantly small): {', '.join(result.left_out)}",
                          style="yellow", overflow="fold"))
    if result.key_questions is not None:
        parts.append(_reached(result))
    if result.trust is not None:
        parts.append(_trust(result.trust))
    return Group(*parts)
