"""A location file's service with `ratings: {}`: contributes nothing and is listed as having none."""

from __future__ import annotations

from cqc_rate import aggregate

GOOD = {kq: "good" for kq in ("safe", "effective", "caring", "responsive", "well-led")}


def test_service_with_no_ratings_contributes_nothing_and_is_listed() -> None:
    result = aggregate({"location": {"name": "Test Hospital", "type": "independent-hospital"},
                        "services": [{"name": "Surgery", "ratings": {**GOOD, "safe": "requires improvement"}},
                                     {"name": "Diagnostics", "ratings": {}}]})
    out = result.to_dict()["location"]
    assert out["no_ratings"] == ["Diagnostics"]
    # Safe from Surgery alone: 1 RI of 1 (health 1-3 bucket) -> RI; Diagnostics is not counted.
    assert out["key_questions"]["safe"]["rating"] == "requires improvement"
    assert out["key_questions"]["safe"]["underlying"] == 1
    assert out["overall"]["rating"] == "good"  # 4 good + 1 RI of 5 (4-8 bucket)
    assert out["left_out"] == []
