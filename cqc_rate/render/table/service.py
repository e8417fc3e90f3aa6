"""Tables for a rated service: its score table (`cqc-rate score`) and its explain table."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ...core.results import Aggregation, KeyQuestionResult, ServiceResult
from ...explanations.service import OverallExplanation, ServiceExplanation
from ...explanations.target import TargetResult
from ...method.models import Band
from ...safe_text import safe
from ...terms import KEY_QUESTION_NAMES, Rating
from ..words import (
    bands_of,
    cap_top,
    category_name,
    counts_words,
    limiter_words,
    points,
    rule_words,
)
from .common import (
    Scale,
    Sections,
    key_question_rows,
    rating_text,
    scale_legend,
    steps_grid,
)

# ------------------------------------------------------------------ score
#
# The headline first, on one screen: the service, its type, the five key-question
# ratings with their scores on a scale, and the overall rating with the rule that
# decided it, in plain words. The workings (each key question's statements) follow.


def position_words(r: KeyQuestionResult) -> str:
    """'good band 63–87, lower half; 22 percentage points up to outstanding'."""
    p = r.position
    if p is None:
        return ""
    said = f"{p.band.value} band {p.low}–{p.high}, {p.half} half"
    ordered = Rating.ordered()
    i = ordered.index(p.band)
    if p.to_next_band is not None:
        said += f"; {points(p.to_next_band, 'percentage')} up to {ordered[i + 1].value}"
    if p.to_lower_band is not None:
        said += f"; {points(p.to_lower_band, 'percentage')} down to {ordered[i - 1].value}"
    return said


def kq_basis(r: KeyQuestionResult) -> str:
    if r.basis == "given":
        return "given directly"
    if r.basis == "limiter" and r.limiter is not None:
        band = r.band.value if r.band else "?"
        return f"{r.score} is in the {band} band, {limiter_words(r.limiter)}"
    if r.basis == "band":
        return position_words(r)
    return r.reason or ""


def aggregation_text(agg: Aggregation, noun: str = "rating") -> Text:
    text = Text()
    if agg.rating is None:
        text.append(agg.reason or "no rating", style="dim")
        return text
    text.append(counts_words(agg.counts, agg.n, noun))
    if agg.rule is not None:
        text.append("; ")
        text.append(rule_words(agg.rule, agg))
    return text


def headline_grid(ascii_only: bool = False, bands: Sequence[Band] | None = None) -> Table:
    """Key question | rating | score | scale (or why there is none)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold", min_width=10)
    grid.add_column(no_wrap=True, min_width=20)
    grid.add_column(no_wrap=True, justify="right", min_width=5)
    grid.add_column(ratio=1)
    grid.add_row("", Text("rating", style="dim"), Text("score", style="dim"), Scale(None, header=True, bands=bands))
    return grid


def headline_row(grid: Table, label: str, r: KeyQuestionResult, bands: Sequence[Band] | None = None) -> None:
    rating = rating_text(r.rating, "no rating")
    if r.score is None:
        # the reason in short (its parenthesis in the workings below)
        why = "given directly" if r.basis == "given" else (r.reason or "").split(" (", 1)[0]
        grid.add_row(label, rating, Text("—", style="dim"), Text(why, style="dim"))
        return
    scale = Scale(r.score, cap_top(r.limiter, bands) if r.basis == "limiter" else None, bands=bands)
    grid.add_row(label, rating, str(r.score), scale)


def overall_row(grid: Table, overall: Aggregation, noun: str = "key question") -> None:
    grid.add_row("Overall", rating_text(overall.rating, "no rating"), "", aggregation_text(overall, noun))


def what_if_lines(result: ServiceResult) -> list[Text]:
    """What --set changed, first, so no one takes the figures for the file's own."""
    if not result.settings:
        return []
    return [Text(safe("what if: set " + ", ".join(s.text for s in result.settings)
                      + " (not in the file)"), style="bold yellow")]


