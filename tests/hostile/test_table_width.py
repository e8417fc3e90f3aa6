"""Class 6 (issue 17): a table's width is clamped to MIN_WIDTH..MAX_WIDTH.

COLUMNS=10000000 took 107 s and 1.9 GB; at COLUMNS <= 20 cells were dropped in
silence. Narrower than MIN_WIDTH (64: the 25-100 scale and the rating columns
fit), a table is drawn at MIN_WIDTH; wider than MAX_WIDTH (400), at MAX_WIDTH."""

from __future__ import annotations

import pytest

from cqc_rate.render.table.common import MAX_WIDTH, MIN_WIDTH, clamp_width

from ..conftest import SAMPLES, run_cli

CARE_HOME = SAMPLES / "care-home.yaml"
# care-home.yaml's ratings, from its worked example (tests/test_samples.py).
RATINGS = {"Safe": "good", "Effective": "good", "Caring": "good", "Responsive": "good",
           "Well-led": "requires improvement"}


@pytest.mark.parametrize("asked, used", [(10, MIN_WIDTH), (20, MIN_WIDTH), (MIN_WIDTH, MIN_WIDTH), (120, 120),
                                         (MAX_WIDTH, MAX_WIDTH), (10_000_000, MAX_WIDTH)])
def test_clamp_width(asked, used):
    assert clamp_width(asked) == used


@pytest.mark.parametrize("columns, used", [("10000000", MAX_WIDTH), ("20", MIN_WIDTH), ("0", MIN_WIDTH),
                                           ("99999999999999999999", MAX_WIDTH)])
def test_columns_from_the_environment_are_clamped(monkeypatch, columns, used):
    monkeypatch.setenv("COLUMNS", columns)
    assert clamp_width(None) == used


@pytest.mark.parametrize("width", ["10", "20", "10000000"])
def test_no_cell_is_dropped_at_any_width(width):
    run = run_cli("score", CARE_HOME, "--width", width)
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert max(len(line) for line in lines) <= MAX_WIDTH
    for kq, rating in RATINGS.items():
        [row] = [line for line in lines if line.startswith(kq + " ")]
        assert row.split()[1:1 + len(rating.split())] == rating.split()
        assert "…" not in row  # the scale is whole: nothing cut off the end


@pytest.mark.parametrize("cell", [14, 20, 25])
def test_a_scale_in_a_cell_narrower_than_it_asks_is_drawn_whole(cell):
    # Rich versions share a narrow table's columns out differently (13 gives the label
    # column one more character than 15 does), so a scale may get less than SCALE_MIN + 2:
    # it is drawn within its cell, both ends showing, never cut off with an ellipsis.
    import io

    from rich.console import Console

    from cqc_rate.render.table.common import SCALE_MIN, Scale

    assert cell < SCALE_MIN + 2
    out = io.StringIO()  # no encoding of its own: Rich writes UTF-8, so the box characters
    Console(width=cell, file=out, color_system=None).print(Scale(66))
    [line] = out.getvalue().splitlines()
    assert len(line) == cell  # 1 end + (cell - 2) cells + 1 end
    assert line[0] == "├" and line[-1] == "┤" and "…" not in line
