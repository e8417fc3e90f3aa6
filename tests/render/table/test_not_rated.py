"""The score table of a service CQC does not rate (through the CLI, width pinned by the
`cli` fixture)."""

from __future__ import annotations

from ...conftest import SAMPLES


def test_not_rated_table_shows_what_caused_each_not_met(cli):
    run = cli("score", SAMPLES / "dental-practice.yaml")
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()

    def row(start: str) -> str:
        return next(line for line in lines if line.startswith("│ " + start))

    assert "not all regulations met" in row("Safe ")
    assert "not met:" in row("Safe ")
    assert "not all regulations met" in row("  Infection prevention and control")
    assert "not met: processes" in row("  Infection prevention and control")
    assert "regulations met" in row("    observation")
    assert "none" in row("Responsive") and "no statements judged" in row("Responsive")
    assert "Overall none" in run.stdout
    assert "no legal power to rate primary dental services" in run.stdout
    assert "%" not in run.stdout  # no percentages, scores or ratings anywhere
