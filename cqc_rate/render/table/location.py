"""Tables for a location: the score table (``cqc-rate aggregate``) — the services'
ratings, the location's aggregated ratings with the counts and principle
behind each, any override beside the computed rating with its rationale, and
the trust rating — and the explain table (levels 3, 4 and 5)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ...core.location import LocationRating, LocationResult, TrustResult
from ...explanations.location import AggregatedExplanation, LocationExplanation, RatingMove
from ...terms import KEY_QUESTION_NAMES, KEY_QUESTIONS, Rating
from .common import Sections, key_question_rows, rating_text, steps_grid, title_rule

# ------------------------------------------------------------------ score


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


def score_table(result: LocationResult) -> RenderableType:
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


# ---------------------------------------------------------------- explain


def _name(m: RatingMove) -> str:
    return KEY_QUESTION_NAMES[m.name] if m.what == "key_question" else m.name


def _moves_text(a: AggregatedExplanation, direction: str) -> Text:
    moves = a.would_change(direction)
    text = Text()
    if moves:
        by_result: dict[Rating | None, list[str]] = {}
        for m in moves:
            by_result.setdefault(m.result.rating, []).append(f"{_name(m)} → {m.after.value}")
        for i, (result, which) in enumerate(by_result.items()):
            if i:
                text.append("; ")
            text.append(f"{' or '.join(which)} gives ")
            text.append_text(rating_text(result, "none"))
        if a.override is not None:
            text.append(" (the principles; the override stands)", style="dim")
    elif any(m.direction == direction for m in a.moves):
        text.append("no one rating moved one step changes it", style="dim")
    elif a.computed.rating is None:
        text.append("no rating to move", style="dim")
    else:
        text.append(f"every rating is already {'outstanding' if direction == 'up' else 'inadequate'}", style="dim")
    return text


def aggregated_rows(a: AggregatedExplanation, refs: Sections) -> RenderableType:
    grid = steps_grid()
    for step in a.steps:
        if step.id == "services":
            grid.add_row("Services", step.text, refs.ref(step.section))
        elif step.id == "inputs":
            grid.add_row("Ratings", step.text.split(": ", 1)[-1], refs.ref(step.section))
        elif step.id == "left-out":
            grid.add_row("Left out", Text(step.text, style="yellow"), refs.ref(step.section))
        elif step.id == "no-rating":
            grid.add_row("No rating", step.text, refs.ref(step.section))
        elif step.id == "counts":
            agg = a.computed
            counts = ", ".join(f"{n} {rating}" for rating, n in agg.counts.items() if n)
            grid.add_row("Counts", f"{counts} ({agg.n} ratings, counted as {agg.bucket})", refs.ref(step.section))
        elif step.id == "principle":
            grid.add_row("Principle", step.text, refs.ref(step.section))
        elif step.id == "override":
            text = Text("computed ")
            text.append_text(rating_text(a.computed.rating, "none"))
            text.append(" → override ")
            text.append_text(rating_text(a.override.rating if a.override else None))
            text.append(f": {a.override.rationale if a.override else ''}", style="italic")
            grid.add_row("Override", text, refs.ref(step.section))
    if a.computed.rating is not None:
        grid.add_row("Up", _moves_text(a, "up"), "")
        grid.add_row("Down", _moves_text(a, "down"), "")
    for flag in a.computed.flags:
        grid.add_row("Flag", Text(flag, style="yellow"), "")
    return grid


def explain_table(e: LocationExplanation) -> RenderableType:
    r = e.result
    refs = Sections()
    levels = e.steps[0]
    parts: list[RenderableType] = [
        Text(f"{r.name} — {r.service_type.name} ({r.file})", style="bold"),
        Text.assemble((levels.text, "dim"), " ", refs.ref(levels.section)),
    ]
    for kq, a in (e.key_questions or {}).items():
        parts.append(title_rule(f"Location {KEY_QUESTION_NAMES[kq].lower()} (level 3)", a.rating, a.override is not None))
        parts.append(aggregated_rows(a, refs))
    if e.overall is not None:
        parts.append(title_rule("Location overall (level 4)", e.overall.rating, e.overall.override is not None))
        parts.append(aggregated_rows(e.overall, refs))
    if e.trust is not None:
        t = e.trust
        parts.append(title_rule("Trust well-led (level 5)", t.rating, t.override is not None))
        frame = t.well_led.steps[0]
        parts.append(Text.assemble((frame.text, "dim"), " ", refs.ref(frame.section)))
        parts.append(key_question_rows(t.well_led, refs))
        moderation = next((s for s in t.well_led.steps if s.id == "moderation"), None)
        if moderation is not None and t.override is not None:
            grid = steps_grid()
            text = Text("computed ")
            text.append_text(rating_text(t.computed, "none"))
            text.append(" → moderated ")
            text.append_text(rating_text(t.override.rating))
            text.append(f": {t.override.rationale}", style="italic")
            grid.add_row("Moderation", text, refs.ref(moderation.section))
            parts.append(grid)
        parts.append(Text("(u): scored in this assessment", style="dim"))
    for note in e.notes:
        parts.append(Text(note, style="dim"))
    parts.append(refs.legend())
    return Group(*parts)
