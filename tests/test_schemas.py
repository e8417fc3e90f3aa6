"""JSON Schema of the input formats (cqc_rate/schemas.py), and the committed copy samples point to."""

from __future__ import annotations

import json
import re

import pytest

from cqc_rate import schemas
from cqc_rate.inputs.service import ServiceAssessment

from .conftest import ROOT, SAMPLES

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)


def test_committed_schemas_are_the_generated_ones() -> None:
    # Every format whose models exist in this version has its schema committed under schemas/.
    available = [name for name, entry in schemas.SCHEMAS.items() if entry.models()]
    assert "assessment" in available
    for name in available:
        path = ROOT / "schemas" / f"{name}.schema.json"
        assert path.exists() and path.read_text(encoding="utf-8") == schemas.dumps(name), (
            f"schemas/{name}.schema.json is missing or out of date: regenerate it with\n"
            f"  .venv/bin/cqc-rate schema {name} > schemas/{name}.schema.json")


def test_assessment_schema_is_draft_2020_12_with_title_and_description() -> None:
    schema = schemas.schema("assessment")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "cqc-rate assessment file"
    assert schema["description"]


def test_assessment_schema_lists_the_model_keys_and_forbids_others() -> None:
    schema = schemas.schema("assessment")
    body = schema if "properties" in schema else schema["$defs"][ServiceAssessment.__name__]
    assert set(body["properties"]) == {f.alias or n for n, f in ServiceAssessment.model_fields.items()}
    assert body["additionalProperties"] is False
    assert body["required"] == ["service"]


def test_several_models_are_combined_with_any_of(monkeypatch) -> None:
    from cqc_rate.inputs.common import AssessmentInfo, Service

    monkeypatch.setitem(schemas.SCHEMAS, "assessment",
                        schemas.SchemaEntry("t", "d", lambda: [Service, AssessmentInfo]))
    schema = schemas.schema("assessment")
    assert schema["anyOf"] == [{"$ref": "#/$defs/Service"}, {"$ref": "#/$defs/AssessmentInfo"}]
    assert set(schema["$defs"]) >= {"Service", "AssessmentInfo"}
    assert (schema["title"], schema["description"]) == ("t", "d")


def test_the_schemas_cover_every_kind_of_the_registry() -> None:
    from cqc_rate.kinds import KINDS

    covered = [m for entry in schemas.SCHEMAS.values() for m in entry.models()]
    assert covered == [kind.input_model() for kind in KINDS]


def test_unavailable_schema_is_a_clean_error(cli, monkeypatch) -> None:
    monkeypatch.setitem(schemas.SCHEMAS, "location", schemas.SchemaEntry("t", "d", lambda: []))
    run = cli("schema", "location")
    assert run.exit_code == 2
    assert run.stderr == "cqc-rate: the location file format is not available in this version of cqc-rate\n"


def test_schema_command_prints_json(cli) -> None:
    run = cli("schema")
    assert run.exit_code == 0
    assert run.json() == schemas.schema("assessment")


def test_unknown_schema_name(cli) -> None:
    run = cli("schema", "hospital")
    assert run.exit_code == 2
    assert run.stderr == "cqc-rate: unknown schema 'hospital': expected assessment or location\n"


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_samples_carry_the_modeline_to_the_committed_schema(sample) -> None:
    found = MODELINE.search(sample.read_text(encoding="utf-8"))
    assert found, f"{sample.name} has no yaml-language-server modeline"
    target = (sample.parent / found.group(1)).resolve()
    assert target.exists(), f"{sample.name} points to {found.group(1)}, which does not exist"
    assert json.loads(target.read_text(encoding="utf-8"))["$schema"].endswith("2020-12/schema")


def test_statement_slugs_are_listed_for_completion() -> None:
    # Editors complete statement slugs under scores.<key question>; names and API ids stay allowed.
    from cqc_rate.method import base_catalogue as catalogue

    schema = schemas.schema("assessment")
    body = schema if "properties" in schema else schema["$defs"][ServiceAssessment.__name__]
    for key in ("scores", "existing_scores"):
        ref = next(b["$ref"] for b in body["properties"][key]["anyOf"] if "$ref" in b)
        model = schema["$defs"][ref.rsplit("/", 1)[1]]
        caring = next(b for b in model["properties"]["caring"]["anyOf"] if b.get("type") == "object")
        assert list(caring["properties"]) == [s.slug for s in catalogue().statements_of("caring")]
        kindness = caring["properties"]["kindness-compassion-and-dignity"]
        assert kindness["description"] == "15. Kindness, compassion and dignity"
        assert caring["additionalProperties"]  # other spellings are not refused by the schema
