"""The check table: counts first, then every departure in the order found, however many
(they are held in a spooled file, not in memory, past 1 MB)."""

from __future__ import annotations

import io

from cqc_rate.core.check import Check, CheckedFile
from cqc_rate.render.check import CheckTable


def _check(i: int, verdict: str) -> Check:
    return Check("f.json", f"1-{i}", f"Home {i}", "current", 2, None, None, "Good",
                 "requires improvement" if verdict == "departs" else "good", verdict,
                 "2 requires improvement: requires improvement")


def test_many_departures_all_come_after_the_counts_in_order():
    # 12,000 files of one agreeing and one departing check: 24,000 at level 2, 12,000 of each;
    # each departure's two lines are ~100 characters, so ~1.2 MB of them: past the spool's 1 MB.
    out = io.StringIO()
    table = CheckTable(out)
    table.start(True)
    for i in range(12_000):
        table.item(CheckedFile("f.json", (_check(i, "agrees"), _check(i, "departs")), ()))
    table.finish()
    lines = out.getvalue().splitlines()
    assert lines[1].split() == ["2", "12000", "0", "12000", "0", "24000"]
    assert lines[2].split() == ["all", "12000", "0", "12000", "0", "24000"]
    assert lines[4] == "departures (12000):"
    heads = [line for line in lines[5:] if not line.startswith("  ")]
    assert heads[0].startswith("1-0 Home 0 · current · level 2") and heads[-1].startswith("1-11999 Home 11999 ")
    assert [h.split()[0] for h in heads] == [f"1-{i}" for i in range(12_000)]


def test_no_departures():
    out = io.StringIO()
    table = CheckTable(out)
    table.item(CheckedFile("f.json", (_check(1, "agrees"),), ()))
    table.finish()
    assert out.getvalue().splitlines()[-1] == "no departures"
