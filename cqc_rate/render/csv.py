"""CSV renderer: one row per result, for spreadsheets and batch jobs.

Columns: file, name, type, then each key question's published score and
rating (safe_score, safe_rating, ... well_led_score, well_led_rating), then
overall_rating. The header is written even when no file was valid. Rows are
built from ``result.to_dict()`` (the JSON contract), so every kind of result
has a row: a value a kind does not have (a non-rated service's ratings, a
local authority's key questions) is an empty cell, as is a withheld rating.
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

from ..terms import KEY_QUESTIONS

COLUMNS = ["file", "name", "type",
           *(f"{kq}_{what}" for kq in KEY_QUESTIONS for what in ("score", "rating")),
           "overall_rating"]


def row(result: Any) -> list[object]:
    data = result.to_dict()
    subject = data.get("service") or data.get("location") or {}
    kqs = data.get("key_questions") or subject.get("key_questions") or {}
    overall = data.get("overall") or subject.get("overall") or {}
    cells: list[object] = [data.get("file"), subject.get("name"), subject.get("type")]
    for kq in KEY_QUESTIONS:
        entry = kqs.get(kq) or {}
        cells += [entry.get("score"), entry.get("rating")]
    cells.append(overall.get("rating"))
    return ["" if c is None else c for c in cells]


class CsvRenderer:
    def __init__(self, out: TextIO, **_: Any) -> None:
        self.writer = csv.writer(out, lineterminator="\n")

    def start(self, many: bool) -> None:
        self.writer.writerow(COLUMNS)

    def item(self, result: Any) -> None:
        self.writer.writerow(row(result))

    def finish(self) -> None:
        pass
