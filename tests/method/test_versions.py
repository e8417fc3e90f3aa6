"""Method versions as dated, layered data: choosing a version, and the layering rule."""

from __future__ import annotations

import datetime

import pytest

from cqc_rate.method import UnknownMethod, method_for, method_in_force, method_named, version_ids, versions
from cqc_rate.method.layers import merge

D = datetime.date


def test_the_shipped_versions_oldest_first():
    assert version_ids() == ("2023", "2024")
    assert [(m.id, m.statement_scores) for m in versions()] == [
        ("2023", "from-evidence-categories"), ("2024", "direct")]
    assert method_named("2024").in_force_from == D(2024, 12, 2)
    assert method_named("2023").until == D(2024, 12, 2) and method_named("2024").until is None


@pytest.mark.parametrize(("date", "vid"), [
    (D(2024, 12, 1), "2023"),  # the day before 2 December 2024
    (D(2024, 12, 2), "2024"),  # the day of the change
    (D(2025, 6, 1), "2024"),
    (D(2023, 11, 21), "2023"),  # the first day of the first version
    (D(2020, 1, 1), "2023"),  # before every version: the earliest (any date is accepted)
    (None, "2024"),  # no date: the newest
])
def test_method_in_force_by_date(date, vid):
    assert method_in_force(date).id == vid


def test_a_named_method_wins_over_the_date():
    assert method_for("2023", D(2025, 1, 1)).id == "2023"
    assert method_for(None, D(2025, 1, 1)).id == "2024"


def test_a_version_by_its_id_or_its_file():
    assert method_named("saf-2023") is method_named("2023")
    with pytest.raises(UnknownMethod, match="expected 2023 or 2024"):
        method_named("2025")


def test_2024_gives_only_what_changed_and_inherits_the_rest():
    old, new = method_named("2023"), method_named("2024")
    assert old.bands == new.bands and old.limiters == new.limiters and old.catalogue == new.catalogue
    assert old.principle_sets == new.principle_sets and old.local_authority == new.local_authority
    assert new.evidence_categories_method == "2023"


def test_layering_mappings_merge_key_by_key_lists_and_scalars_replace_whole():
    base = {"a": {"x": 1, "y": [1, 2], "z": {"deep": 1, "keep": 2}}, "b": [1, 2, 3], "c": "s"}
    layer = {"a": {"y": [9], "z": {"deep": 5}}, "b": [4], "c": "t", "d": 1}
    assert merge(base, layer) == {
        "a": {"x": 1, "y": [9], "z": {"deep": 5, "keep": 2}},  # mappings: key by key, at every depth
        "b": [4],  # a list replaces the whole list
        "c": "t",  # a scalar replaces
        "d": 1,  # a new key is added
    }
    assert base["a"]["z"] == {"deep": 1, "keep": 2}  # neither side is changed
    assert merge({"a": {"x": 1}}, {"a": 3}) == {"a": 3}  # a scalar over a mapping replaces it too
