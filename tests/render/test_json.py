"""JSON output (cqc_rate/render/json.py)."""

from __future__ import annotations

from ..conftest import SAMPLES


def test_mixed_batch_streams_every_kind(cli):
    run = cli("score", SAMPLES / "care-home.yaml", SAMPLES / "dental-practice.yaml",
              SAMPLES / "local-authority-good.yaml", "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert [r["kind"] for r in run.json()] == ["service", "not-rated", "local-authority"]
