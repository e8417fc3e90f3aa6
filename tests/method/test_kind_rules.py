"""The rules for local authorities and non-rated services load, quote their
sources, and every rule the code cites exists."""

from __future__ import annotations

from cqc_rate.engine import kind_of
from cqc_rate.kinds import ASSESSMENT_KINDS, KINDS
from cqc_rate.method import method_in_force


def test_rules_load_with_sources():
    rules = method_in_force()
    assert rules.local_authority.statements_required == 9
    for rule in (*rules.local_authority.rules, *rules.not_rated.rules):
        assert rule.source.strip()
    assert "weighted equally" in rules.local_authority.rule("la-equal-weighting").source
    assert "in any evidence category" in rules.not_rated.rule("not-met-in-a-category").source
    assert "no overall rating" in rules.not_rated.no_rating


def test_both_kinds_are_registered():
    assert set(ASSESSMENT_KINDS) == {"service", "local-authority", "not-rated"}
    assert kind_of({"service": {"type": "Local authority"}}) == "local-authority"
    assert kind_of({"service": {"type": "young offender institution"}}) == "not-rated"
    assert kind_of({"service": {"type": "gp"}}) == "service"


def test_every_service_type_names_a_kind_of_the_registry():
    assert {t.kind for t in method_in_force().service_types} == set(ASSESSMENT_KINDS)


def test_every_kind_has_its_module_in_every_layer():
    # Adding a kind is one module per layer and one line in cqc_rate.kinds.KINDS.
    for kind in KINDS:
        assert isinstance(kind.input_model(), type)
        assert callable(kind.layer("core").check) or kind.name == "location"
        assert kind.result_type().__module__.startswith("cqc_rate.core.")
        assert callable(kind.layer("explanations").explain)
        assert kind.explanation_type().__name__ == kind.explanation
        table = kind.layer("render.table")
        assert callable(table.score_table) and callable(table.explain_table)
