"""What the people-facing renderers (table, brief, html) say in plain words.

Rule ids stay in JSON and in explain's references; a person reads what the rule
says. The words are derived from the method data itself — a limiter's band,
scores and cap; a principle's counts per bucket — so a change to the data
changes the words with it. The scale of a key question (25-100, band edges
marked) is drawn from the method's bands, never from literals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..core.bands import LimiterHit
from ..core.results import Aggregation
from ..method import base_catalogue as catalogue
from ..method import method_in_force as methodology
from ..method.models import Band, Count, Methodology, Rule
from ..terms import Rating

SHORT = {Rating.REQUIRES_IMPROVEMENT: "RI"}  # the only short form; say RI_LEGEND beside it
RI_LEGEND = "RI: requires improvement"


def short(rating: Rating | None, empty: str = "—") -> str:
    if rating is None:
        return empty
    return SHORT.get(rating, rating.value)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _or(values: Iterable[object]) -> str:
    texts = [str(v) for v in values]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " or " + texts[-1]


def statement_name(slug: str) -> str:
    s = catalogue().statement(slug)
    return s.name if s is not None else slug.replace("-", " ")


def category_name(slug: str) -> str:
    c = catalogue().category_by_slug.get(slug)
    return c.name if c is not None else slug.replace("-", " ")


def limiter_words(hit: LimiterHit) -> str:
    """'limited to good: a statement scored 1 or 2 (Workforce wellbeing and enablement)'."""
    lim = hit.limiter
    n = len(hit.statements)
    who = "a statement" if n == 1 else f"{n} statements"
    names = ", ".join(statement_name(s) for s in hit.statements)
    return f"limited to {lim.cap.value}: {who} scored {_or(lim.scores)} ({names})"


_NAMES = {"below_good": "below good"}


def _condition(name: str, count: Count, bucket: int) -> str | None:
    what = _NAMES.get(name, name)
    for op in ("exactly", "at_least", "at_most"):
        values = getattr(count, op)
        if values is None:
            continue
        value = values[bucket] if bucket < len(values) else None
        if value is None:
            return None
        if op == "exactly":
            return f"none {what}" if value == 0 else f"exactly {value} {what}"
        if op == "at_least":
            return f"{value} or more {what}"
        return f"none {what}" if value == 0 else f"at most {value} {what}"
    return None


def rule_words(rule: Rule, agg: Aggregation, method: Methodology | None = None) -> str:
    """'at most 1 requires improvement and none inadequate: good' — the rule that
    decided an aggregated rating, for the bucket the count fell in."""
    method = method or methodology()
    pset = method.principle_sets.get(agg.principles or "")
    bucket = 0
    if pset is not None:
        bucket = next((i for i, b in enumerate(pset.buckets) if b.label == agg.bucket), 0)
    parts = [c for name, cond in rule.when.items() if (c := _condition(name, cond, bucket))]
    # "none below good" says what "none inadequate" would add: keep the stronger one last.
    if parts:
        said = " and ".join(parts)
    else:
        said = "no other principle applies"
    reading = " (a reading)" if rule.reading else ""
    return f"{said}: {rule.rating.value}{reading}"


def counts_words(counts: dict[str, int], n: int, noun: str = "rating") -> str:
    said = ", ".join(f"{c} {r}" for r, c in counts.items() if c)
    return f"{said} ({plural(n, noun)})"


def points(n: int, what: str) -> str:
    """'22 percentage points', '1 statement point'."""
    return plural(n, f"{what} point")


# ------------------------------------------------------------------ the scale

BOX = {"line": "─", "edge": "┼", "mark": "●", "cap": "◆", "end_l": "├", "end_r": "┤"}
ASCII = {"line": "-", "edge": "|", "mark": "*", "cap": "<", "end_l": "[", "end_r": "]"}


def can_draw_boxes(encoding: str | None) -> bool:
    try:
        "".join(BOX.values()).encode(encoding or "utf-8")
        "—→·–".encode(encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def bands_of(result: object) -> tuple[Band, ...]:
    """The bands a result was scored with (an overlay's, where one was used), else the method's."""
    return getattr(result, "bands", ()) or methodology().bands


def edges(bands: Sequence[Band] | None = None) -> tuple[int, int, tuple[int, ...]]:
    """(lowest score, highest score, the lowest score of each band above the first)."""
    bands = bands or methodology().bands
    return bands[0].low, bands[-1].high, tuple(b.low for b in bands[1:])


def scale_cells(score: int, cap_band_top: int | None, width: int,
                bands: Sequence[Band] | None = None) -> list[str]:
    """The scale as cells, each 'line', 'edge', 'mark' or 'cap'.

    `cap_band_top`: where a limiter holds the rating, the top of the band it is
    limited to (marked ◆ / <)."""
    low, high, band_lows = edges(bands)
    span = high - low

    def at(value: float) -> int:
        return min(width - 1, max(0, round((value - low) * (width - 1) / span)))

    cells = ["line"] * width
    for edge in band_lows:
        cells[at(edge)] = "edge"  # at the band's lowest score
    if cap_band_top is not None:
        cells[at(cap_band_top)] = "cap"
    cells[at(score)] = "mark"
    return cells


def scale_text(score: int, cap_band_top: int | None, width: int, ascii_only: bool = False,
               bands: Sequence[Band] | None = None) -> str:
    chars = ASCII if ascii_only else BOX
    low, high, _ = edges(bands)
    body = "".join(chars[kind] for kind in scale_cells(score, cap_band_top, width, bands))
    return f"{low} {chars['end_l']}{body}{chars['end_r']} {high}"


def cap_top(hit: LimiterHit | None, bands: Sequence[Band] | None = None) -> int | None:
    if hit is None:
        return None
    band = next(b for b in (bands or methodology().bands) if b.rating is hit.limiter.cap)
    return band.high


def band_edges_legend(bands: Sequence[Band] | None = None) -> str:
    bands = bands or methodology().bands
    return "; ".join(f"{b.rating.value} {b.low}–{b.high}" for b in bands)
