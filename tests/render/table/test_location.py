"""The location table (cqc_rate.render.table.location)."""

from __future__ import annotations

from rich.console import Console

from cqc_rate.core.location import aggregate_location
from cqc_rate.inputs.location import LocationFile
from cqc_rate.method import method_in_force as methodology
from cqc_rate.render.table import draw


def render(data) -> str:
    result = aggregate_location("t.yaml", LocationFile.model_validate(data), {}, methodology())
    console = Console(width=200, record=True, file=open("/dev/null", "w"), color_system=None)  # noqa: SIM115
    console.print(draw(result))
    console.file.close()
    return console.export_text()


def test_services_rows_and_location_row():
    out = render({"location": {"name": "H", "type": "independent-hospital"},
                  "services": [{"name": "Surgery", "ratings": {"safe": "good"}},
                               {"name": "Tiny", "ratings": {"safe": "inadequate"}, "significantly_small": True}]})
    assert "Surgery" in out and "not rated" in out
    assert "Tiny (left out)" in out
    assert "Left out of aggregation (significantly small): Tiny" in out
    assert "Location" in out and "1 good (1 rating); no other principle applies: good (a reading)" in out
    assert "no counted service has a rating for effective" in out


def test_non_acute_trust_shows_the_trust_only():
    out = render({"location": {"name": "T", "type": "nhs-trust-non-acute"},
                  "trust": {"scores": {"well-led": {27: 3}}},
                  "overrides": [{"target": "trust", "rating": "good", "rationale": "Moderated."}]})
    assert "How each aggregated rating" not in out
    flat = " ".join(out.split())
    assert "Trust rating good — moderated from none: Moderated.; computed: no trust rating" in flat
    assert "all 8 trust-level well-led statements need a score; 7 not scored" in flat