def score_table(result: ServiceResult) -> RenderableType:
    bands = bands_of(result)  # an overlay's bands are the ones drawn
    grid = headline_grid(bands=bands)
    for kq, r in result.key_questions.items():
        headline_row(grid, KEY_QUESTION_NAMES[kq], r, bands)
    overall_row(grid, result.overall)
    parts: list[RenderableType] = [
        Text(safe(result.name), style="bold"),
        Text(f"{result.service_type.name} · {safe(result.file)} · method {result.method}", style="dim"),
        *what_if_lines(result),
        Text(""),
        grid,
    ]
    for flag in result.overall.flags:
        parts.append(Text(f"! {flag}", style="yellow"))
    parts.append(LegendLine(any(r.basis == "limiter" for r in result.key_questions.values()), bands))
    parts.append(Text(f"method {result.method}: {result.method_basis}", style="dim"))
    trust_level = 5 in result.service_type.levels
    for kq, r in result.key_questions.items():
        parts.append(Text(""))
        parts.append(kq_heading(kq, r))
        for flag in r.flags:
            parts.append(Text(f"  ! {flag}", style="yellow"))
        for note in r.notes:
            parts.append(Text(f"  {note}", style="dim"))
        if r.statements:
            parts.append(statements_table(r, trust_level))
    if result.notes:
        parts.append(Text(""))
    for note in result.notes:
        parts.append(Text(note, style="dim"))
    return Group(*parts)


class LegendLine:
    """The scale's legend, in the characters the output can carry."""

    def __init__(self, limited: bool = False, bands: Sequence[Band] | None = None) -> None:
        self.limited, self.bands = limited, bands

    def __rich_console__(self, console, options):  # type: ignore[no-untyped-def]
        yield scale_legend(options.ascii_only or getattr(console, "ascii_only", False), self.limited, self.bands)


def kq_heading(kq: str, r: KeyQuestionResult) -> Text:
    text = Text(f"{KEY_QUESTION_NAMES[kq]}: ", style="bold")
    text.append_text(rating_text(r.rating, "no rating"))
    if r.total is not None:
        text.append(f" — {r.total}/{r.maximum} = {r.percentage:.1f}% → {r.score}")
    basis = kq_basis(r)
    if basis:
        text.append(f"; {basis}", style="dim" if r.basis != "limiter" else "yellow")
    return text


def statements_table(r: KeyQuestionResult, trust_level: bool = True) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
    table.add_column("indent", width=1)  # so a wrapped statement name stays indented
    longest = max((len(s.statement.name) for s in r.statements), default=10)
    # the longest names are 44; a longer one wraps between words
    table.add_column("statement", min_width=min(44, longest), max_width=44)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("source", ratio=1)
    limited = set(r.limiter.statements) if r.limiter else set()
    for s in r.statements:
        if not s.applies and not trust_level:
            continue  # assessed at trust level only, and this service has none
        source = s.source or ("assessed at trust level only" if not s.applies else "not scored")
        if s.transferred_from:
            source += f" from {KEY_QUESTION_NAMES[s.transferred_from].lower()}"
        if s.evidence is not None:
            cats = ", ".join(f"{category_name(c)} {v}" for c, v in s.evidence.categories)
            e = s.evidence
            source += f"; 2023: {cats} = {e.total}/{e.maximum} = {e.percentage:g}% → {e.whole}"
        if s.statement.slug in limited:
            source += "; holds the rating down"
        score = Text("—" if s.score is None else str(s.score),
                     style="yellow bold" if s.statement.slug in limited else "")
        table.add_row("", Text(s.statement.name, style="" if s.score is not None else "dim"), score,
                      Text(source, style="dim"))
    return table


# ---------------------------------------------------------------- explain


