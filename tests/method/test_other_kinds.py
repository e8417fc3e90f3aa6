"""The rules for local authorities and non-rated services load, quote their
sources, and every rule the code cites exists."""

from __future__ import annotations

from cqc_rate.engine import KINDS, kind_of
from cqc_rate.method import method_in_force as other_kinds


def test_rules_load_with_sources():
    rules = other_kinds()
    assert rules.local_authority.statements_required == 9
    for rule in (*rules.local_authority.rules, *rules.not_rated.rules):
        assert rule.source.strip()
    assert "weighted equally" in rules.local_authority.rule("la-equal-weighting").source
    assert "in any evidence category" in rules.not_rated.rule("not-met-in-a-category").source
    assert "no overall rating" in rules.not_rated.no_rating


def test_both_kinds_are_registered():
    assert {"local-authority", "not-rated"} <= set(KINDS)
    assert kind_of({"service": {"type": "Local authority"}}) == "local-authority"
    assert kind_of({"service": {"type": "young offender institution"}}) == "not-rated"
    assert kind_of({"service": {"type": "gp"}}) == "rated"
