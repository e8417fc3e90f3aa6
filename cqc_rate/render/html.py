"""`--format html`: one self-contained page (inline CSS, inline SVG scales; no
network, no JavaScript) with the same content as the table: each result's
headline — key-question ratings, scores on the 25-100 scale with the method's
band edges, the overall (and trust) rating — then its workings, as the table
gives them. Every text is escaped with html.escape.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from html import escape
from typing import Any, TextIO, cast

from ..method import method_in_force as methodology
from ..method.models import Band
from ..terms import KEY_QUESTION_NAMES, KEY_QUESTIONS
from .csv import fields
from .words import bands_of, cap_top, edges, limiter_words

COLOURS = {  # one colour per rating, as in the table
    "outstanding": "#1d5fb8", "good": "#00703c", "requires improvement": "#b35c00", "inadequate": "#c1272d",
}

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:2rem auto;max-width:60rem;
padding:0 1rem;color:#1b1b1b;line-height:1.4}
h1{font-size:1.4rem}h2{font-size:1.25rem;margin:2rem 0 .2rem}p.sub{color:#555;margin:0 0 1rem}
table.head{border-collapse:collapse;width:100%}table.head th,table.head td{text-align:left;padding:.3rem .5rem;
border-bottom:1px solid #ddd;vertical-align:middle}\
table.head td.score{text-align:right;font-variant-numeric:tabular-nums}
.r{display:inline-block;padding:.05rem .5rem;border-radius:.25rem;color:#fff;font-weight:600;white-space:nowrap}
.none{color:#666}.why{color:#444;font-size:.9rem}
details{margin-top:.8rem}summary{cursor:pointer;color:#333}
pre{background:#f6f6f6;padding:.8rem;overflow-x:auto;font-size:.8rem;line-height:1.3}
svg text{font-size:9px;fill:#555;font-family:inherit}
"""
CSS += "".join(f".r-{k.replace(' ', '-')}{{background:{v}}}" for k, v in COLOURS.items())


def badge(rating: object, empty: str = "none") -> str:
    if not rating:
        return f'<span class="none">{escape(empty)}</span>'
    text = escape(str(rating))
    return f'<span class="r r-{text.replace(" ", "-")}">{text}</span>'


def scale_svg(score: int, cap_band_top: int | None = None, width: int = 300,
              bands: Sequence[Band] | None = None) -> str:
    """The 25-100 scale as inline SVG: one coloured stretch per band (the method's
    bands), the band edges numbered, the score marked, a limiter's cap shown."""
    bands = bands or methodology().bands
    low, high, _ = edges(bands)
    pad = 10
    span = width - 2 * pad

    def x(v: float) -> float:
        return pad + (v - low) * span / (high - low)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="34" role="img" '
             f'aria-label="score {score} on a scale of {low} to {high}">']
    for band in bands:
        x0, x1 = x(band.low - 0.5 if band.low > low else low), x(band.high + 0.5 if band.high < high else high)
        parts.append(f'<rect x="{x0:.1f}" y="8" width="{x1 - x0:.1f}" height="8" '
                     f'fill="{COLOURS[band.rating.value]}" opacity="0.35"/>')
        if band.low > low:
            parts.append(f'<line x1="{x0:.1f}" y1="5" x2="{x0:.1f}" y2="19" stroke="#555"/>')
            parts.append(f'<text x="{x0:.1f}" y="31" text-anchor="middle">{band.low}</text>')
    parts.append(f'<text x="{pad}" y="31" text-anchor="middle">{low}</text>')
    parts.append(f'<text x="{width - pad}" y="31" text-anchor="middle">{high}</text>')
    if cap_band_top is not None:
        cx = x(cap_band_top + 0.5)
        parts.append(f'<path d="M{cx:.1f} 3 l4 -3 h-8 z M{cx:.1f} 3 v18" stroke="#b35c00" fill="#b35c00"/>')
    sx = x(score)
    parts.append(f'<circle cx="{sx:.1f}" cy="12" r="5" fill="#1b1b1b"/>')
    parts.append("</svg>")
    return "".join(parts)


