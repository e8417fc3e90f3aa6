"""The score table of a service CQC does not rate (through the CLI, width pinned by the
`cli` fixture)."""

from __future__ import annotations

from ...conftest import SAMPLES


def test_not_rated_table_shows_what_caused_each_not_met(cli):
    run = cli("score", SAMPLES / "dental-practice.yaml")
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()

    def row(start: str) -> str:
        return next(line for line in lines if line.startswith(start))

    # the headline: each key question's judgement, what caused a "not met", by name
    assert row("Safe ").split(None, 1)[1] == "not all regulations met not met: Infection prevention and control"
    assert "none" in row("Responsive") and "no statements judged" in row("Responsive")
    assert " ".join(row("Overall").split()).startswith("Overall not rated")  # padding is Rich's
    assert lines.index(row("Overall")) < 12
    # the workings: statements and evidence categories by name
    assert "not all regulations met  not met: Processes" in row("  Infection prevention and control")
    assert "regulations met" in row("    Observation")
    assert "regulations met" in row("    Feedback from staff and leaders")
    assert "no legal power to rate primary dental services" in run.stdout
    assert "%" not in run.stdout  # no percentages, scores or ratings anywhere
