"""What every table shares: the console, ratings in colour, and the explain layout.

Plain text (no ANSI codes) when the output is not a terminal or NO_COLOR is
set; Rich decides that.

Explain tables (`cqc-rate explain`) show the steps of each rating, compact
enough for one screen: one rule per rating, a grid of steps, each row ending
with §n, a reference to the section of the method the step comes from; the
sections are listed once, numbered, under the table (:class:`Sections`). The
JSON output carries every step in full with its section.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.rule import Rule
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from ...core.results import StatementResult
from ...explanations.steps import KeyQuestionExplanation, WhatIf, decimal
from ...method.models import Band
from ...safe_text import ASCII_FALLBACK, safe, unsafe_in
from ...terms import KEY_QUESTION_NAMES, Rating
from ..words import ASCII, BOX, can_draw_boxes, edges, scale_cells, short

# One colour each (outstanding is not good in bold): blue, green, amber, red.
RATING_STYLE = {
    Rating.OUTSTANDING: "bold bright_blue",
    Rating.GOOD: "green",
    Rating.REQUIRES_IMPROVEMENT: "yellow",
    Rating.INADEQUATE: "bold red",
}


def rating_text(rating: Rating | None, empty: str = "—") -> Text:
    if rating is None:
        return Text(empty, style="dim")
    return Text(rating.value, style=RATING_STYLE[rating])


def short_text(rating: Rating | None, empty: str = "—") -> Text:
    """The rating in its short form (RI for requires improvement), coloured."""
    if rating is None:
        return Text(empty, style="dim")
    return Text(short(rating), style=RATING_STYLE[rating])


class TableConsole(Console):
    """The console every table is drawn on. Text from files reaches the terminal only
    through it, made safe here, once for every table: no markup is read in any text (a
    name `[link=...]` is a name) and every control, bidirectional and invisible
    character is shown escaped (cqc_rate.safe_text.safe), styles kept."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        kwargs["width"] = clamp_width(kwargs.get("width"))
        super().__init__(*args, **kwargs)

    def render(self, renderable: Any, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        if isinstance(renderable, str):
            renderable = self.render_str(renderable, markup=False, highlight=False)
        if isinstance(renderable, Text) and unsafe_in(renderable.plain, lines=True):
            renderable = self._safe(renderable)
        return super().render(renderable, options)

    def _safe(self, text: Text) -> Text:
        out = Text(justify=text.justify, overflow=text.overflow, no_wrap=text.no_wrap, end=text.end,
                   tab_size=text.tab_size)
        for segment in text.render(self, end=""):
            out.append(safe(segment.text, lines=True), segment.style)
        return out

    def on_broken_pipe(self) -> None:
        # Rich would exit 1, which means "threshold not met" here; let the CLI decide.
        raise BrokenPipeError

    @property
    def ascii_only(self) -> bool:
        return bool(getattr(self.file, "ascii_only", False))


MIN_WIDTH, MAX_WIDTH = 64, 400  # a table's width, whatever COLUMNS or --width says (64: the scale fits)
DEFAULT_WIDTH = 80  # when neither says, and the output is no terminal


def clamp_width(width: int | None) -> int:
    """The width a table is drawn at: the one asked for (--width, else COLUMNS, else the
    terminal's, else 80), kept within MIN_WIDTH..MAX_WIDTH: narrower, a table cannot
    show every cell; wider, drawing costs time and memory for nothing (COLUMNS=10000000)."""
    if width is None:
        columns = os.environ.get("COLUMNS", "")
        if columns.strip().isdigit():
            width = int(columns.strip()[:9])
        else:
            try:
                width = os.get_terminal_size(1).columns
            except (OSError, ValueError):
                width = DEFAULT_WIDTH
    return max(MIN_WIDTH, min(MAX_WIDTH, width))


# Written text, whatever the console padded: no line ends with a space (ANSI codes kept).
_TRAILING = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)
_TO_ASCII = ASCII_FALLBACK


