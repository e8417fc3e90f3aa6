"""Tables for `cqc-rate explain` on local authorities and locations.

Same layout as the service explanation (render/table_explain.py): one rule
per rating, a grid of steps each ending with §n, the sections listed once
underneath.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.text import Text

from ..core.explain_not_rated import NotRatedExplanation
from ..core.explain_other import AggregatedExplanation, LocalAuthorityExplanation, LocationExplanation, RatingMove
from ..terms import KEY_QUESTION_NAMES, Rating
from .table import draw, rating_text
from .table_explain import Sections, _grid, key_question_rows


def _title(label: str, rating: Rating | None, overridden: bool = False) -> Rule:
    title = Text(f"{label}: ")
    title.append_text(rating_text(rating, "none"))
    if overridden:
        title.append(" (override)")
    return Rule(title, align="left")


@draw.register
def _local_authority_explanation(e: LocalAuthorityExplanation) -> RenderableType:
    r = e.result
    refs = Sections()
    parts: list[RenderableType] = [
        Text(f"{r.name} — {r.service_type.name} ({r.file})", style="bold"),
        Text("an overall rating only, from the nine statements weighted equally; themes are not rated. "
             "(u) scored in this assessment", style="dim"),
        _title("Overall", e.overall.rating),
        key_question_rows(e.overall, refs),
    ]
    for note in (*r.notes, *e.notes):
        parts.append(Text(note, style="dim"))
    parts.append(refs.legend())
    return Group(*parts)


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
    grid = _grid()
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


@draw.register
def _location_explanation(e: LocationExplanation) -> RenderableType:
    r = e.result
    refs = Sections()
    levels = e.steps[0]
    parts: list[RenderableType] = [
        Text(f"{r.name} — {r.service_type.name} ({r.file})", style="bold"),
        Text.assemble((levels.text, "dim"), " ", refs.ref(levels.section)),
    ]
    for kq, a in (e.key_questions or {}).items():
        parts.append(_title(f"Location {KEY_QUESTION_NAMES[kq].lower()} (level 3)", a.rating, a.override is not None))
        parts.append(aggregated_rows(a, refs))
    if e.overall is not None:
        parts.append(_title("Location overall (level 4)", e.overall.rating, e.overall.override is not None))
        parts.append(aggregated_rows(e.overall, refs))
    if e.trust is not None:
        t = e.trust
        parts.append(_title("Trust well-led (level 5)", t.rating, t.override is not None))
        frame = t.well_led.steps[0]
        parts.append(Text.assemble((frame.text, "dim"), " ", refs.ref(frame.section)))
        parts.append(key_question_rows(t.well_led, refs))
        moderation = next((s for s in t.well_led.steps if s.id == "moderation"), None)
        if moderation is not None and t.override is not None:
            grid = _grid()
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


@draw.register
def _not_rated_explanation(e: NotRatedExplanation) -> RenderableType:
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
        grid = _grid()
        for step in x.steps:
            grid.add_row(step.id.replace("-", " ").capitalize(), Text(step.text), refs.ref(step.section))
        grid.add_row("Up", Text(x.up), Text(""))
        grid.add_row("Down", Text(x.down), Text(""))
        parts.append(grid)
    parts.append(refs.legend())
    return Group(*parts)

