"""`--methodology FILE` overlays and the `methodology` command."""

from __future__ import annotations

import json

from ..conftest import SAMPLES

# The good band starts at 65, not 63; requires improvement ends at 64, not 62.
BANDS_65 = """\
    bands:
      - {rating: inadequate, low: 25, high: 38, statement_score: 1}
      - {rating: requires improvement, low: 39, high: 64, statement_score: 2}
      - {rating: good, low: 65, high: 87, statement_score: 3}
      - {rating: outstanding, low: 88, high: 100, statement_score: 4}
    """

# Safe only, no 1s (no limiter): 8 statements, 32 points at most.
def _safe(scores: list[int]) -> str:
    slugs = ["learning-culture", "safe-systems-pathways-and-transitions", "safeguarding",
             "involving-people-to-manage-risks", "safe-environments", "safe-and-effective-staffing",
             "infection-prevention-and-control", "medicines-optimisation"]
    lines = "".join(f"    {s}: {v}\n" for s, v in zip(slugs, scores, strict=True))
    return f"service: {{name: Test, type: gp}}\nassessment: {{date: 2025-03-14}}\nscores:\n  safe:\n{lines}"


def _safe_kq(cli, path, *extra):
    run = cli("score", path, "--format", "json", *extra)
    assert run.exit_code == 0, run.stderr
    return run.json()["key_questions"]["safe"]


def test_acceptance_moving_the_good_band_to_65(cli, write):
    overlay = write("bands.yaml", BANDS_65)
    # 3+3+3+2+2+3+2+2 = 20 of 32 = 62.5% -> 63 (half up): good by the shipped bands (63-87),
    # requires improvement by the overlay's (39-64).
    twenty = write("twenty.yaml", _safe([3, 3, 3, 2, 2, 3, 2, 2]))
    assert _safe_kq(cli, twenty)["score"] == 63 and _safe_kq(cli, twenty)["rating"] == "good"
    got = _safe_kq(cli, twenty, "--methodology", overlay)
    assert (got["total"], got["maximum"], got["percentage"], got["score"]) == (20, 32, 62.5, 63)
    assert got["rating"] == "requires improvement"
    # 3+3+3+2+3+3+2+2 = 21 of 32 = 65.625% -> 65.6, 66: good either way.
    twenty_one = write("twenty-one.yaml", _safe([3, 3, 3, 2, 3, 3, 2, 2]))
    got = _safe_kq(cli, twenty_one, "--methodology", overlay)
    assert (got["total"], got["percentage"], got["score"], got["rating"]) == (21, 65.6, 66, "good")


def test_results_name_the_overlay_only_when_one_is_used(cli, write):
    overlay = write("bands.yaml", BANDS_65)
    plain = cli("score", SAMPLES / "care-home.yaml", "--format", "json").json()
    laid = cli("score", SAMPLES / "care-home.yaml", "--format", "json", "--methodology", overlay).json()
    assert "methodology" not in plain
    assert laid["methodology"] == str(overlay) and laid["method"] == plain["method"] == "2024"
    assert laid["method_basis"] == plain["method_basis"]


def test_overlay_on_aggregate_and_explain(cli, write):
    overlay = write("bands.yaml", BANDS_65)
    agg = cli("aggregate", SAMPLES / "location-acute-trust.yaml", "--format", "json", "--methodology", overlay)
    assert agg.exit_code == 0, agg.stderr
    assert agg.json()["methodology"] == str(overlay)
    twenty = write("twenty.yaml", _safe([3, 3, 3, 2, 2, 3, 2, 2]))
    run = cli("explain", twenty, "--format", "json", "-k", "safe", "--methodology", overlay)
    assert run.exit_code == 0, run.stderr
    assert run.json()["key_questions"]["safe"]["rating"] == "requires improvement"


def _problems(cli, overlay) -> list[str]:
    run = cli("score", SAMPLES / "care-home.yaml", "--methodology", overlay)
    assert run.exit_code == 2 and run.stdout == ""
    return run.stderr.splitlines()


def test_bad_overlay_unknown_key_and_wrong_type_are_located(cli, write):
    overlay = write("bad.yaml", """\
        bandz: []
        limiters: 3
        """)
    assert _problems(cli, overlay) == [
        f"{overlay}:1:1: unknown key 'bandz': did you mean 'bands'? (expected extends, statement_scores, "
        "sections, bands, limiters, transfer, principle_sets, service_types, catalogue, local_authority, not_rated)",
        f"{overlay}:2:11: expected a list in limiters, got 3",
    ]