class PlainOut:
    """The stream a table is written to: trailing spaces taken off every line; where
    the stream's encoding cannot carry box characters, plain ASCII stand-ins."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self.ascii_only = not can_draw_boxes(getattr(out, "encoding", None))

    def write(self, text: str) -> int:
        text = _TRAILING.sub(r"\1", text)
        if self.ascii_only:
            enc = getattr(self._out, "encoding", None) or "ascii"
            text = text.translate(_TO_ASCII).encode(enc, "replace").decode(enc)
        return self._out.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._out, name)


SOURCE_MARK = {"updated": "u", "existing": "e", "transferred": "t"}


class Sections:
    """Numbers each section of the method the first time a step cites it."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def ref(self, *sections: str) -> Text:
        refs = []
        for section in dict.fromkeys(sections):
            refs.append(f"§{self.numbers.setdefault(section, len(self.numbers) + 1)}")
        return Text(" ".join(refs), style="dim")

    def legend(self) -> RenderableType:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(style="dim", overflow="fold")
        for section, n in self.numbers.items():
            grid.add_row(f"§{n}", section)
        return grid


def steps_grid() -> Table:
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(ratio=1, overflow="fold")
    grid.add_column(no_wrap=True, justify="right")
    return grid


def statement_text(s: StatementResult) -> str:
    if s.score is None:
        return f"{s.statement.name} —"
    mark = SOURCE_MARK.get(s.source or "", "?")
    if s.transferred_from and s.transferred_from != s.statement.key_question:
        mark += f" {KEY_QUESTION_NAMES[s.transferred_from].lower()}"
    return f"{s.statement.name} {s.score} ({mark})"


def what_if_text(w: WhatIf) -> Text:
    if not w.found or w.after is None:
        return Text(w.reason or "none", style="dim")
    verb = "raise" if w.direction == "up" else "lower"
    a = w.after
    text = Text(f"{verb} " + ", ".join(f"{c.statement.name} {c.before}→{c.after}" for c in w.changes))
    text.append(f": {a.pct.total}/{a.pct.maximum} = {a.pct.one_decimal:.1f}% → {a.pct.score} → ")
    if a.limiter is not None:
        text.append(f"{a.band.value}, limited by {a.limiter.limiter.id} → ")
    text.append_text(rating_text(a.rating))
    n = len(w.changes)
    text.append(f" ({n} statement{'s' if n != 1 else ''}, "
                f"{w.points} statement point{'s' if w.points != 1 else ''})", style="dim")
    return text


def key_question_rows(x: KeyQuestionExplanation, refs: Sections) -> Table:
    grid = steps_grid()
    section = {step.id: step.section for step in x.steps}
    if x.basis == "given":
        grid.add_row("Given", x.steps[0].text, refs.ref(section["given"]))
    else:
        shown = [statement_text(s) for s in x.statements if s.applies]
        cited = [section["statements"]] + ([section["transfer"]] if "transfer" in section else [])
        if x.rating is not None or any(s.score is not None for s in x.statements):
            grid.add_row("Statements", "; ".join(shown), refs.ref(*cited))
        for step in x.steps:
            if step.id == "method-2023":
                grid.add_row("2023", step.text, refs.ref(step.section))
    r = x.rated
    if r is not None:
        pct = r.pct
        exact = f"{decimal(pct.exact)}%"
        grid.add_row("Percentage", (
            f"{pct.total} of {pct.maximum} = {exact}, shown {pct.one_decimal:.1f}%; "
            f"rounded half up to {pct.score}" + (" (exactly half-way)" if pct.on_half else "")),
            refs.ref(section["percentage"], section["rounding"]))
        band_text = next(s.text for s in x.steps if s.id == "band")
        grid.add_row("Band", band_text, refs.ref(section["band"]))
        limiter = Text()
        if r.limiter is not None:
            hit = r.limiter
            named = ", ".join(f"{s.statement.name} {s.score}" for s in x.statements
                              if s.statement.slug in hit.statements)
            limiter.append(f"{hit.limiter.id}: {named} → ")
            limiter.append_text(rating_text(hit.limiter.cap))
        else:
            limiter.append(next(s.text for s in x.steps if s.id == "limiter"), style="dim")
        grid.add_row("Limiter", limiter, refs.ref(section["limiter"]))
    elif x.basis != "given":
        grid.add_row("No rating", x.reason or "", refs.ref(section["withheld"]))
    if x.rating is None:
        grid.add_row("Change", Text(x.up.reason or "no rating to move", style="dim"), "")
    elif x.basis == "given":
        grid.add_row("Change", what_if_text(x.up), "")
    else:
        grid.add_row("Up", what_if_text(x.up), "")
        grid.add_row("Down", what_if_text(x.down), "")
    return grid


