"""Tables for a location: the score table (``cqc-rate aggregate``) — the services'
ratings, the location's aggregated ratings with the counts and principle
behind each, any override beside the computed rating with its rationale, and
the trust rating — and the explain table (levels 3, 4 and 5)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ...core.location import LocationRating, LocationResult, TrustResult
from ...explanations.location import (
    AggregatedExplanation,
    LocationExplanation,
    RatingMove,
)
from ...safe_text import safe
from ...terms import KEY_QUESTION_NAMES, KEY_QUESTIONS, Rating
from ..words import RI_LEGEND, counts_words, limiter_words, rule_words, short
from .common import (
    RATING_STYLE,
    Sections,
    key_question_rows,
    rating_text,
    steps_grid,
    title_rule,
)

# ------------------------------------------------------------------ score
#
# The headline first: the location's five key-question ratings and overall rating
# (levels 3 and 4) and the trust rating (level 5); then every service's ratings in
# the same columns; then how each aggregated rating was reached, in plain words.
# The ratings grid is laid out here, not by a Rich table, so a rating is never
# cut: each column is as wide as its longest rating (RI for requires improvement,
# with a legend), and a service name too long for its column gets a line of its own.

_COLUMNS = (*KEY_QUESTIONS, "overall")
_HEADERS = {**KEY_QUESTION_NAMES, "overall": "Overall"}


def _cell(rating: Rating | None, empty: str, overridden: bool = False) -> tuple[str, str]:
    if rating is None:
        return empty, "dim"
    return short(rating) + ("*" if overridden else ""), RATING_STYLE[rating]


_Row = tuple[str, str, list[tuple[str, str]]]  # (label, label style, cells: (text, style))


def _rows(result: LocationResult) -> tuple[list[_Row], list[_Row]]:
    """(headline rows, service rows): each (label, label style, cells)."""
    head = []
    if result.key_questions is not None:
        kqs = result.key_questions
        cells = [_cell(kqs[kq].rating, "none", kqs[kq].override is not None) for kq in KEY_QUESTIONS]
        o = result.overall
        cells.append(_cell(o.rating, "none", o.override is not None) if o is not None else ("", ""))
        head.append(("Location", "bold", cells))
    services = []
    for s in result.services:
        cells = [_cell(s.rating(kq), "not rated") for kq in KEY_QUESTIONS] + [_cell(s.overall.rating, "none")]
        services.append((safe(s.name) + (" (left out)" if s.left_out else ""), "dim" if s.left_out else "", cells))
    return head, services


class RatingsGrid:
    """Rows of ratings under the key-question headers, aligned, never cutting a word."""

    def __init__(self, head: list, services: list, part: str = "head") -> None:  # type: ignore[type-arg]
        self.head, self.services, self.part = head, services, part

    def __rich_console__(self, console, options):  # type: ignore[no-untyped-def]
        rows = self.head + self.services
        widths = [max([len(_HEADERS[c])] + [len(r[2][i][0]) for r in rows]) for i, c in enumerate(_COLUMNS)]
        cells_width = sum(widths) + len(widths)
        longest = max([len(r[0]) for r in rows] + [8])
        label = max(8, min(longest, options.max_width - cells_width))

        def line(name: str, style: str, cells: list[tuple[str, str]]) -> Text:
            text = Text(name.ljust(label), style=style)
            for (value, cell_style), width in zip(cells, widths, strict=False):
                text.append(" ")
                text.append(value.ljust(width), style=cell_style)
            return text

        if self.part == "head":
            yield line("", "", [(_HEADERS[c], "bold") for c in _COLUMNS])
            shown = self.head
        else:
            yield line("Services", "bold", [(_HEADERS[c], "bold") for c in _COLUMNS]) \
                if label >= len("Services") else Text("Services", style="bold")
            shown = self.services
        for name, style, cells in shown:
            if len(name) > label:
                yield Text(name, style=style)
                yield line("", "", cells)
            else:
                yield line(name, style, cells)


def _because(r: LocationRating) -> Text:
    agg = r.computed
    text = Text()
    if agg.rating is None:
        text.append(agg.reason or "no rating", style="dim")
    else:
        text.append(counts_words(agg.counts, agg.n) + "; ")
        if agg.rule is not None:
            text.append(rule_words(agg.rule, agg))
    if r.override is not None:
        text.append("; overridden to ")
        text.append_text(rating_text(r.override.rating))
        text.append(f": {r.override.rationale}", style="italic")
    for flag in agg.flags:
        text.append(f"\n! {flag}", style="yellow")
    return text


def _reached(result: LocationResult) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold", min_width=10)
    grid.add_column(no_wrap=True, min_width=11)
    grid.add_column(ratio=1)
    rows: list[tuple[str, LocationRating]] = []
    if result.key_questions is not None:
        rows += [(KEY_QUESTION_NAMES[kq], r) for kq, r in result.key_questions.items()]
    if result.overall is not None:
        rows.append(("Overall", result.overall))
    grid.add_row("", Text("computed", style="dim"), Text("counts and the principle that decided it", style="dim"))
    for label, r in rows:
        grid.add_row(label, rating_text(r.computed.rating, "none"), _because(r))
    return grid


def _trust_words(trust: TrustResult) -> Text:
    kq = trust.well_led
    text = Text()
    if trust.override is not None:
        text.append("moderated from ")
        text.append_text(rating_text(trust.computed, "none"))
        text.append(f": {trust.override.rationale}", style="italic")
        text.append("; computed: ")
    if kq is not None and kq.total is not None:
        text.append(f"trust-level well-led {kq.total}/{kq.maximum} = {kq.percentage:.1f}% → {kq.score}")
        if kq.limiter is not None:
            text.append(f"; {limiter_words(kq.limiter)}")
        elif kq.position is not None:
            text.append(f"; {kq.position.band.value} band {kq.position.low}–{kq.position.high}")
    elif trust.reason or (kq is not None and kq.reason):
        text.append(trust.reason or kq.reason or "", style="dim")  # type: ignore[union-attr]
    return text


def _trust(trust: TrustResult) -> Group:
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
    table.add_column("indent", width=1)
    table.add_column("statement", ratio=1, max_width=56)
    table.add_column("score", justify="right", no_wrap=True)
    kq = trust.well_led
    for s in kq.statements if kq is not None else ():
        table.add_row("", Text(s.statement.name, style="" if s.score is not None else "dim"),
                      "—" if s.score is None else str(s.score))
    parts: list[RenderableType] = [Text("Trust-level well-led statements (level 5)", style="bold"), table]
    for flag in kq.flags if kq is not None else ():
        parts.append(Text(f"! {flag}", style="yellow"))
    return Group(*parts)


def _trust_line(trust: TrustResult) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(ratio=1)
    text = rating_text(trust.rating, "none")
    text.append(" — ")
    text.append_text(_trust_words(trust))
    grid.add_row("Trust rating", text)
    return grid


def score_table(result: LocationResult) -> RenderableType:
    head, services = _rows(result)
    parts: list[RenderableType] = [
        Text(safe(result.name), style="bold"),
        Text(f"{result.service_type.name} · {safe(result.file)}", style="dim"),
        Text(""),
    ]
    if head:
        parts.append(RatingsGrid(head, services, "head"))
    if result.trust is not None:
        parts.append(_trust_line(result.trust))
    if services:
        parts += [Text(""), RatingsGrid(head, services, "services")]
    legend = []
    if any(cell[0].startswith("RI") for row in head + services for cell in row[2]):
        legend.append(RI_LEGEND)
    if any(cell[0].endswith("*") for row in head for cell in row[2]):
        legend.append("* overridden (see below)")
    if result.key_questions is not None:
        legend.append("location: levels 3 and 4")
    if legend:
        parts.append(Text("; ".join(legend), style="dim"))
    if result.left_out:
        parts.append(Text(f"Left out of aggregation (significantly small): {', '.join(result.left_out)}",
                          style="yellow"))
    if result.no_ratings:
        parts.append(Text(f"No ratings (contribute nothing): {', '.join(result.no_ratings)}", style="yellow"))
    for s in result.services:
        if s.assessment is not None:
            parts.append(Text(safe(f"{s.name}: scored from {s.assessment}"), style="dim"))
    if result.key_questions is not None:
        pset = result.overall.computed.principles if result.overall is not None else None
        parts += [Text(""), Text("How each location rating was reached"
                                 + (f" ({pset} principles)" if pset else ""), style="bold"), _reached(result)]
    if result.trust is not None and result.trust.well_led is not None:
        parts += [Text(""), _trust(result.trust)]
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
        Text(safe(f"{r.name} — {r.service_type.name} ({r.file})"), style="bold"),
        Text.assemble((levels.text, "dim"), " ", refs.ref(levels.section)),
    ]
    for kq, a in (e.key_questions or {}).items():
        parts.append(title_rule(f"Location {KEY_QUESTION_NAMES[kq].lower()} (level 3)", a.rating,
                                a.override is not None))
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