def _text_of(result: Any, width: int = 100) -> str:
    from .table import draw
    from .table.common import PlainOut, TableConsole

    buffer = io.StringIO()
    # PlainOut stands in for the stream (it forwards everything else to `buffer`):
    console = TableConsole(file=cast(TextIO, PlainOut(buffer)), width=width, color_system=None, highlight=False,
                           soft_wrap=False, force_terminal=False)
    console.print(draw(result))
    return buffer.getvalue()


def headline(result: Any) -> str:
    f = fields(result)
    rows = []
    kqs = getattr(result, "key_questions", None) or {}
    for kq in KEY_QUESTIONS:
        status = f.get(f"{kq}_status")
        if not status:
            continue
        label = escape(KEY_QUESTION_NAMES[kq])
        if status == "not-rated":
            judgement = escape(str(f.get(f"{kq}_judgement") or "none"))
            rows.append(f"<tr><th>{label}</th><td colspan=3>{judgement}</td></tr>")
            continue
        score = f.get(f"{kq}_score")
        r = kqs.get(kq)
        if score is not None:
            limiter = getattr(r, "limiter", None) if getattr(r, "basis", None) == "limiter" else None
            cell = scale_svg(int(score), cap_top(limiter, bands_of(result)),  # type: ignore[call-overload]
                             bands=bands_of(result))
            if limiter is not None:
                cell += f' <span class="why">{escape(limiter_words(limiter))}</span>'

        else:
            why = "given directly" if status == "given" else (getattr(r, "reason", None) or "")
            cell = f'<span class="why">{escape(why)}</span>'
        rows.append(f"<tr><th>{label}</th><td>{badge(f.get(f'{kq}_rating'), 'no rating')}</td>"
                    f'<td class="score">{escape(str(score if score is not None else "—"))}</td><td>{cell}</td></tr>')
    if f.get("overall_status"):
        score = f.get("overall_score")
        cell = scale_svg(int(score), bands=bands_of(result)) if score is not None else ""  # type: ignore[call-overload]
        overall: Any = getattr(result, "overall", None)  # any kind of result's overall, or none
        if hasattr(overall, "counts"):  # an aggregation: the counts and the rule, in plain words
            from .table.service import aggregation_text
            cell += f'<span class="why">{escape(aggregation_text(overall, "key question").plain)}</span>'
        elif getattr(overall, "reason", None) and not score:
            cell += f'<span class="why">{escape(str(overall.reason))}</span>'
        value = badge(f.get("overall_rating"), f.get("overall_status") or "none")  # type: ignore[arg-type]
        rows.append(f"<tr><th>Overall</th><td>{value}</td>"
                    f'<td class="score">{escape(str(score if score is not None else ""))}</td><td>{cell}</td></tr>')
    if f.get("trust_rating") is not None or getattr(result, "trust", None) is not None:
        rows.append(f"<tr><th>Trust rating</th><td>{badge(f.get('trust_rating'))}</td><td></td><td></td></tr>")
    head = '<tr><th></th><th>rating</th><th>score</th><th>scale</th></tr>'
    return f'<table class="head">{head}{"".join(rows)}</table>'


class HtmlRenderer:
    def __init__(self, out: TextIO, width: int | None = None, **_: Any) -> None:
        self.out = out
        self.width = width or 100
        self.count = 0

    def start(self, many: bool) -> None:
        self.out.write('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                       '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                       f"<title>cqc-rate</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
                       "<h1>CQC ratings</h1>\n")

    def item(self, result: Any) -> None:
        subject = getattr(result, "result", result)  # an explanation carries its result
        what = "explanation" if subject is not result else "workings"
        self.out.write(
            "<section>\n"
            f"<h2>{escape(subject.name)}</h2>\n"
            f'<p class="sub">{escape(subject.service_type.name)} · {escape(subject.file)}</p>\n'
            f"{headline(subject)}\n"
            f"<details open><summary>The {what}</summary><pre>{escape(_text_of(result, self.width))}</pre></details>\n"
            "</section>\n")
        self.count += 1

    def finish(self) -> None:
        if not self.count:
            self.out.write("<p>No valid files.</p>\n")
        self.out.write("</body>\n</html>\n")
