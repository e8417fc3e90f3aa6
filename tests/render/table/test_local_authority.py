"""The local authority score table (through the CLI, width pinned by the `cli` fixture)."""

from __future__ import annotations

from ...conftest import SAMPLES


def test_local_authority_table(cli):
    run = cli("score", SAMPLES / "local-authority-band-edge.yaml")
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    # 23/36 = 63.9% -> 64 -> good; one statement point down is 22/36 -> 61, requires improvement.
    assert "23/36 = 63.9% → 64" in out
    assert out.splitlines()[4].split()[:3] == ["Overall", "good", "64"]  # the headline
    assert ("good band 63–87, lower half; 24 percentage points up to outstanding (9 statement points up); "
            "2 percentage points down to requires improvement (1 statement point down)") in " ".join(out.split())
    assert "themes are not rated" in out
    for row in ("How local authorities work with people", "9/12", "75.0", "Leadership", "4/8", "50.0"):
        assert row in out


def test_local_authority_table_fewer_than_nine(cli, write):
    path = write("la.yaml", """
        service: {name: Part Council, type: local-authority}
        scores: {safeguarding: 3, assessing-needs: 2}
    """)
    run = cli("score", path)
    assert run.exit_code == 0, run.stderr
    assert "Overall no rating" in " ".join(run.stdout.split())  # padding is Rich's
    assert "2 of 9 statements scored" in run.stdout
    assert "5/8 from 2 statements (information only, not a rating)" in run.stdout