def test_bad_overlay_errors_found_after_merging_are_located_in_the_overlay(cli, write):
    overlay = write("gap.yaml", """\
        principle_sets:
          health: {name: 7}
        bands:
          - {rating: inadequate, low: 25, high: 38, statement_score: 1}
          - {rating: requires improvement, low: 39, high: 62, statement_score: 2}
          - {rating: good, low: 65, high: 87, statement_score: 3}
          - {rating: outstanding, low: 88, high: 100, statement_score: 4}
        """)
    assert _problems(cli, overlay) == [
        f"{overlay}:2:18: expected text in principle_sets.health.name, got 7",  # health's rules: the base's
        f"{overlay}:4:3: bands must be contiguous: requires improvement ends at 62, so good must start at 63, not 65",
    ]


def test_bad_overlay_extends_an_unknown_method(cli, write):
    overlay = write("x.yaml", 'extends: "2025"\n')
    assert _problems(cli, overlay) == [f"{overlay}:1:10: unknown method '2025': expected 2023 or 2024"]


def test_methodology_output_round_trips_as_an_overlay_that_changes_nothing(cli, tmp_path):
    for date, sample in (("2025-01-01", "care-home.yaml"), ("2024-12-01", "method-2023.yaml")):
        printed = cli("methodology", "--date", date)
        assert printed.exit_code == 0
        assert printed.stdout.splitlines()[4] == f"extends: '{'2024' if date > '2024-12-02' else '2023'}'"
        kept = tmp_path / f"kept-{date}.yaml"
        kept.write_text(printed.stdout, encoding="utf-8")
        bare = tmp_path / f"bare-{date}.yaml"  # without extends: layered on each file's own method
        bare.write_text("".join(line for line in printed.stdout.splitlines(True) if not line.startswith("extends:")),
                        encoding="utf-8")
        plain = cli("score", SAMPLES / sample, "--format", "json").json()
        for overlay in (kept, bare):
            laid = cli("score", SAMPLES / sample, "--format", "json", "--methodology", overlay)
            assert laid.exit_code == 0, laid.stderr
            got = laid.json()
            assert got.pop("methodology") == str(overlay)
            assert got == plain


def test_methodology_json_is_the_same_method(cli):
    as_json = cli("methodology", "--format", "json")
    assert as_json.exit_code == 0
    data = json.loads(as_json.stdout)
    assert data["extends"] == "2024" and data["statement_scores"] == "direct"
    assert [b["low"] for b in data["bands"]] == [25, 39, 63, 88]
    assert len(data["catalogue"]["quality_statements"]) == 34
    assert set(data) >= {"limiters", "transfer", "principle_sets", "service_types", "local_authority", "not_rated"}


def test_methodology_refuses_a_bad_date(cli):
    run = cli("methodology", "--date", "yesterday")
    assert run.exit_code == 2


def test_explain_json_names_the_overlay(cli, write):
    overlay = write("bands.yaml", BANDS_65)
    for sample in ("care-home.yaml", "local-authority-good.yaml", "location-acute-trust.yaml"):
        run = cli("explain", SAMPLES / sample, "--format", "json", "--methodology", overlay)
        assert run.exit_code == 0, run.stderr
        assert run.json()["methodology"] == str(overlay), sample
        assert "methodology" not in cli("explain", SAMPLES / sample, "--format", "json").json()


def test_the_scale_is_drawn_with_the_overlays_bands(cli, write):
    # The overlay's band edges are 39, 65 and 88 (the lows of its upper three bands), the
    # shipped method's 39, 63 and 88: the scale's header and legend show the bands scored with.
    overlay = write("bands.yaml", BANDS_65)
    for sample in ("care-home.yaml", "local-authority-good.yaml"):
        laid = cli("score", SAMPLES / sample, "--methodology", overlay).stdout
        plain = cli("score", SAMPLES / sample).stdout
        header = next(line for line in laid.splitlines() if line.split()[-2:] == ["88", "100"])
        assert header.split()[-5:] == ["25", "39", "65", "88", "100"], sample
        if sample == "care-home.yaml":  # the legend is the service table's
            assert "band edges at 39, 65, 88" in laid and "band edges at 39, 63, 88" in plain
        page = cli("score", SAMPLES / sample, "--format", "html", "--methodology", overlay).stdout
        assert ">65<" in page and ">63<" not in page


def test_a_band_missing_from_an_overlay_is_said_in_words(cli, write):
    overlay = write("bad.yaml", """\
        bands:
          - {rating: inadequate, low: 25, high: 38, statement_score: 1}
          - {rating: good, low: 39, high: 100, statement_score: 3}
        """)
    # The bands list starts on line 2, column 3: 2 of the 4 bands a method has.
    assert _problems(cli, overlay) == [f"{overlay}:2:3: expected at least 4 items in bands, got 2"]