def title_rule(label: str, rating: Rating | None, overridden: bool = False) -> Rule:
    title = Text(f"{label}: ")
    title.append_text(rating_text(rating, "none"))
    if overridden:
        title.append(" (override)")
    return Rule(title, align="left")


# ------------------------------------------------------------- the scale


class Scale:
    """One key question's score on the 25-100 scale, band edges marked (drawn from the
    method's bands), as wide as its cell; ASCII where the output cannot carry boxes.
    With `score` None, the header: the band edges' numbers over where they fall."""

    def __init__(self, score: int | None, cap_band_top: int | None = None, header: bool = False,
                 bands: Sequence[Band] | None = None) -> None:
        self.score, self.cap, self.header, self.bands = score, cap_band_top, header, bands

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(SCALE_MIN + 2, min(options.max_width, SCALE_MAX + 2))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Asked for SCALE_MIN (its measure), but drawn within whatever the cell was given:
        # Rich versions share out a narrow table's columns differently, and a scale
        # wider than its cell would be cut off with an ellipsis.
        width = max(SCALE_FLOOR, min(SCALE_MAX, options.max_width - 2))
        if self.header:
            yield Text(scale_header(width, self.bands), style="dim", no_wrap=True)
            return
        ascii_only = options.ascii_only or getattr(console, "ascii_only", False)
        chars = ASCII if ascii_only else BOX
        text = Text(chars["end_l"], style="dim", no_wrap=True)
        for kind in scale_cells(self.score or 0, self.cap, width, self.bands):
            style = {"mark": "bold", "cap": "yellow bold", "edge": "dim"}.get(kind, "dim")
            text.append(chars[kind], style=style)
        text.append(chars["end_r"], style="dim")
        yield text


SCALE_MIN, SCALE_MAX = 24, 50
SCALE_FLOOR = 12  # the narrowest scale drawn (MIN_WIDTH leaves it more than this)


def scale_header(width: int, bands: Sequence[Band] | None = None) -> str:
    """'25' at the left end, each band's lowest score over its edge, '100' at the right."""
    low, high, band_lows = edges(bands)
    line = [" "] * (width + 2)

    def put(at: int, label: str) -> None:
        at = max(0, min(len(line) - len(label), at))
        line[at:at + len(label)] = label

    put(0, str(low))
    for edge in band_lows:
        put(1 + round((edge - low) * (width - 1) / (high - low)), str(edge))
    put(width + 2 - len(str(high)), str(high))
    return "".join(line).rstrip()


def scale_legend(ascii_only: bool = False, limited: bool = False, bands: Sequence[Band] | None = None) -> Text:
    chars = ASCII if ascii_only else BOX
    _, _, band_lows = edges(bands)
    return Text(f"{chars['mark']} score   {chars['edge']} band edges at "
                + ", ".join(map(str, band_lows))
                + (f"   {chars['cap']} limited to the band ending here" if limited else ""), style="dim")
