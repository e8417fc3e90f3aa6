"""The shipped samples for local authorities and non-rated services score as
worked out by hand in their comments."""

from __future__ import annotations

from .conftest import SAMPLES


def test_dental_practice_one_breach(cli):
    data = cli("score", SAMPLES / "dental-practice.yaml", "--format", "json").json()
    kqs = data["key_questions"]
    # One category not met (processes, infection prevention and control) -> that statement and safe.
    assert kqs["safe"]["judgement"] == "not all regulations met"
    assert kqs["safe"]["caused_by"] == ["infection-prevention-and-control"]
    ipc = next(s for s in kqs["safe"]["statements"] if s["id"] == "infection-prevention-and-control")
    assert ipc["caused_by"] == ["processes"]
    assert [kqs[k]["judgement"] for k in ("effective", "caring", "responsive", "well_led")] == [
        "regulations met", "regulations met", None, "regulations met"]
    assert data["overall"]["rating"] is None


def test_local_authority_good(cli):
    # 3+3+2 + 3+3 + 3+3 + 3+3 = 26; 2600/36 = 72.2 -> 72 -> good; 2 x 72 = 144 < 150: lower half.
    o = cli("score", SAMPLES / "local-authority-good.yaml", "--format", "json").json()["overall"]
    assert (o["total"], o["maximum"], o["percentage"], o["score"], o["rating"]) == (26, 36, 72.2, 72, "good")
    assert o["position"]["half"] == "lower"


def test_local_authority_band_edge(cli):
    # 23/36 = 63.9 -> 64 -> good, one statement point above requires improvement (22/36 -> 61).
    o = cli("score", SAMPLES / "local-authority-band-edge.yaml", "--format", "json").json()["overall"]
    assert (o["total"], o["percentage"], o["score"], o["rating"]) == (23, 63.9, 64, "good")
    assert o["position"]["statement_points"]["to_lower_band"] == 1
