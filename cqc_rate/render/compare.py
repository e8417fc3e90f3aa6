"""Renderers for `cqc-rate compare`: one Comparison (core/compare.py) as a table, JSON or CSV.

Registered in cqc_rate.render.FORMATS as compare-table, compare-json and compare-csv.
"""

from __future__ import annotations

import csv
from typing import Any, TextIO, cast

from ..core.compare import (
    ADDED,
    DOWN,
    NONE,
    RATED,
    REMOVED,
    SAME,
    UP,
    WITHHELD,
    Comparison,
    RatingChange,
    Reading,
)
from ..safe_text import ascii_json, csv_cell, safe
from ..terms import KEY_QUESTION_NAMES, rating_value
from .json import encode_json

COLUMNS = ("before_file", "after_file", "level", "service", "key_question", "percentage_before",
           "percentage_after", "score_before", "score_after", "rating_before", "rating_after", "points",
           "direction", "rating_change", "dropped", "movement")
WORD = len("improvement")  # the longest word of a rating


def rating_words(r: RatingChange) -> str:
    """The rating's change in words: still good, up to outstanding, withheld, ..."""
    after = rating_value(r.after.rating) if r.after is not None else None
    change = r.rating_change
    if change == SAME:
        return f"still {after}"
    if change in (UP, DOWN):
        return f"{change} to {after}"
    if change == RATED:
        return f"now rated {after}"
    if change == WITHHELD:
        return "withheld (no rating now)"
    if change == NONE:
        return "no rating"
    return {ADDED: "only in AFTER", REMOVED: "only in BEFORE"}[change]


def reading_text(r: Reading | None) -> str:
    if r is None:
        return "—"
    parts = [f"{r.percentage:.1f}%" if r.percentage is not None else "",
             str(r.score) if r.score is not None else "", r.rating.value if r.rating is not None else "none",
             "(limited)" if r.basis == "limiter" else ""]
    return " ".join(p for p in parts if p)


def _group(r: RatingChange) -> str | None:
    """The heading a location's rows go under: Location, Trust, or the service's name."""
    if r.place.service is not None:
        return r.place.service
    return {3: "Location", 4: "Location", 5: "Trust"}.get(r.place.level or 0)


def points_text(points: int | None) -> str:
    return "" if points is None else f"{points:+d}" if points else "0"


def _source(source: str | None) -> str:
    return f" ({source})" if source else ""


class CompareTable:
    """For a person: a heading, one row per rating, then the statements that changed."""

    def __init__(self, out: TextIO, width: int | None = None, **_: Any) -> None:
        from .table.common import PlainOut, TableConsole

        self.console = TableConsole(file=cast(TextIO, PlainOut(out)), width=width, highlight=False, soft_wrap=False)

    def start(self, many: bool) -> None:
        pass

    def item(self, c: Comparison) -> None:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        print_ = self.console.print
        print_(Text(safe(c.name), style="bold"))
        print_(Text(safe(f"{c.type_name} · before {c.before_file} · after {c.after_file}"), style="dim"))
        if c.settings:
            print_(Text(safe("what if: AFTER with " + ", ".join(f"--set {s.text}" for s in c.settings)
                             + " (not in the file)"), style="bold yellow"))
        for note in c.notes:
            print_(Text(safe(f"! {note}"), style="yellow"))
        # Words are never cut: the narrow columns hold "improvement" and "outstanding" (11
        # letters); the movement within the band goes under the rating, in the one wide column.
        grid = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=True, padding=(0, 1, 0, 0))
        grouped = any(_group(r) for r in c.ratings)  # a location's rows are indented under headings
        grid.add_column("", overflow="fold", width=len("  Responsive" if grouped else "Responsive"))
        reading = WORD + 2 if self.console.width >= 80 else WORD  # "65.6% 66 good", or "good" below
        grid.add_column("Before", overflow="fold", width=reading)
        grid.add_column("After", overflow="fold", width=reading)
        grid.add_column("Points", no_wrap=True, width=len("+11 down"))
        grid.add_column("Rating", overflow="fold", min_width=WORD, ratio=1)  # and the movement in the band
        group: str | None = None
        for r in c.ratings:
            if _group(r) != group:  # a location: its levels, then each service, each under a heading
                group = _group(r)
                if group is not None:
                    grid.add_row(Text(safe(group), style="bold"))
            what = KEY_QUESTION_NAMES[r.place.key_question] if r.place.key_question else "Overall"
            words = Text(rating_words(r), style="bold red" if r.dropped else "")
            if r.movement:
                words.append("\n" + r.movement, style="dim")
            grid.add_row(("  " if group else "") + what, reading_text(r.before), reading_text(r.after),
                         " ".join(x for x in (points_text(r.points), r.direction) if x), words)
        print_(grid)
        if not c.statements:
            print_("No statement's score or source changed.")
        else:
            print_(f"Statements changed ({len(c.statements)}):")
            for s in c.statements:
                where = s.place.label
                before = "none" if s.score_before is None else f"{s.score_before}{_source(s.source_before)}"
                after = "none" if s.score_after is None else f"{s.score_after}{_source(s.source_after)}"
                print_(safe(f"  {where}: {s.statement.name} {before} → {after}"))
        if c.drops:
            print_(Text(f"{len(c.drops)} rating{'s' if len(c.drops) != 1 else ''} went down: "
                        + ", ".join(safe(r.place.label) for r in c.drops), style="bold red"))

    def finish(self) -> None:
        pass


class CompareJson:
    def __init__(self, out: TextIO, **_: Any) -> None:
        self.out = out

    def start(self, many: bool) -> None:
        pass

    def item(self, c: Comparison) -> None:
        self.out.write(ascii_json(encode_json(c.to_dict(), pretty=True), getattr(self.out, "encoding", None)) + "\n")

    def finish(self) -> None:
        pass


class CompareCsv:
    """One row per rating compared (the statements are in the table and JSON)."""

    def __init__(self, out: TextIO, **_: Any) -> None:
        self.writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")

    def start(self, many: bool) -> None:
        self.writer.writeheader()

    def item(self, c: Comparison) -> None:
        for r in c.ratings:
            b, a = r.before, r.after
            row: dict[str, object] = {
                "before_file": c.before_file, "after_file": c.after_file, "level": r.place.level,
                "service": r.place.service, "key_question": r.place.key_question or "overall",
                "percentage_before": b.percentage if b else None, "percentage_after": a.percentage if a else None,
                "score_before": b.score if b else None, "score_after": a.score if a else None,
                "rating_before": rating_value(b.rating) if b else None,
                "rating_after": rating_value(a.rating) if a else None,
                "points": r.points, "direction": r.direction, "rating_change": r.rating_change,
                "dropped": "true" if r.dropped else "false", "movement": r.movement,
            }
            self.writer.writerow({k: csv_cell(v) for k, v in row.items()})

    def finish(self) -> None:
        pass
