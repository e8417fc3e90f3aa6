"""`--brief`: one line per file, aligned, for a folder of many services.

    FILE  NAME  safe=good effective=good ... overall=good

Each rating is one word (``requires-improvement``), so a line splits on
whitespace; ``withheld`` where a rating was withheld. A local authority adds its
score, a location its trust rating; a service CQC does not rate gives each key
question's judgement (``met`` / ``not-met``). Lines are written at the end, so
the columns can line up; no trailing spaces.
"""

from __future__ import annotations

from typing import Any, TextIO

from ..safe_text import safe
from ..terms import KEY_QUESTIONS
from .csv import fields

_JUDGEMENT = {"regulations met": "met", "not all regulations met": "not-met"}
_KEYS = {"well_led": "well-led"}


def _word(value: object) -> str:
    return str(value).replace(" ", "-")


def cells(result: Any) -> list[str]:
    f = fields(result)
    out = [str(f["file"]), str(f["name"])]
    for kq in KEY_QUESTIONS:
        status = f.get(f"{kq}_status")
        if not status:
            continue
        if status == "not-rated":
            value = _JUDGEMENT.get(str(f.get(f"{kq}_judgement")), "none")
        else:
            value = _word(f.get(f"{kq}_rating") or status)
        out.append(f"{_KEYS.get(kq, kq)}={value}")
    if f.get("overall_status"):
        out.append(f"overall={_word(f.get('overall_rating') or f['overall_status'])}")
    if f.get("overall_score") is not None:
        out.append(f"score={f['overall_score']}")
    if f.get("trust_rating") is not None or (f.get("kind") == "location" and "trust" in str(f.get("type"))):
        out.append(f"trust={_word(f.get('trust_rating') or 'none')}")
    return out


class BriefRenderer:
    def __init__(self, out: TextIO, **_: Any) -> None:
        self.out = out
        self.rows: list[list[str]] = []

    def start(self, many: bool) -> None:
        pass

    def item(self, result: Any) -> None:
        self.rows.append([safe(cell) for cell in cells(result)])  # one line each, whatever a name holds

    def finish(self) -> None:
        # FILE and NAME padded to their longest; the key=value fields padded column by column
        widths: dict[int, int] = {}
        for row in self.rows:
            for i, cell in enumerate(row):
                widths[i] = max(widths.get(i, 0), len(cell))
        for row in self.rows:
            gaps = ["  " if i < 2 else " " for i in range(len(row))]
            line = "".join(cell.ljust(widths[i]) + gaps[i] for i, cell in enumerate(row))
            self.out.write(line.rstrip() + "\n")
