"""CSV problems said once, at the cell that holds them (review findings): a bad rating at its
rating cell, no false "no rows" or "no type" beside the real problem, blank rows before the
header skipped, and the row limit counting rows after the header."""

from __future__ import annotations

import pytest

from cqc_rate.inputs import spreadsheet
from cqc_rate.problems import InputError


def _lines(run) -> list[str]:
    return run.stderr.strip().splitlines()


def test_a_bad_rating_is_located_at_its_rating_cell(cli, write):
    path = write("r.csv", """
        service,type,key_question,statement,score,rating,source,date
        A,care home,safe,Learning culture,2,,,2025-04-08
        A,,responsive,,,goood,,
    """)
    run = cli("validate", path)
    assert run.exit_code == 2
    # Row 3, column 6 (rating), not column 3 (key_question).
    assert [line.split(": ", 1)[0] for line in _lines(run)] == [f"{path}:3:6"]


def test_a_row_naming_no_service_is_the_one_problem(cli, write):
    path = write("e.csv", """
        service,type,key_question,statement,score
        ,care home,safe,Learning culture,2
    """)
    run = cli("validate", path)
    assert run.exit_code == 2
    assert _lines(run) == [f"{path}:2:1: no service named: every row names its service"]


def test_a_formula_is_the_one_problem_of_its_row(cli, write):
    # The type is on the refused row: no "no type for service" beside the formula.
    path = write("f.csv", """
        service,type,statement,score,date
        A,care home,Learning culture,=9,2025-04-08
        A,,Safeguarding,3,
    """)
    run = cli("validate", path)
    assert run.exit_code == 2
    lines = _lines(run)
    assert len(lines) == 1 and lines[0].startswith(f"{path}:2:4: '=9' looks like a spreadsheet formula")


def test_blank_rows_before_the_header_are_skipped(cli, write):
    path = write("b.csv", "\n\nservice,type,key_question,statement,score\nA,gp,safe,Learning culture,3\n")
    run = cli("validate", path)
    assert (run.exit_code, run.stdout) == (0, f"{path}: ok (service)\n")


def test_the_row_limit_counts_the_rows_after_the_header(monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 3)
    head = "service,type,key_question,statement,score\n"
    row = "A,gp,safe,Learning culture,3\n"
    assert len(spreadsheet._rows("x.csv", head + row * 3)) == 4  # the header and 3 rows: allowed
    with pytest.raises(InputError) as refused:
        spreadsheet._rows("x.csv", head + row * 4)
    [problem] = refused.value.problems
    assert (problem.line, problem.message) == (5, "more than 3 rows after the header: refused")
