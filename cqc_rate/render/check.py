"""Renderers for `cqc-rate check`: results are CheckedFile objects (core/check.py), written as
one row or object per checked rating; each file's located problems go to stderr as it comes."""

from __future__ import annotations

import csv
import shutil
import sys
import tempfile
import textwrap
from collections import Counter
from typing import Any, TextIO

from ..core.check import VERDICTS, Check
from ..safe_text import csv_cell, safe
from .json import encode_json

COLUMNS = ("location_id", "name", "rating_set", "level", "key_question", "service", "published",
           "expected", "verdict", "reason", "principle", "file")


def _problems(result: Any) -> None:
    for problem in result.problems:
        print(str(problem), file=sys.stderr)


class CheckJson:
    """One JSON array of every check, across all files."""

    def __init__(self, out: TextIO, **_: Any) -> None:
        self.out, self.count = out, 0

    def start(self, many: bool) -> None:
        self.out.write("[")

    def item(self, result: Any) -> None:
        _problems(result)
        for check in result.checks:
            text = encode_json(check.to_dict(), pretty=True).replace("\n", "\n  ")
            self.out.write(("\n  " if self.count == 0 else ",\n  ") + text)
            self.count += 1

    def finish(self) -> None:
        self.out.write("\n]\n" if self.count else "]\n")


class CheckJsonLines:
    def __init__(self, out: TextIO, **_: Any) -> None:
        self.out = out

    def start(self, many: bool) -> None:
        pass

    def item(self, result: Any) -> None:
        _problems(result)
        for check in result.checks:
            self.out.write(encode_json(check.to_dict(), pretty=False) + "\n")

    def finish(self) -> None:
        pass


class CheckCsv:
    def __init__(self, out: TextIO, **_: Any) -> None:
        self.writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")

    def start(self, many: bool) -> None:
        self.writer.writeheader()

    def item(self, result: Any) -> None:
        _problems(result)
        for check in result.checks:
            self.writer.writerow({k: csv_cell(v) for k, v in check.to_dict().items()})

    def finish(self) -> None:
        pass


class CheckTable:
    """Counts per level and verdict over every file, then the departures, in plain text.

    The departures come after the counts, which are known only at the end: each is written
    as it is found to a spooled temporary file (in memory up to 1 MB, then on disk), so 50,000
    records with 90,000 departures take no more memory than 5,000."""

    def __init__(self, out: TextIO, **_: Any) -> None:
        self.out = out
        self.counts: Counter[tuple[int, str]] = Counter()
        self.departed = 0
        self.departures = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8", newline="")
        self.width = max(40, min(shutil.get_terminal_size((80, 24)).columns, 200))

    def start(self, many: bool) -> None:
        pass

    def item(self, result: Any) -> None:
        _problems(result)
        for check in result.checks:
            self.counts[check.level, check.verdict] += 1
            if check.verdict == "departs":
                self.departed += 1
                self._departure(check)

    def _departure(self, c: Check) -> None:
        w = self.departures.write
        what = " ".join(x for x in (c.key_question or "overall", f"[{c.service}]" if c.service else "") if x)
        # The rule's id is left to JSON and CSV (`principle`); a person reads its words.
        reason = c.reason.replace(f", {c.principle}", "") if c.principle else c.reason
        w(safe(f"{c.location_id} {c.name or ''} · {c.rating_set} · level {c.level} {what}") + "\n")
        w(textwrap.fill(safe(f"published {c.published}, expected {c.expected}: {reason}"), self.width,
                        initial_indent="  ", subsequent_indent="  ", break_long_words=False,
                        break_on_hyphens=False) + "\n")

    def finish(self) -> None:
        with self.departures:
            self._write()

    def _write(self) -> None:
        w = self.out.write
        levels = sorted({level for level, _ in self.counts})
        head = ["level", *VERDICTS, "total"]
        rows = [[str(level), *(str(self.counts[level, v]) for v in VERDICTS),
                 str(sum(self.counts[level, v] for v in VERDICTS))] for level in levels]
        rows.append(["all", *(str(sum(self.counts[lv, v] for lv in levels)) for v in VERDICTS),
                     str(sum(self.counts.values()))])
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
        for row in [head, *rows]:
            w("  ".join(cell.rjust(width) if i else cell.ljust(width)
                        for i, (cell, width) in enumerate(zip(row, widths, strict=True))).rstrip() + "\n")
        if not self.departed:
            w("\nno departures\n")
            return
        w(f"\ndepartures ({self.departed}):\n")
        self.departures.seek(0)
        shutil.copyfileobj(self.departures, self.out)
