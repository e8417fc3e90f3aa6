"""Rich table for a location (``cqc-rate aggregate``): the services' ratings, the
location's aggregated ratings with the counts and principle behind each, any
override beside the computed rating with its rationale, and the trust rating."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..core.location import LocationRating, LocationResult, TrustResult
from ..terms import KEY_QUESTION_NAMES, KEY_QUESTIONS
from .table import aggregation_text, draw, rating_text


def _services(result: LocationResult) -> Table:
    table = Table(title=f"{result.name} — {result.service_type.name} ({result.file})", expand=False)
    table.add_column("Service")
    for kq in KEY_QUESTIONS:
        table.add_column(KEY_QUESTION_NAMES[kq])
    table.add_column("Overall")
    table.add_column("Notes", overflow="fold")
    for i, s in enumerate(result.services):
        notes = []
        if s.left_out:
            notes.append("significantly small: left out of aggregation")
        if s.assessment is not None:
            notes.append(f"scored from {s.assessment}")
        table.add_row(
            Text(s.name, style="dim" if s.left_out else ""),
            *(rating_text(s.rating(kq), "not rated") for kq in KEY_QUESTIONS),
            rating_text(s.overall.rating, "none"),
            Text("; ".join(notes), style="dim"),
            end_section=i == len(result.services) - 1,
        )
    if result.key_questions is not None:
        kqs = result.key_questions
        table.add_row(
            Text("Location", style="bold"),
            *(_final(kqs[kq]) for kq in KEY_QUESTIONS),
            _final(result.overall) if result.overall is not None else Text(""),
            Text("levels 3 and 4" + ("; * overridden" if result.overrides() else ""), style="dim"),
        )
    return table


def _final(r: LocationRating) -> Text:
    text = rating_text(r.rating, "none")
    if r.override is not None:
        text.append("*")
    return text


def _reached(result: LocationResult) -> Table:
    table = Table(title="How each aggregated rating was reached", expand=False, show_lines=True)
    table.add_column("Rating")
    table.add_column("Computed")
    table.add_column("Override")
    table.add_column("Because", overflow="fold")
    rows: list[tuple[str, LocationRating]] = []
    if result.key_questions is not None:
        rows += [(f"{KEY_QUESTION_NAMES[kq]} (level 3)", r) for kq, r in result.key_questions.items()]
    if result.overall is not None:
        rows.append(("Overall (level 4)", result.overall))
    for label, r in rows:
        because = aggregation_text(r.computed)
        for flag in r.computed.flags:
            because.append("\n! " + flag, style="yellow")
        table.add_row(label, rating_text(r.computed.rating, "none"), _override(r.override), because)
    return table


def _override(override) -> Text:  # type: ignore[no-untyped-def]
    if override is None:
        return Text("—", style="dim")
    text = rating_text(override.rating)
    text.append(f"\nrationale: {override.rationale}", style="italic")
    return text


def _trust(trust: TrustResult) -> Table:
    table = Table(title="NHS trust rating (level 5): trust-level well-led", expand=False)
    table.add_column("Statement")
    table.add_column("Score", justify="right")
    kq = trust.well_led
    for s in kq.statements if kq is not None else ():
        table.add_row(Text(s.statement.name, style="" if s.score is not None else "dim"),
                      "—" if s.score is None else str(s.score))
    if kq is not None and kq.total is not None:
        table.add_row(Text("Well-led", style="bold"),
                      f"{kq.total}/{kq.maximum} = {kq.percentage:.1f}% → {kq.score}", end_section=True)
    table.add_row(Text("Computed", style="bold"), rating_text(trust.computed, "none"))
    if kq is not None and kq.limiter is not None:
        table.add_row("", Text(f"limited from {kq.band.value if kq.band else '?'}: {kq.limiter.limiter.id}", style="dim"))
    for flag in kq.flags if kq is not None else ():
        table.add_row("", Text("! " + flag, style="yellow"))
    if trust.reason:
        table.add_row("", Text(trust.reason, style="dim"))
    if trust.override is not None:
        table.add_row(Text("Moderation (override)", style="bold"), _override(trust.override))
    table.add_row(Text("Trust rating", style="bold"), rating_text(trust.rating, "none"))
    return table


@draw.register
def _location(result: LocationResult) -> RenderableType:
    parts: list[RenderableType] = []
    if result.services:
        parts.append(_services(result))
    if result.left_out:
        parts.append(Text(f"Left out of aggregation (significantly small): {', '.join(result.left_out)}", style="yellow"))
    if result.key_questions is not None:
        parts.append(_reached(result))
    if result.trust is not None:
        parts.append(_trust(result.trust))
    return Group(*parts)
