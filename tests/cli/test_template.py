"""`cqc-rate template`: starter files that validate as printed, and score once filled in."""

from __future__ import annotations

import re

import pytest
import yaml

import cqc_rate
from cqc_rate.templates import render_template

STATEMENT = re.compile(r"^(\s+)# ([a-z-]+):( met)?  # (\d+) ", re.MULTILINE)


def _fill(text: str, value: str) -> str:
    """Uncomment every statement line (theme headers too, for a local authority) with `value`."""
    text = re.sub(r"^  # ([a-z-]+):(\s+# )", r"  \1:\2", text, flags=re.MULTILINE)  # theme keys
    return STATEMENT.sub(lambda m: f"{m.group(1)}{m.group(2)}: {value}  # {m.group(4)} ", text)


def test_care_home_validates_as_printed_and_lists_the_33_service_level_statements(cli, tmp_path):
    run = cli("template", "care home")
    assert run.exit_code == 0
    assert run.stdout.startswith("# yaml-language-server: $schema=assessment.schema.json\n")
    ids = [int(m.group(4)) for m in STATEMENT.finditer(run.stdout)]
    # 34 statements less environmental sustainability (assessed at trust level only).
    trust_only = [s.api_id for s in cqc_rate.method.base_catalogue().statements if not s.service_level]
    assert len(ids) == 33 and sorted(ids + trust_only) == list(range(1, 35))
    assert "# 1 Learning culture" in run.stdout
    path = tmp_path / "care-home.yaml"
    path.write_text(run.stdout, encoding="utf-8")
    assert cli("validate", path).exit_code == 0


def test_care_home_filled_with_3s_scores():
    data = yaml.safe_load(_fill(render_template("care home"), "3"))
    result = cqc_rate.score(data).to_dict()
    # Every statement 3: safe 8 x 3 = 24/32, effective 18/24, caring 15/20, responsive 21/28,
    # well-led 7 service-level statements 21/28: each 75.0% -> 75 -> good; overall good.
    for kq in result["key_questions"].values():
        assert (kq["percentage"], kq["score"], kq["rating"]) == (75.0, 75, "good")
    assert result["overall"]["rating"] == "good"


def test_local_authority_nine_statements_by_theme_validate_and_score():
    text = render_template("local-authority")
    assert cqc_rate.validate(yaml.safe_load(text)) == []
    assert "# working-with-people:" in text and "history" not in text
    data = yaml.safe_load(_fill(text, "3"))
    # 9 x 3 = 27/36 = 75.0% -> 75 -> good.
    overall = cqc_rate.score(data).to_dict()["overall"]
    assert (overall["percentage"], overall["rating"]) == (75.0, "good")


def test_non_rated_type_gets_the_judgement_form():
    text = render_template("dentist")
    assert "judgements:" in text and "scores:" not in text
    assert cqc_rate.validate(yaml.safe_load(text)) == []
    data = yaml.safe_load(_fill(text, "met"))
    result = cqc_rate.score(data).to_dict()
    assert {kq["judgement"] for kq in result["key_questions"].values()} == {"regulations met"}


@pytest.mark.parametrize("kind", ["independent-hospital", "nhs-trust-acute", "nhs-trust-non-acute"])
def test_location_files_validate_as_printed(kind):
    text = render_template(kind, location=True)
    assert text.startswith("# yaml-language-server: $schema=location.schema.json\n")
    assert cqc_rate.validate(yaml.safe_load(text)) == []


def test_trust_location_filled_in_aggregates_level_5():
    data = yaml.safe_load(_fill(render_template("nhs-trust-non-acute", location=True), "3"))
    # The 8 trust-level well-led statements at 3: 24/32 = 75.0% -> 75 -> good.
    assert cqc_rate.aggregate(data).to_dict()["trust"]["rating"] == "good"


def test_output_file_is_never_overwritten_without_force(cli, tmp_path):
    path = tmp_path / "new.yaml"
    assert cli("template", "gp", "-o", path).exit_code == 0
    assert "type: gp" in path.read_text(encoding="utf-8")
    path.write_text("mine\n", encoding="utf-8")
    run = cli("template", "gp", "-o", path)
    assert run.exit_code == 2 and "--force" in run.stderr
    assert path.read_text(encoding="utf-8") == "mine\n"
    assert cli("template", "gp", "-o", path, "--force").exit_code == 0
    assert "type: gp" in path.read_text(encoding="utf-8")


def test_unknown_type_and_location_for_a_type_without_one_are_usage_errors(cli):
    run = cli("template", "care hom")
    assert run.exit_code == 2 and "did you mean 'adult-social-care'" in run.stderr
    run = cli("template", "gp", "--location")
    assert run.exit_code == 2 and "no location ratings" in run.stderr