def overall_rows(o: OverallExplanation, refs: Sections) -> Table:
    grid = steps_grid()
    section = {step.id: step.section for step in o.steps}
    agg = o.aggregation
    if agg.rating is None:
        grid.add_row("No rating", agg.reason or "", refs.ref(section["overall-needs-five"]))
        return grid
    counts = ", ".join(f"{n} {rating}" for rating, n in agg.counts.items() if n)
    group = "" if agg.bucket == str(agg.n) else f", counted as {agg.bucket}"
    grid.add_row("Counts", f"{counts} ({agg.n} ratings{group})", refs.ref(section["counts"]))
    if agg.rule is not None:
        principle = next(s.text for s in o.steps if s.id == "principle")
        grid.add_row("Principle", principle, refs.ref(section["principle"]))
    for direction, label in (("up", "Up"), ("down", "Down")):
        moves = o.would_change(direction)
        text = Text()
        if moves:
            by_result: dict[str, list[str]] = {}
            for m in moves:
                by_result.setdefault(m.overall.rating.value if m.overall.rating else "none", []).append(
                    f"{KEY_QUESTION_NAMES[m.key_question]} → {m.after.value}")
            for i, (result, which) in enumerate(by_result.items()):
                if i:
                    text.append("; ")
                text.append(f"{' or '.join(which)} gives ")
                text.append_text(rating_text(agg.rating.__class__(result)))
        elif any(m.direction == direction for m in o.moves):
            text.append("no one key question moved one step changes it", style="dim")
        else:
            text.append(f"already {agg.rating.value}", style="dim")
        grid.add_row(label, text, "")
    for flag in agg.flags:
        grid.add_row("Flag", Text(flag, style="yellow"), "")
    return grid


def target_rows(t: TargetResult) -> list[RenderableType]:
    """explain --target: the changes that reach it, as --set arguments too, or why none do."""
    what = "Overall" if t.scope == "overall" else KEY_QUESTION_NAMES[t.scope]
    title = Text(f"Target: {what} ")
    title.append_text(rating_text(t.target))
    grid = steps_grid()
    if not t.reached:
        grid.add_row("Not reached", safe(t.reason or ""), "")
    elif not t.changes:
        grid.add_row("Already", f"{what.lower() if t.scope != 'overall' else 'overall'} is {t.target.value}", "")
    else:
        # A key question's target names its statements; overall's say which key question each is under.
        grid.add_row("Change", "; ".join(
            (f"{KEY_QUESTION_NAMES[c.key_question]}: " if t.scope == "overall" else "")
            + f"{c.change.statement.name} {c.change.before}→{c.change.after}" for c in t.changes), "")
        n = len(t.changes)
        grid.add_row("Cost", f"{n} statement{'s' if n != 1 else ''}, "
                             f"{t.points} statement point{'s' if t.points != 1 else ''}", "")
        if t.scope == "overall":
            grid.add_row("Ratings", ", ".join(f"{KEY_QUESTION_NAMES[kq]} {r.value}" for kq, r in t.ratings_after), "")
        grid.add_row("Try", " ".join(f"--set {c.setting}" for c in t.changes), "")
    return [Rule(title, align="left"), grid]


def explain_table(e: ServiceExplanation) -> RenderableType:
    r = e.result
    refs = Sections()
    parts: list[RenderableType] = [
        Text(safe(f"{r.name} — {r.service_type.name} ({r.file})"), style="bold"),
        Text(f"method {r.method}: {r.method_basis}. Sources: (u) updated, (e) existing, "
             "(t) transferred from the published rating", style="dim"),
        *what_if_lines(r),
    ]
    for kq, x in e.key_questions.items():
        title = Text(f"{KEY_QUESTION_NAMES[kq]}: ")
        title.append_text(rating_text(x.rating, "no rating"))
        if x.basis == "limiter":
            title.append(" (limited)")
        parts.append(Rule(title, align="left"))
        parts.append(key_question_rows(x, refs))
    title = Text("Overall: ")
    title.append_text(rating_text(e.overall.rating, "none"))
    parts.append(Rule(title, align="left"))
    parts.append(overall_rows(e.overall, refs))
    if e.target is not None:
        parts.extend(target_rows(e.target))
    for note in r.notes:
        parts.append(Text(note, style="dim"))
    parts.append(refs.legend())
    return Group(*parts)
