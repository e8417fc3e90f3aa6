"""Tables for a rated service: its score table (`cqc-rate score`) and its explain table."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ...core.results import Aggregation, KeyQuestionResult, ServiceResult
from ...explanations.service import OverallExplanation, ServiceExplanation
from ...terms import KEY_QUESTION_NAMES
from .common import Sections, key_question_rows, rating_text, steps_grid

# ------------------------------------------------------------------ score


def kq_basis(r: KeyQuestionResult) -> str:
    if r.basis == "given":
        return "given directly"
    if r.basis == "limiter" and r.limiter is not None:
        return f"{r.band.value if r.band else '?'} band limited by {r.limiter.limiter.id}: {', '.join(r.limiter.statements)}"
    if r.basis == "band" and r.position is not None:
        p = r.position
        nxt = f", {p.to_next_band} points to the next band" if p.to_next_band is not None else ""
        return f"band {p.low}-{p.high}, {p.half} half{nxt}"
    return r.reason or ""


def aggregation_text(agg: Aggregation) -> Text:
    text = Text()
    if agg.rating is None:
        text.append(agg.reason or "no rating", style="dim")
        return text
    counts = ", ".join(f"{n} {r}" for r, n in agg.counts.items() if n)
    rule = agg.rule
    text.append(f"{counts} ({agg.n} ratings); ")
    if rule is not None:
        text.append(f"{rule.id}{' (a reading)' if rule.reading else ''}: ", style="bold")
        text.append(rule.source)
    return text


def score_table(result: ServiceResult) -> RenderableType:
    parts: list[RenderableType] = [
        Text(f"{result.name}", style="bold"),
        Text(f"{result.service_type.name} · {result.file} · method {result.method} ({result.method_basis})", style="dim"),
    ]
    for kq, r in result.key_questions.items():
        parts.append(Text(""))
        parts.append(kq_heading(kq, r))
        for flag in r.flags:
            parts.append(Text(f"  ! {flag}", style="yellow"))
        for note in r.notes:
            parts.append(Text(f"  {note}", style="dim"))
        if r.statements:
            parts.append(statements_table(r))
    parts.append(Text(""))
    parts.append(overall_grid(result.overall, result.notes))
    return Group(*parts)


def kq_heading(kq: str, r: KeyQuestionResult) -> Text:
    text = Text(f"{KEY_QUESTION_NAMES[kq]}: ", style="bold")
    text.append_text(rating_text(r.rating, "no rating"))
    if r.total is not None:
        text.append(f"  {r.total}/{r.maximum} = {r.percentage:.1f}% → {r.score}")
    basis = kq_basis(r)
    if basis:
        text.append(f"  ({basis})", style="dim" if r.basis != "limiter" else "yellow")
    return text


def statements_table(r: KeyQuestionResult) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
    table.add_column("indent", width=1)  # so a wrapped statement name stays indented
    table.add_column("statement", width=44, overflow="fold")  # the longest names are 44
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("source", overflow="fold")
    limited = set(r.limiter.statements) if r.limiter else set()
    for s in r.statements:
        source = s.source or ("trust level only" if not s.applies else "not scored")
        if s.transferred_from:
            source += f" from {KEY_QUESTION_NAMES[s.transferred_from].lower()}"
        if s.evidence is not None:
            cats = ", ".join(f"{c} {v}" for c, v in s.evidence.categories)
            source += f"; 2023: {cats} = {s.evidence.total}/{s.evidence.maximum} = {s.evidence.percentage:g}% → {s.evidence.whole}"
        score = Text("—" if s.score is None else str(s.score), style="yellow bold" if s.statement.slug in limited else "")
        table.add_row("", Text(s.statement.name, style="" if s.score is not None else "dim"), score, Text(source, style="dim"))
    return table


def overall_grid(overall: Aggregation, notes: tuple[str, ...] = ()) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("Overall:", rating_text(overall.rating, "no rating"))
    grid.add_row("", aggregation_text(overall))
    for flag in overall.flags:
        grid.add_row("", Text(f"! {flag}", style="yellow"))
    for note in notes:
        grid.add_row("", Text(note, style="dim"))
    return grid


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


def explain_table(e: ServiceExplanation) -> RenderableType:
    r = e.result
    refs = Sections()
    parts: list[RenderableType] = [
        Text(f"{r.name} — {r.service_type.name} ({r.file})", style="bold"),
        Text(f"method {r.method}: {r.method_basis}. Sources: (u) updated, (e) existing, "
             "(t) transferred from the published rating", style="dim"),
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
    for note in r.notes:
        parts.append(Text(note, style="dim"))
    parts.append(refs.legend())
    return Group(*parts)
